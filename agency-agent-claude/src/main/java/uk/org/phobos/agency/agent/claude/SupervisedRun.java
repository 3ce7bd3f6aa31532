package uk.org.phobos.agency.agent.claude;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started process and the threads that watch it: its stdout pump (lines to the listener,
 * and the time of the last one for the stall watchdog), its stderr tail, and a supervisor that
 * stops the run when asked or when it stalls, and ends whatever is left of the run once the
 * leader exited, whatever the reason, before it reports the exit.
 *
 * <p>The supervisor waits in {@link Process#waitFor(long, TimeUnit)}, so the JDK's reaper wakes it
 * the moment the leader exits ({@link Process#onExit()} would first start a thread of its own on a
 * machine with fewer than three cores); {@link #stop} and {@link #exitWithin} wake it with an
 * interrupt, only while it waits there. The threads come from the launcher's pool.
 */
final class SupervisedRun implements RunHandle {
    private static final Logger log = LoggerFactory.getLogger(SupervisedRun.class);
    // Once the group is gone its pipes close; only a process that left the group can keep them open.
    private static final Duration DRAIN_AFTER_END = Duration.ofSeconds(5);
    private static final long RECHECK_NANOS = Duration.ofSeconds(1).toNanos();

    private enum Action {
        TERMINATE,
        KILL,
        LEADER_EXITED
    }

    private final Executor threads;
    private final Process process;
    private final ProcessIdentity identity;
    private final RunListener listener;
    private final RunProcesses processes;
    private final ProcessReaper reaper;
    private final long graceNanos;
    private final long stallNanos;
    private final StderrTail stderr;
    private final CountDownLatch stdoutClosed = new CountDownLatch(1);
    private final CountDownLatch stderrClosed = new CountDownLatch(1);
    private final CompletableFuture<RunExit> exit = new CompletableFuture<>();
    private final Object delivery = new Object();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long lastLineNanos;

    // Guarded by delivery: false once the exit is reported, so no line reaches the listener after.
    private boolean delivering = true;
    // Guarded by lock.
    private EndReason stopReason;
    private boolean leaderExited;
    private boolean exitDeadlineSet;
    private long exitDeadlineNanos;
    private Thread supervisor;
    private boolean waiting;
    private boolean wakeRequested;

    SupervisedRun(
            Executor threads,
            Process process,
            ProcessIdentity identity,
            RunListener listener,
            RunProcesses processes,
            ProcessReaper reaper,
            Duration grace,
            Duration stallTimeout) {
        this.threads = threads;
        this.process = process;
        this.identity = identity;
        this.listener = listener;
        this.processes = processes;
        this.reaper = reaper;
        this.graceNanos = grace.toNanos();
        this.stallNanos = stallTimeout.toNanos();
        this.stderr = new StderrTail(process.getErrorStream(), RunExit.STDERR_TAIL_BYTES);
        this.lastLineNanos = System.nanoTime();
    }

    /** Starts the threads; the listener's {@code started} has been called. */
    void begin() {
        String name = "run-" + identity.pid();
        thread(name + "-stdout", new StdoutPump(process.getInputStream(), this::deliver, stdoutClosed::countDown));
        thread(name + "-stderr", () -> {
            try {
                stderr.run();
            } finally {
                stderrClosed.countDown();
            }
        });
        thread(name + "-supervisor", this::supervise);
    }

    @Override
    public ProcessIdentity process() {
        return identity;
    }

    @Override
    public Optional<RunExit> await(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(exit.get(saturatedNanos(timeout), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Supervision of process " + identity.pid() + " failed", e.getCause());
        }
    }

    @Override
    public void stop(EndReason reason) {
        lock.lock();
        try {
            if (stopReason == null && !leaderExited) {
                stopReason = reason;
                wakeSupervisor();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void exitWithin(Duration grace) {
        lock.lock();
        try {
            // Capped so that the deadline cannot wrap around.
            long deadline = System.nanoTime() + Math.min(saturatedNanos(grace), Long.MAX_VALUE / 4);
            if (!exitDeadlineSet || deadline - exitDeadlineNanos < 0) {
                exitDeadlineSet = true;
                exitDeadlineNanos = deadline;
                wakeSupervisor();
            }
        } finally {
            lock.unlock();
        }
    }

    private void deliver(String line) {
        lastLineNanos = System.nanoTime();
        synchronized (delivery) {
            if (!delivering) {
                return;
            }
            try {
                listener.line(line);
            } catch (RuntimeException e) {
                // A failing listener must not stop the draining, or the child would block on a full pipe.
                log.warn("Run listener of process {} failed on a line", identity.pid(), e);
            }
        }
    }

    /** With the lock held: makes the supervisor look again, if it is waiting for the leader's exit. */
    private void wakeSupervisor() {
        if (waiting) {
            wakeRequested = true;
            supervisor.interrupt();
        }
    }

    private void supervise() {
        lock.lock();
        try {
            supervisor = Thread.currentThread();
        } finally {
            lock.unlock();
        }
        try {
            superviseUntilEnd();
        } catch (RuntimeException e) {
            log.error("Supervising process {} failed", identity.pid(), e);
            reaper.end(processes, System.nanoTime());
            EndReason reason = reason();
            exit.complete(new RunExit(RunExit.KILLED, reason == null ? EndReason.EXITED : reason, stderr.text()));
        }
    }

    private void superviseUntilEnd() {
        long terminatedAt = 0;
        boolean terminated = false;
        boolean killed = false;
        while (true) {
            Action action = nextAction(terminated, terminatedAt, killed);
            if (action == Action.LEADER_EXITED) {
                break;
            }
            if (action == Action.TERMINATE) {
                // Seen now, as after the leader's exit its descendants can no longer be told apart.
                processes.rememberDescendantsOf(process.toHandle());
                reaper.signal(processes, GroupSignals.Signal.TERM);
                // Before setsid ran there is no group yet: signal the leader itself too.
                process.destroy();
                terminatedAt = System.nanoTime();
                terminated = true;
            } else {
                reaper.signal(processes, GroupSignals.Signal.KILL);
                process.destroyForcibly();
                killed = true;
            }
        }
        long killAt = terminated ? terminatedAt + graceNanos : System.nanoTime() + graceNanos;
        reaper.end(processes, killAt);
        awaitOutputs();
        synchronized (delivery) {
            delivering = false;
        }
        EndReason reason = reason();
        int code = reason == null ? process.exitValue() : RunExit.KILLED;
        exit.complete(new RunExit(code, reason == null ? EndReason.EXITED : reason, stderr.text()));
    }

    private Action nextAction(boolean terminated, long terminatedAt, boolean killed) {
        while (true) {
            long waitNanos;
            lock.lock();
            try {
                if (leaderExited) {
                    return Action.LEADER_EXITED;
                }
                long now = System.nanoTime();
                long wakeAt;
                if (stopReason == null) {
                    wakeAt = lastLineNanos + stallNanos;
                    if (now - wakeAt >= 0) {
                        stopReason = EndReason.STALLED;
                        continue;
                    }
                    if (exitDeadlineSet) {
                        if (now - exitDeadlineNanos >= 0) {
                            stopReason = EndReason.EXITED;
                            continue;
                        }
                        wakeAt = exitDeadlineNanos - wakeAt < 0 ? exitDeadlineNanos : wakeAt;
                    }
                } else if (!terminated) {
                    return Action.TERMINATE;
                } else if (!killed) {
                    wakeAt = terminatedAt + graceNanos;
                    if (now - wakeAt >= 0) {
                        return Action.KILL;
                    }
                } else {
                    wakeAt = now + RECHECK_NANOS; // the kernel is still tearing the leader down
                }
                waitNanos = Math.max(1, Math.min(wakeAt - now, RECHECK_NANOS));
                waiting = true;
            } finally {
                lock.unlock();
            }
            boolean exited = false;
            boolean interrupted = false;
            try {
                exited = process.waitFor(waitNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            lock.lock();
            try {
                waiting = false;
                // An interrupt that came after the wait ended is consumed here, under the lock it was sent under.
                interrupted |= Thread.interrupted();
                if (interrupted && !wakeRequested && stopReason == null) {
                    // Nobody else interrupts this thread but a JVM going down: end the run.
                    stopReason = EndReason.SHUTDOWN;
                }
                wakeRequested = false;
                if (exited) {
                    leaderExited = true;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private EndReason reason() {
        lock.lock();
        try {
            return stopReason;
        } finally {
            lock.unlock();
        }
    }

    private void awaitOutputs() {
        long end = System.nanoTime() + DRAIN_AFTER_END.toNanos();
        try {
            boolean drained = stdoutClosed.await(end - System.nanoTime(), TimeUnit.NANOSECONDS)
                    && stderrClosed.await(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!drained) {
                log.warn(
                        "Output of process {} still open {} after its group ended: a process that left the group holds it",
                        identity.pid(),
                        DRAIN_AFTER_END);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void thread(String name, Runnable body) {
        threads.execute(() -> {
            Thread thread = Thread.currentThread();
            String pooledName = thread.getName();
            thread.setName(name);
            try {
                body.run();
            } finally {
                thread.setName(pooledName);
            }
        });
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return Math.max(0, duration.toNanos());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
