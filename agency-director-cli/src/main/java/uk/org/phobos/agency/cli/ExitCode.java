package uk.org.phobos.agency.cli;

/** The exit codes of {@code ag}, as {@code --help} and docs/cli.md list them. */
public enum ExitCode {
    OK(0),
    /** The task failed or was cancelled; also any other failure that is not one of the codes below. */
    FAILED(1),
    USAGE(2),
    UNREACHABLE(3),
    BUSY(4),
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
