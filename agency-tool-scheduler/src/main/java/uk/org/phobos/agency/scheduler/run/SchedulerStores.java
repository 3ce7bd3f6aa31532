package uk.org.phobos.agency.scheduler.run;

import uk.org.phobos.agency.scheduler.job.ApiJobStore;

/** Where the scheduler keeps what survives a restart: API jobs, job state, run history. */
public record SchedulerStores(ApiJobStore apiJobs, JobStateStore states, RunHistoryStore histories) {}
