package uk.org.phobos.agency.scheduler.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.config.ConfigException;

/**
 * Watches the YAML jobs file and hands each valid new version to {@code apply}; an invalid version
 * changes nothing and becomes {@link #problem()} (shown in {@code /status}) and a log line.
 *
 * <p>It polls the file's modification time and size (every two seconds by default) rather than using a
 * {@code WatchService}: a poll also sees files replaced by rename (what editors and config tools do),
 * symlinked files whose target changes, and network file systems where inotify says nothing, and it
 * costs one {@code stat} per interval. A change of time or size triggers a read; the content is only
 * applied when its digest differs from the last version seen.
 */
public final class JobsFileWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobsFileWatcher.class);

    private final Path file;
    private final JobsFileLoader loader;
    private final Supplier<Set<String>> apiNames;
    private final Consumer<List<Job>> apply;
    private final ScheduledExecutorService timer;
    private String lastStamp = "";
    private byte[] lastDigest = new byte[0];
    private volatile ConfigException problem;

    public JobsFileWatcher(
            Path file, JobsFileLoader loader, Supplier<Set<String>> apiNames, Consumer<List<Job>> apply) {
        this.file = file;
        this.loader = loader;
        this.apiNames = apiNames;
        this.apply = apply;
        this.timer = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "scheduler-jobs-file");
            thread.setDaemon(true);
            return thread;
        });
    }

    public Path file() {
        return file;
    }

    /**
     * Reads the file now, at start-up, before the scheduler holds any job: {@code apiNames} are the names
     * of the saved API jobs. Returns its jobs, or none (with {@link #problem()} set) when it is unusable.
     */
    public synchronized List<Job> loadInitial(Set<String> apiNames) {
        lastStamp = stamp();
        try {
            byte[] content = loader.read(file);
            lastDigest = digest(content);
            List<Job> jobs = loader.parse(file, content, () -> apiNames);
            problem = null;
            log.info("loaded {} job(s) from {}", jobs.size(), file);
            return jobs;
        } catch (ConfigException e) {
            report(e);
            return List.of();
        }
    }

    public void start(Duration interval) {
        // check() handles its own failures, so the future has nothing to report; it ends with close().
        ScheduledFuture<?> polling = timer.scheduleWithFixedDelay(
                this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.debug("watching {} every {}: {}", file, interval, polling);
    }

    /** Looks at the file once; applies it when its content changed and is valid. */
    public synchronized void check() {
        String stamp = stamp();
        if (stamp.equals(lastStamp)) {
            return;
        }
        lastStamp = stamp;
        try {
            byte[] content = loader.read(file);
            byte[] digest = digest(content);
            if (Arrays.equals(digest, lastDigest) && problem == null) {
                return;
            }
            lastDigest = digest;
            List<Job> jobs = loader.parse(file, content, apiNames);
            try {
                apply.accept(jobs);
            } catch (IllegalStateException e) {
                throw new ConfigException(file, 0, null, e.getMessage(), e);
            }
            problem = null;
            log.info("reloaded {}: {} job(s)", file, jobs.size());
        } catch (ConfigException e) {
            report(e);
        } catch (RuntimeException e) {
            log.error("reloading {} failed", file, e);
        }
    }

    /** Why the file's latest version was not applied, or empty when it was. */
    public Optional<ConfigException> problem() {
        return Optional.ofNullable(problem);
    }

    private void report(ConfigException e) {
        problem = e;
        log.error("jobs file not applied, the jobs stay as they were: {}", e.getMessage());
    }

    private String stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.lastModifiedTime() + ":" + attributes.size() + ":" + attributes.fileKey();
        } catch (NoSuchFileException e) {
            return "missing";
        } catch (IOException e) {
            return "unreadable:" + e.getMessage();
        }
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
