package uk.org.phobos.agency.scheduler.run;

import uk.org.phobos.agency.scheduler.job.Job;

/**
 * Submits runs' tasks and follows them to their end. Both calls return at once; everything is reported
 * to the listener later, from other threads, never from the calling one.
 */
public interface RunLauncher {
    void launch(Job job, Run run, RunListener listener);

    /** Follows again a task submitted before the scheduler restarted ({@code run} is {@code tracking}). */
    void resume(Run run, RunListener listener);
}
