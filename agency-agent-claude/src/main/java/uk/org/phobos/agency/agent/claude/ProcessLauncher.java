package uk.org.phobos.agency.agent.claude;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts a command as the leader of its own process group and supervises it (see
 * {@link RunHandle}). The command runs under {@code setsid}: a child the JVM starts is never a
 * group leader, so setsid does not fork but makes the child the leader of a new session and group
 * and execs the command in place, so the pid we see is the group's id. The working directory is
 * the spec's, and so is the environment, plus {@value ProcessIdentity#RUN_ID_VARIABLE} (a fresh
 * id that marks every process of the run); stdin is /dev/null, so a CLI that reads it sees its
 * end at once.
 */
public final class ProcessLauncher {
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(3);
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);
    private static final File DEV_NULL = new File("/dev/null");

    private final Duration killGrace;
    private final Path setsid;
    private final ProcFs procFs = new ProcFs();
    private final ProcessReaper reaper;
    private final ExecutableLookup lookup = new ExecutableLookup();
    // The threads that watch a run (its stdout, its stderr, its supervisor), kept for the next run
    // rather than started anew: a task's short run would otherwise pay for three thread starts.
    private final ExecutorService runThreads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "run-idle");
        thread.setDaemon(true);
        return thread;
    });

    public ProcessLauncher() {
        this(DEFAULT_KILL_GRACE);
    }

    /** {@code killGrace}: how long a stopped run gets between SIGTERM and SIGKILL. */
    public ProcessLauncher(Duration killGrace) {
        if (killGrace.isNegative()) {
            throw new IllegalArgumentException("killGrace must not be negative");
        }
        this.killGrace = killGrace;
        this.setsid = GroupSignals.locate("setsid")
                .orElseThrow(() -> new IllegalStateException(
                        "setsid not found in /usr/bin, /bin or on the PATH: install util-linux"));
        this.reaper = new ProcessReaper(new GroupSignals(), AFTER_KILL);
    }

    /**
     * Starts the run; the listener's {@code started} is called before this returns and before
     * any line. Throws {@link IOException} when the program cannot be found or started.
     */
    public RunHandle start(RunSpec spec, RunListener listener) throws IOException {
        Path directory = spec.workingDirectory();
        if (!Files.isDirectory(directory)) {
            throw new IOException("The working directory " + directory + " does not exist");
        }
        Path program = lookup.resolve(spec.command().get(0), spec.environment(), directory);
        List<String> argv = new ArrayList<>(spec.command().size() + 1);
        argv.add(setsid.toString());
        argv.add(program.toString());
        argv.addAll(spec.command().subList(1, spec.command().size()));
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        String runId = UUID.randomUUID().toString();
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        builder.environment().put(ProcessIdentity.RUN_ID_VARIABLE, runId);
        Process process = builder.start();
        long startTicks = forkTicks(process);
        ProcessIdentity identity =
                new ProcessIdentity(process.pid(), process.info().startInstant().orElseGet(Instant::now), runId);
        RunProcesses processes = new RunProcesses(procFs, identity.pid(), identity.marker(), startTicks);
        SupervisedRun run = new SupervisedRun(
                runThreads, process, identity, listener, processes, reaper, killGrace, spec.stallTimeout());
        try {
            listener.started(identity);
        } catch (RuntimeException e) {
            run.begin();
            run.stop(EndReason.CANCELLED);
            throw e;
        }
        run.begin();
        return run;
    }

    /**
     * When the child was forked ({@link ProcFs.Stat#startTicks()}), 0 if it is gone already. Nothing waits for
     * setsid to make the child a group leader: until it has, a group signal finds no group and {@link
     * SupervisedRun} signals the leader itself too, and the child can start nothing before it has (setsid
     * runs before it execs the CLI). Waiting for it here cost a short run several milliseconds of polling
     * /proc, on a machine whose other core the child was using.
     */
    private long forkTicks(Process process) {
        return procFs.stat(process.pid()).map(ProcFs.Stat::startTicks).orElse(0L);
    }

    /**
     * Ends what a run of an earlier agent process (one that crashed mid-run) left running: the
     * processes marked with its run id, and its process group if the process with that pid is the
     * one that was started (same start time) or is gone while members of its group still run (a
     * group id cannot be reused while it has members). Returns true if anything of it was running.
     */
    public boolean endLeftover(ProcessIdentity leftover) {
        long pid = leftover.pid();
        Optional<ProcessHandle> leader = ProcessHandle.of(pid).filter(procFs::isRunning);
        boolean pidReused = leader.isPresent() && !sameStart(leader.get(), leftover.startedAt());
        RunProcesses processes = new RunProcesses(procFs, pidReused ? 0 : pid, leftover.marker(), 0);
        if (!pidReused) {
            leader.ifPresent(processes::rememberDescendantsOf);
        }
        if (processes.running().isEmpty()) {
            return false;
        }
        reaper.end(processes, System.nanoTime() + killGrace.toNanos());
        return true;
    }

    private static boolean sameStart(ProcessHandle process, Instant startedAt) {
        // Start times come from /proc in clock ticks; allow for a round trip through storage.
        return process.info()
                .startInstant()
                .map(actual -> Duration.between(actual, startedAt).abs().compareTo(Duration.ofSeconds(1)) < 0)
                .orElse(false);
    }
}
