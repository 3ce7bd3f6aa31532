package uk.org.phobos.agency.agent.claude;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the processes of a run: SIGTERM, SIGKILL at a deadline, until a look at /proc finds
 * nothing of it running. The group is signalled as a whole (see {@link GroupSignals}); what is
 * outside it is signalled process by process, found afresh on every round. A run with nothing
 * left costs one scan of /proc and no signal.
 */
final class ProcessReaper {
    private static final Logger log = LoggerFactory.getLogger(ProcessReaper.class);
    private static final long FIRST_POLL_NANOS = Duration.ofMillis(2).toNanos();
    private static final long MAX_POLL_NANOS = Duration.ofMillis(50).toNanos();

    private final GroupSignals signals;
    private final Duration afterKill;

    ProcessReaper(GroupSignals signals, Duration afterKill) {
        this.signals = signals;
        this.afterKill = afterKill;
    }

    void signal(RunProcesses run, GroupSignals.Signal signal) {
        if (run.pgid() != 0) {
            signals.signal(run.pgid(), signal);
        }
        run.running().forEach(process -> GroupSignals.send(process, signal));
    }

    /**
     * Returns once nothing of the run runs: SIGTERM now, SIGKILL at {@code killAtNanos} (a
     * {@link System#nanoTime()} value). Returns false, having logged it, if something survived.
     */
    boolean end(RunProcesses run, long killAtNanos) {
        if (run.running().isEmpty()) {
            return true;
        }
        signal(run, GroupSignals.Signal.TERM);
        if (pollUntil(killAtNanos, run, null)) {
            return true;
        }
        signal(run, GroupSignals.Signal.KILL);
        // Whatever appears meanwhile (forked before it died) is killed on sight.
        if (pollUntil(System.nanoTime() + afterKill.toNanos(), run, GroupSignals.Signal.KILL)) {
            return true;
        }
        log.warn("Processes {} of group {} still run {} after SIGKILL", pids(run.running()), run.pgid(), afterKill);
        return false;
    }

    private boolean pollUntil(long deadlineNanos, RunProcesses run, GroupSignals.Signal onSight) {
        long pause = FIRST_POLL_NANOS;
        while (true) {
            List<ProcessHandle> running = run.running();
            if (running.isEmpty()) {
                return true;
            }
            if (onSight != null) {
                running.forEach(process -> GroupSignals.send(process, onSight));
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(pause, left) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return run.running().isEmpty();
            }
            pause = Math.min(pause * 2, MAX_POLL_NANOS);
        }
    }

    private static List<Long> pids(List<ProcessHandle> processes) {
        return processes.stream().map(ProcessHandle::pid).toList();
    }
}
