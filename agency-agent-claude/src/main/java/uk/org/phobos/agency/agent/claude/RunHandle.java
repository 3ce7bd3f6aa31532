package uk.org.phobos.agency.agent.claude;

import java.time.Duration;
import java.util.Optional;

/** A run started by {@link ProcessLauncher}. */
public interface RunHandle {
    ProcessIdentity process();

    /**
     * Waits up to {@code timeout} for the run to end; empty if it is still running. Once it
     * returns an exit, nothing of the run is running any more (or it survived SIGKILL, which is
     * logged) and every stdout line has reached the listener.
     */
    Optional<RunExit> await(Duration timeout) throws InterruptedException;

    /**
     * Ends the whole run (its process group and whatever else carries its run id): SIGTERM,
     * then SIGKILL after the launcher's grace period.
     * Returns at once; {@link #await} reports the end with this reason. Idempotent: the first
     * reason wins, and a run that already exited by itself stays {@link EndReason#EXITED}.
     */
    void stop(EndReason reason);

    /**
     * Called once the result event was seen: if the CLI is still running after {@code grace}, it
     * is stopped (reason {@link EndReason#EXITED}, exit code {@value RunExit#KILLED}).
     */
    void exitWithin(Duration grace);
}
