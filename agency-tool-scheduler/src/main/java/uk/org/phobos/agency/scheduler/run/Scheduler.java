package uk.org.phobos.agency.scheduler.run;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.ApiError;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.scheduler.job.Job;
import uk.org.phobos.agency.scheduler.job.JobOrigin;
import uk.org.phobos.agency.scheduler.job.JobSpec;
import uk.org.phobos.agency.scheduler.job.Overlap;
import uk.org.phobos.agency.scheduler.job.SavedApiJobs;

/**
 * The owner of the jobs and their runs: which jobs exist (from the file and the API), when each fires,
 * overlap and workspace rules, misfires, and history. Time only passes through {@link #tick()} and the
 * injected clock; tasks are submitted and followed by the {@link RunLauncher}, which reports back
 * through {@link RunListener}. One lock (this object) guards everything; every change is written to
 * disk before the call that made it returns.
 */
public final class Scheduler implements RunListener {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    private static final String DOWN = "the scheduler was not running at this time";
    private static final String LATE = "the scheduler could not run it on time (was the machine asleep?)";
    private static final String NOT_LOADED =
            "the job was not loaded at this time (the scheduler was down, or the jobs file was invalid)";

    private final Clock clock;
    private final RunLauncher launcher;
    private final SchedulerStores stores;
    private final Supplier<String> runIds;
    private final TickSignal signal;
    private final Path jobsFile;
    private final FirePlanner planner = new FirePlanner();
    private final Map<String, JobSlot> slots = new TreeMap<>();
    private final Map<String, ActiveRun> active = new HashMap<>();
    private final WorkspaceLocks workspaces = new WorkspaceLocks();
    private final Deque<String> waiting = new ArrayDeque<>();
    private final Set<String> dirtyHistories = new HashSet<>();
    /** API jobs saved in jobs.json that no longer validate: not scheduled, written back as they were. */
    private final List<JobSpec> setAside = new ArrayList<>();
    /**
     * Saved state of jobs not held now, carried over on every save: file jobs while the jobs file is
     * unusable (so a broken file at start costs no job its pause or last fire time), and set-aside API jobs.
     */
    private final Map<String, JobState> dormant = new TreeMap<>();

    private boolean stateDirty;
    private boolean accepting = true;
    private int historyLimit;

    private record ActiveRun(String runId, String job, String workspace) {}

    /**
     * @param jobsFile the YAML jobs file, for messages (null when there is none)
     * @param runIds makes run ids
     */
    public Scheduler(
            Clock clock,
            RunLauncher launcher,
            SchedulerStores stores,
            int historyLimit,
            Supplier<String> runIds,
            TickSignal signal,
            Path jobsFile) {
        this.clock = clock;
        this.launcher = launcher;
        this.stores = stores;
        this.historyLimit = historyLimit;
        this.runIds = runIds;
        this.signal = signal;
        this.jobsFile = jobsFile;
    }

    // ---- start-up -------------------------------------------------------------------------------

    /**
     * Loads the jobs with their saved state, settles runs a previous process left open (following again
     * tasks it had submitted), then deals with fire times missed while the scheduler was down.
     *
     * @param apiJobs the jobs saved in jobs.json; those set aside are kept there, with their state
     * @param fileJobs the jobs file's jobs (none when there is no file or it is unusable)
     * @param fileUsable false when the jobs file is missing or invalid: the saved state of the jobs not
     *     loaded is then kept for when a valid version arrives; true when it was read (or there is none)
     */
    public synchronized void start(SavedApiJobs apiJobs, List<Job> fileJobs, boolean fileUsable) {
        Map<String, JobState> saved = stores.states().load();
        Instant now = clock.instant();
        setAside.addAll(apiJobs.setAside());
        for (Job job : apiJobs.valid()) {
            addSlot(job, JobOrigin.API, saved.get(job.name()), now);
        }
        for (Job job : fileJobs) {
            if (slots.containsKey(job.name())) {
                log.error(
                        "job '{}' of {} has the name of a job created through the API; it is ignored",
                        job.name(),
                        jobsFile);
                continue;
            }
            addSlot(job, JobOrigin.FILE, saved.get(job.name()), now);
        }
        dormant.putAll(saved);
        dormant.keySet().removeAll(slots.keySet());
        if (fileUsable) {
            forgetRemovedFileJobs();
        } else if (!dormant.isEmpty()) {
            log.info(
                    "the saved state of {} job(s) not loaded now is kept until the jobs file is valid again",
                    dormant.size());
        }
        for (JobSlot slot : slots.values()) {
            settleOpenRuns(slot, now);
        }
        stateDirty = true;
        tick(true);
    }

    private JobSlot addSlot(Job job, JobOrigin origin, JobState saved, Instant now) {
        boolean sameTiming =
                saved != null && saved.lastFireAt() != null && timing(job).equals(saved.timing());
        JobSlot slot = new JobSlot(
                job,
                origin,
                new RunHistory(stores.histories().load(job.name())),
                saved != null && saved.paused(),
                sameTiming ? saved.lastFireAt() : now);
        slots.put(job.name(), slot);
        return slot;
    }

    private void settleOpenRuns(JobSlot slot, Instant now) {
        for (Run run : slot.history.runs()) {
            if (run.isTracking()) {
                attach(slot, run);
                launcher.resume(run, this);
            } else if (run.status() == RunStatus.SUBMITTING) {
                record(
                        slot,
                        run.notSubmitted(
                                Outcome.SKIPPED_ERROR,
                                "the scheduler stopped while submitting this run; "
                                        + "its task may or may not have reached the agent",
                                now));
            } else if (run.status() == RunStatus.QUEUED) {
                record(
                        slot,
                        run.notSubmitted(
                                Outcome.SKIPPED_OVERLAP, "the scheduler stopped while this run was queued", now));
            }
        }
    }

    // ---- time ---------------------------------------------------------------------------------

    /** Deals with every fire time that has come: runs, skips, queues and misses. */
    public synchronized void tick() {
        tick(false);
    }

    private void tick(boolean afterStart) {
        if (!accepting) {
            return;
        }
        Instant now = clock.instant();
        try {
            for (JobSlot slot : new ArrayList<>(slots.values())) {
                dealWithDue(slot, now, afterStart, afterStart ? DOWN : LATE);
            }
        } finally {
            flush();
        }
    }

    /**
     * Deals with the job's fire times that have come, if any.
     *
     * @param afterStart true when none of them can be on time (they passed while the job was not held)
     * @param why what missed runs say happened
     */
    private void dealWithDue(JobSlot slot, Instant now, boolean afterStart, String why) {
        if (slot.schedulable() && slot.nextFireAt != null && !slot.nextFireAt.isAfter(now)) {
            FirePlan plan = planner.plan(
                    slot.job.schedule(), slot.job.catchUp(), slot.lastFireAt, now, afterStart, historyLimit);
            apply(slot, plan, now, why);
        }
    }

    private void apply(JobSlot slot, FirePlan plan, Instant now, String why) {
        for (Instant missed : plan.missed()) {
            record(slot, Run.missed(runIds.get(), slot.job.name(), missed, now, why));
        }
        if (plan.missedCount() > 0) {
            log.warn(
                    "job '{}' missed {} fire time(s){}: {}",
                    slot.job.name(),
                    plan.missedCount(),
                    plan.run() != null ? "; catching up with one run now" : "",
                    why);
        }
        if (plan.run() != null) {
            offer(slot, plan.run(), plan.trigger());
        }
        slot.lastFireAt = plan.lastFireAt();
        slot.recomputeNextFire();
        stateDirty = true;
    }

    /** The earliest fire time of a job that can fire, for the ticker; empty while draining. */
    public synchronized Optional<Instant> nextDue() {
        if (!accepting) {
            return Optional.empty();
        }
        Instant earliest = null;
        for (JobSlot slot : slots.values()) {
            if (slot.schedulable()
                    && slot.nextFireAt != null
                    && (earliest == null || slot.nextFireAt.isBefore(earliest))) {
                earliest = slot.nextFireAt;
            }
        }
        return Optional.ofNullable(earliest);
    }

    // ---- overlap, workspaces and starting runs -----------------------------------------------

    private Run offer(JobSlot slot, Instant scheduledFor, Trigger trigger) {
        Instant now = clock.instant();
        Run run = Run.created(runIds.get(), slot.job.name(), trigger, scheduledFor, now);
        Optional<String> blocker = blocker(slot);
        if (blocker.isEmpty()) {
            return start(slot, run);
        }
        boolean waits = slot.job.overlap() != Overlap.SKIP;
        if (waits && slot.queued == null) {
            slot.queued = run;
            waiting.addLast(slot.job.name());
            record(slot, run);
            log.info("job '{}' run {} waits: {}", slot.job.name(), run.runId(), blocker.get());
            return run;
        }
        String message = waits ? blocker.get() + ", and a run is already queued (one at most)" : blocker.get();
        Run skipped = run.notSubmitted(Outcome.SKIPPED_OVERLAP, message, now);
        record(slot, skipped);
        log.info("job '{}' run {} skipped: {}", slot.job.name(), run.runId(), message);
        return skipped;
    }

    /** Why a run of this job cannot start now, if it cannot. */
    private Optional<String> blocker(JobSlot slot) {
        if (slot.job.overlap() != Overlap.ALLOW && !slot.activeRunIds.isEmpty()) {
            return Optional.of("run " + slot.activeRunIds.iterator().next() + " of this job is still going");
        }
        String workspace = slot.job.workspace();
        if (workspace != null) {
            return workspaces
                    .holder(workspace)
                    .map(h ->
                            "workspace '" + workspace + "' is in use by job '" + h.job() + "' (run " + h.runId() + ")");
        }
        return Optional.empty();
    }

    private Run start(JobSlot slot, Run waitingRun) {
        Run run = waitingRun.starting(clock.instant());
        attach(slot, run);
        record(slot, run);
        log.info(
                "job '{}' run {} starts ({})",
                slot.job.name(),
                run.runId(),
                run.trigger().wireName());
        launcher.launch(slot.job, run, this);
        return run;
    }

    private void attach(JobSlot slot, Run run) {
        String workspace = slot.job.workspace();
        active.put(run.runId(), new ActiveRun(run.runId(), slot.job.name(), workspace));
        slot.activeRunIds.add(run.runId());
        if (workspace != null && !workspaces.acquire(workspace, run.runId(), slot.job.name())) {
            log.warn(
                    "run {} of job '{}' goes on while workspace '{}' is held by another run",
                    run.runId(),
                    slot.job.name(),
                    workspace);
        }
    }

    private void dispatchWaiting() {
        Iterator<String> names = waiting.iterator();
        List<JobSlot> ready = new ArrayList<>();
        while (names.hasNext()) {
            JobSlot slot = slots.get(names.next());
            if (slot == null || slot.queued == null) {
                names.remove();
            } else if (blocker(slot).isEmpty() && ready.stream().noneMatch(r -> sharesWorkspace(r, slot))) {
                names.remove();
                ready.add(slot);
            }
        }
        for (JobSlot slot : ready) {
            Run queued = slot.queued;
            slot.queued = null;
            start(slot, queued);
        }
    }

    private static boolean sharesWorkspace(JobSlot a, JobSlot b) {
        return a == b || (a.job.workspace() != null && a.job.workspace().equals(b.job.workspace()));
    }

    // ---- what the launcher reports --------------------------------------------------------------

    @Override
    public synchronized void submitted(String runId, Submission submission) {
        update(runId, run -> run.submitted(submission));
        log.info(
                "run {} submitted as task {} via {}{}",
                runId,
                submission.taskId(),
                submission.via().wireName(),
                submission.fallbackReason() == null
                        ? ""
                        : " (web view unreachable: " + submission.fallbackReason() + ")");
    }

    @Override
    public synchronized void notSubmitted(String runId, Outcome outcome, String error) {
        log.info("run {} ended {}: {}", runId, outcome.wireName(), error);
        finish(runId, run -> run.notSubmitted(outcome, error, clock.instant()));
    }

    @Override
    public synchronized void progressed(String runId, TaskState state) {
        update(runId, run -> Objects.equals(run.taskState(), state) ? run : run.progressed(state));
    }

    @Override
    public synchronized void dispatched(String runId, Submission submission) {
        update(runId, run -> run.dispatched(submission));
        log.info(
                "run {}: queue entry {} is task {}{}",
                runId,
                submission.queueId(),
                submission.taskId(),
                submission.agentUrl() == null ? "" : " on " + submission.agentUrl());
    }

    @Override
    public synchronized void ended(String runId, TaskState finalState, String error) {
        log.info(
                "run {} ended: task {}{}",
                runId,
                finalState == null ? "state unknown" : finalState.wireName(),
                error == null ? "" : " (" + error + ")");
        finish(runId, run -> run.ended(finalState, error, clock.instant()));
    }

    private void update(String runId, UnaryOperator<Run> change) {
        ActiveRun running = active.get(runId);
        JobSlot slot = running == null ? null : slots.get(running.job());
        if (slot != null) {
            slot.history.find(runId).ifPresent(run -> {
                Run changed = change.apply(run);
                if (!changed.equals(run)) {
                    record(slot, changed);
                }
            });
        }
        flush();
        notifyAll();
    }

    private void finish(String runId, UnaryOperator<Run> change) {
        ActiveRun running = active.remove(runId);
        if (running == null) {
            return;
        }
        if (running.workspace() != null) {
            workspaces.release(running.workspace(), runId);
        }
        JobSlot slot = slots.get(running.job());
        if (slot != null) {
            slot.activeRunIds.remove(runId);
            slot.history.find(runId).ifPresent(run -> record(slot, change.apply(run)));
        }
        dispatchWaiting();
        flush();
        notifyAll();
    }

    // ---- jobs -----------------------------------------------------------------------------------

    public synchronized List<JobSnapshot> jobs() {
        return slots.values().stream().map(this::snapshot).toList();
    }

    public synchronized JobSnapshot job(String name) {
        return snapshot(require(name));
    }

    public synchronized Set<String> apiJobNames() {
        Set<String> names = new HashSet<>();
        slots.values().stream().filter(s -> s.origin == JobOrigin.API).forEach(s -> names.add(s.job.name()));
        return names;
    }

    public synchronized int jobCount() {
        return slots.size();
    }

    public synchronized JobSnapshot create(Job job) {
        JobSlot existing = slots.get(job.name());
        if (existing != null) {
            throw new ApiException(
                    409,
                    new ApiError(
                            "already_exists",
                            "a job named '" + job.name() + "' already exists"
                                    + (existing.origin == JobOrigin.FILE ? " in the jobs file " + jobsFile : "")
                                    + "; choose another name, or PUT /jobs/" + job.name() + " to change it"),
                    Map.of());
        }
        replaceSetAside(job.name());
        dormant.remove(job.name());
        JobSlot slot = addSlot(job, JobOrigin.API, null, clock.instant());
        saveApiJobs();
        stateDirty = true;
        flush();
        signal.wake();
        return snapshot(slot);
    }

    public synchronized JobSnapshot replace(String name, Job job) {
        JobSlot slot = requireApiJob(name, "change");
        Job before = slot.job;
        slot.job = job;
        if (job.timingDiffers(before)) {
            slot.lastFireAt = clock.instant();
        }
        slot.recomputeNextFire();
        saveApiJobs();
        stateDirty = true;
        flush();
        signal.wake();
        return snapshot(slot);
    }

    public synchronized void delete(String name) {
        JobSlot slot = requireApiJob(name, "remove");
        slots.remove(name);
        waiting.remove(name);
        saveApiJobs();
        stores.histories().delete(name);
        dirtyHistories.remove(name);
        stateDirty = true;
        flush();
        log.info(
                "job '{}' deleted{}",
                name,
                slot.activeRunIds.isEmpty() ? "" : "; its running tasks go on at their agents");
    }

    /**
     * Replaces the jobs that come from the file (a valid version of it), keeping the run state of those
     * that stay. A job the scheduler does not hold but has saved state for (the file was unusable at
     * start) takes that state back: paused stays paused, and fire times it missed are dealt with now.
     */
    public synchronized void applyFileJobs(List<Job> jobs) {
        for (Job job : jobs) {
            JobSlot slot = slots.get(job.name());
            if (slot != null && slot.origin == JobOrigin.API) {
                throw new IllegalStateException(
                        "job '" + job.name() + "' is already a job created through the API; rename one of them");
            }
        }
        Set<String> names = new HashSet<>();
        jobs.forEach(job -> names.add(job.name()));
        Instant now = clock.instant();
        for (JobSlot slot : new ArrayList<>(slots.values())) {
            if (slot.origin == JobOrigin.FILE && !names.contains(slot.job.name())) {
                if (slot.queued != null) {
                    record(
                            slot,
                            slot.queued.notSubmitted(
                                    Outcome.SKIPPED_OVERLAP, "the job was removed from the jobs file", now));
                    slot.queued = null;
                }
                flush();
                slots.remove(slot.job.name());
                waiting.remove(slot.job.name());
            }
        }
        List<JobSlot> restored = new ArrayList<>();
        for (Job job : jobs) {
            JobSlot slot = slots.get(job.name());
            if (slot == null) {
                JobState saved = isSetAside(job.name()) ? null : dormant.remove(job.name());
                JobSlot added = addSlot(job, JobOrigin.FILE, saved, now);
                if (saved != null) {
                    restored.add(added);
                    log.info("job '{}' of {} is back with its saved state", job.name(), jobsFile);
                }
            } else {
                Job before = slot.job;
                slot.job = job;
                if (job.timingDiffers(before)) {
                    slot.lastFireAt = now;
                }
                slot.recomputeNextFire();
            }
        }
        forgetRemovedFileJobs();
        if (accepting) {
            restored.forEach(slot -> dealWithDue(slot, now, true, NOT_LOADED));
        }
        stateDirty = true;
        flush();
        signal.wake();
    }

    /** Once the jobs file is known, saved state of jobs in neither it nor jobs.json is of jobs that are gone. */
    private void forgetRemovedFileJobs() {
        dormant.keySet().removeIf(name -> !isSetAside(name));
    }

    private boolean isSetAside(String name) {
        return setAside.stream().anyMatch(spec -> name.equals(spec.name()));
    }

    /** A job created through the API replaces a set-aside saved job of its name. */
    private void replaceSetAside(String name) {
        if (setAside.removeIf(spec -> name.equals(spec.name()))) {
            log.warn(
                    "job '{}' created through the API replaces the saved job of that name that was no longer valid",
                    name);
        }
    }

    public synchronized JobSnapshot pause(String name) {
        JobSlot slot = require(name);
        slot.paused = true;
        stateDirty = true;
        flush();
        return snapshot(slot);
    }

    /** Resumes a paused job; fire times that passed while it was paused are not missed runs. */
    public synchronized JobSnapshot resume(String name) {
        JobSlot slot = require(name);
        if (slot.paused) {
            slot.paused = false;
            slot.lastFireAt = clock.instant();
            slot.recomputeNextFire();
            stateDirty = true;
            flush();
            signal.wake();
        }
        return snapshot(slot);
    }

    /** Runs the job now (paused or not), under its overlap and workspace rules. */
    public synchronized Run runNow(String name) {
        if (!accepting) {
            throw ApiException.unavailable("the scheduler is shutting down and starts no new runs");
        }
        JobSlot slot = require(name);
        try {
            return offer(slot, clock.instant(), Trigger.MANUAL);
        } finally {
            flush();
        }
    }

    // ---- runs -------------------------------------------------------------------------------------

    /** A job's runs, newest first. */
    public synchronized List<Run> runs(String name) {
        List<Run> runs = new ArrayList<>(require(name).history.runs());
        java.util.Collections.reverse(runs);
        return runs;
    }

    /** Every job's runs, newest first. */
    public synchronized List<Run> allRuns() {
        List<Run> runs = new ArrayList<>();
        slots.values().forEach(slot -> runs.addAll(slot.history.runs()));
        runs.sort(Comparator.comparing(Run::when, Comparator.nullsFirst(Comparator.naturalOrder()))
                .reversed());
        return runs;
    }

    public synchronized Optional<Run> findRun(String runId) {
        for (JobSlot slot : slots.values()) {
            Optional<Run> run = slot.history.find(runId);
            if (run.isPresent()) {
                return run;
            }
        }
        return Optional.empty();
    }

    /** Runs being submitted or followed now. */
    public synchronized List<Run> activeRuns() {
        List<Run> runs = new ArrayList<>();
        for (ActiveRun running : active.values()) {
            JobSlot slot = slots.get(running.job());
            if (slot != null) {
                slot.history.find(running.runId()).ifPresent(runs::add);
            }
        }
        runs.sort(Comparator.comparing(Run::when, Comparator.nullsFirst(Comparator.naturalOrder())));
        return runs;
    }

    public synchronized boolean isBusy() {
        return !active.isEmpty();
    }

    /** Waits (up to {@code timeout}) until the run is no longer being submitted; returns it as it then is. */
    public synchronized Optional<Run> awaitSubmitted(String runId, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        Optional<Run> run = findRun(runId);
        while (run.isPresent() && run.get().status() == RunStatus.SUBMITTING) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
            run = findRun(runId);
        }
        return run;
    }

    public synchronized void historyLimit(int limit) {
        historyLimit = limit;
        for (JobSlot slot : slots.values()) {
            slot.history.trim(limit);
            dirtyHistories.add(slot.job.name());
        }
        flush();
    }

    // ---- shutting down ------------------------------------------------------------------------------

    /** No new runs from now on (fire times that come meanwhile count as missed at the next start). */
    public synchronized void stopAccepting() {
        accepting = false;
    }

    /** Waits until no run is being submitted (followed tasks go on at their agents, and are followed again after a restart). */
    public synchronized boolean awaitSubmissions(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (active.keySet().stream()
                .map(this::findRun)
                .flatMap(Optional::stream)
                .anyMatch(r -> r.status() == RunStatus.SUBMITTING)) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Writes what is not on disk yet; history is written as it changes, so this is mostly the job state. */
    public synchronized void persist() {
        stateDirty = true;
        flush();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private JobSnapshot snapshot(JobSlot slot) {
        List<Run> running = new ArrayList<>();
        for (String runId : slot.activeRunIds) {
            slot.history.find(runId).ifPresent(running::add);
        }
        return new JobSnapshot(
                slot.job,
                slot.origin,
                slot.paused,
                slot.schedulable() ? slot.nextFireAt : null,
                slot.history.latest().orElse(null),
                running,
                slot.queued);
    }

    private JobSlot require(String name) {
        JobSlot slot = slots.get(name);
        if (slot == null) {
            throw ApiException.notFound("no job named '" + name + "' (GET /jobs lists them)");
        }
        return slot;
    }

    private JobSlot requireApiJob(String name, String verb) {
        JobSlot slot = require(name);
        if (slot.origin == JobOrigin.FILE) {
            throw new ApiException(
                    ErrorCode.FORBIDDEN,
                    "job '" + name + "' is defined in the jobs file " + jobsFile + "; edit that file to " + verb
                            + " it (the scheduler reloads it when it changes)");
        }
        return slot;
    }

    private void record(JobSlot slot, Run run) {
        slot.history.put(run, historyLimit);
        dirtyHistories.add(slot.job.name());
    }

    private void saveApiJobs() {
        List<JobSpec> specs = new ArrayList<>();
        slots.values().stream().filter(s -> s.origin == JobOrigin.API).forEach(s -> specs.add(s.job.spec()));
        specs.addAll(setAside);
        stores.apiJobs().save(specs);
    }

    private void flush() {
        for (String name : dirtyHistories) {
            JobSlot slot = slots.get(name);
            if (slot != null) {
                try {
                    stores.histories().save(name, slot.history.runs());
                } catch (UncheckedIOException e) {
                    log.error("{}: {}", e.getMessage(), e.getCause().getMessage());
                }
            }
        }
        dirtyHistories.clear();
        if (stateDirty) {
            Map<String, JobState> states = new TreeMap<>(dormant);
            slots.forEach(
                    (name, slot) -> states.put(name, new JobState(slot.lastFireAt, timing(slot.job), slot.paused)));
            try {
                stores.states().save(states);
                stateDirty = false;
            } catch (UncheckedIOException e) {
                log.error("{}: {}", e.getMessage(), e.getCause().getMessage());
            }
        }
    }

    private static String timing(Job job) {
        return job.schedule().expression().text() + " " + job.schedule().zone().getId()
                + (job.enabled() ? "" : " disabled");
    }
}
