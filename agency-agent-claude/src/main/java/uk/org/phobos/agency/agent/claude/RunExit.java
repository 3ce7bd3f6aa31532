package uk.org.phobos.agency.agent.claude;

/**
 * How a run ended. {@code exitCode} is the process's, or {@value #KILLED} when we stopped it
 * (including a CLI stopped for not exiting after its result: {@link EndReason#EXITED} with
 * {@value #KILLED}). {@code stderrTail} holds the last {@value #STDERR_TAIL_BYTES} bytes of stderr.
 */
public record RunExit(int exitCode, EndReason endedBy, String stderrTail) {
    public static final int KILLED = -1;
    public static final int STDERR_TAIL_BYTES = 4096;

    /** Whether we stopped it after its result because it did not exit by itself. */
    public boolean stoppedAfterResult() {
        return endedBy == EndReason.EXITED && exitCode == KILLED;
    }
}
