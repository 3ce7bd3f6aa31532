package uk.org.phobos.agency.scheduler.submit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.client.ComponentUnreachableException;
import uk.org.phobos.agency.scheduler.job.Job;
import uk.org.phobos.agency.scheduler.run.Outcome;
import uk.org.phobos.agency.scheduler.run.Run;
import uk.org.phobos.agency.scheduler.run.RunLauncher;
import uk.org.phobos.agency.scheduler.run.RunListener;
import uk.org.phobos.agency.scheduler.run.Submission;

/**
 * Submits and follows runs off the caller's thread. Each HTTP call runs on a bounded pool of workers;
 * between polls a run holds no thread (a timer schedules its next poll), so a slow or unreachable
 * target ties up at most one worker for one request timeout at a time and other jobs go on. A task is
 * polled with backoff until it ends; if its target cannot be reached for longer than {@code giveUpAfter}
 * the run ends with its state unknown.
 */
public final class AsyncRunLauncher implements RunLauncher, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AsyncRunLauncher.class);

    private final FleetTaskTarget target;
    private final Backoff backoff;
    private final Duration giveUpAfter;
    private final Clock clock;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    private record Follow(
            String runId, Submission submission, RunListener listener, Duration delay, Instant lastContact) {
        Follow after(Duration nextDelay, Instant contact) {
            return new Follow(runId, submission, listener, nextDelay, contact);
        }

        Follow following(Submission now) {
            return new Follow(runId, now, listener, delay, lastContact);
        }
    }

    public AsyncRunLauncher(
            FleetTaskTarget target, int workerCount, Backoff backoff, Duration giveUpAfter, Clock clock) {
        this.target = target;
        this.backoff = backoff;
        this.giveUpAfter = giveUpAfter;
        this.clock = clock;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                workerCount, workerCount, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads("scheduler-run"));
        pool.allowCoreThreadTimeOut(true);
        this.workers = pool;
        ScheduledThreadPoolExecutor scheduled = new ScheduledThreadPoolExecutor(1, threads("scheduler-poll"));
        scheduled.setRemoveOnCancelPolicy(true);
        this.timer = scheduled;
    }

    @Override
    public void launch(Job job, Run run, RunListener listener) {
        execute(() -> submit(job, run, listener));
    }

    @Override
    public void resume(Run run, RunListener listener) {
        Submission submission = new Submission(
                run.taskId(),
                run.queueId(),
                run.sessionId(),
                run.via(),
                run.agentUrl(),
                run.taskUrl(),
                run.fallbackReason(),
                run.taskState());
        execute(() -> poll(new Follow(run.runId(), submission, listener, backoff.first(), clock.instant())));
    }

    private void submit(Job job, Run run, RunListener listener) {
        Submission submission;
        try {
            submission = target.submit(job);
        } catch (SubmissionFailed e) {
            listener.notSubmitted(run.runId(), e.outcome(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            log.error("run {} of job '{}' failed unexpectedly while submitting", run.runId(), job.name(), e);
            listener.notSubmitted(run.runId(), Outcome.SKIPPED_ERROR, "unexpected failure while submitting: " + e);
            return;
        }
        listener.submitted(run.runId(), submission);
        if (submission.state() != null && submission.state().isTerminal()) {
            listener.ended(run.runId(), submission.state(), null);
            return;
        }
        schedule(new Follow(run.runId(), submission, listener, backoff.first(), clock.instant()));
    }

    private void poll(Follow polled) {
        Follow follow = polled;
        String taskId = follow.submission().taskId();
        try {
            Task task = target.poll(follow.submission());
            Submission seen = target.resolve(follow.submission(), task);
            if (!seen.equals(follow.submission())) {
                // The web view's queue entry was taken by an agent: from now on the run follows the agent's task.
                follow.listener().dispatched(follow.runId(), seen);
                follow = follow.following(seen);
            }
            if (task.state() != null && task.state().isTerminal()) {
                String error = task.error() == null
                        ? null
                        : task.error().type().wireName() + ": " + task.error().message();
                follow.listener().ended(follow.runId(), task.state(), error);
                return;
            }
            follow.listener().progressed(follow.runId(), task.state());
            schedule(follow.after(backoff.after(follow.delay()), clock.instant()));
        } catch (ApiException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                follow.listener()
                        .ended(
                                follow.runId(),
                                null,
                                follow.submission().taskUrl() + " no longer knows task " + taskId + " (404)");
                return;
            }
            retryOrGiveUp(follow, e.getMessage());
        } catch (ComponentUnreachableException e) {
            retryOrGiveUp(follow, e.getMessage());
        } catch (RuntimeException e) {
            log.error("following task {} of run {} failed unexpectedly", taskId, follow.runId(), e);
            retryOrGiveUp(follow, e.toString());
        }
    }

    private void retryOrGiveUp(Follow follow, String problem) {
        Duration silent = Duration.between(follow.lastContact(), clock.instant());
        if (silent.compareTo(giveUpAfter) > 0) {
            follow.listener()
                    .ended(
                            follow.runId(),
                            null,
                            "lost track of task " + follow.submission().taskId() + " after " + silent.toMinutes()
                                    + " min without an answer: " + problem);
            return;
        }
        log.debug(
                "polling task {} failed ({}); trying again", follow.submission().taskId(), problem);
        schedule(follow.after(backoff.after(follow.delay()), follow.lastContact()));
    }

    private void schedule(Follow follow) {
        try {
            // poll() reports every outcome to the listener itself; the future carries nothing more.
            ScheduledFuture<?> next = timer.schedule(
                    () -> execute(() -> poll(follow)), follow.delay().toMillis(), TimeUnit.MILLISECONDS);
            log.trace("run {}: next poll {}", follow.runId(), next);
        } catch (RejectedExecutionException e) {
            log.debug("not following run {} any further: shutting down", follow.runId());
        }
    }

    private void execute(Runnable work) {
        try {
            workers.execute(work);
        } catch (RejectedExecutionException e) {
            log.debug("not starting work: shutting down");
        }
    }

    /** Stops at once; tasks already submitted go on at their agents (and are followed again after a restart). */
    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
