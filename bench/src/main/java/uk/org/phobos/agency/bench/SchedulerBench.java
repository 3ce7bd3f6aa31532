package uk.org.phobos.agency.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import uk.org.phobos.agency.core.api.StatusReport;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.tls.FleetTls;
import uk.org.phobos.agency.scheduler.job.Job;
import uk.org.phobos.agency.scheduler.job.JobValidator;
import uk.org.phobos.agency.scheduler.job.JobsFileLoader;

/**
 * The scheduler with many jobs (10,000 by default): (1) in this JVM, the time to load and check the
 * jobs file and to compute every job's next fire time, cold and warm; (2) the real fat jar as a
 * process with that file, its start-up time, and its CPU time and memory while idle for a while
 * (target: negligible CPU). The jobs mix every cron form (steps, lists, names, the OR rule, macros,
 * leap days) across five zones; all are in a month other than the current one, so none fires while
 * the idle figure is taken. The idle window (130 s by default) spans at least two of the ticker's wake-ups,
 * which come at the latest a minute apart and each scan every job's cached next fire time.
 *
 * <p>Usage: {@code java -cp agency-bench.jar uk.org.phobos.agency.bench.SchedulerBench JAR [JOBS]
 * [IDLE_SECONDS]} with {@code JAR} the path of {@code ag-tool-scheduler.jar}.
 */
public final class SchedulerBench {
    private static final List<String> ZONES =
            List.of("UTC", "Europe/London", "America/New_York", "Asia/Tokyo", "Australia/Sydney");
    private static final int WARM_ROUNDS = 30;
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private SchedulerBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SchedulerBench JAR [JOBS] [IDLE_SECONDS]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int idleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 130;
        Path dir = Files.createTempDirectory("agency-scheduler-bench-");
        Path jobsFile = dir.resolve("jobs.yaml");
        Files.writeString(
                jobsFile, jobsYaml(count, ZonedDateTime.now(ZoneOffset.UTC).getMonthValue()));
        System.out.printf("scheduler bench: %d jobs, %s%n", count, jobsFile);

        nextFireTimes(jobsFile);
        idleProcess(jar, jobsFile, dir.resolve("root"), count, idleSeconds);
    }

    private static void nextFireTimes(Path jobsFile) {
        JobsFileLoader loader = new JobsFileLoader(new JobValidator(ZoneOffset.UTC));
        long start = System.nanoTime();
        List<Job> jobs = loader.parse(jobsFile, loader.read(jobsFile), Set::of);
        long loaded = System.nanoTime() - start;
        Instant now = Instant.now();
        long cold = allNextFires(jobs, now);
        List<Long> warm = new ArrayList<>();
        for (int round = 0; round < WARM_ROUNDS; round++) {
            warm.add(allNextFires(jobs, now.plusSeconds(round * 3600L)));
        }
        Collections.sort(warm);
        System.out.printf("load + check jobs file: %.1f ms%n", loaded / 1e6);
        System.out.printf(
                "next fire of all %d jobs: cold %.1f ms; warm min %.1f ms, median %.1f ms, max %.1f ms (%.2f us/job)%n",
                jobs.size(),
                cold / 1e6,
                warm.get(0) / 1e6,
                warm.get(warm.size() / 2) / 1e6,
                warm.get(warm.size() - 1) / 1e6,
                warm.get(warm.size() / 2) / 1e3 / jobs.size());
    }

    private static long allNextFires(List<Job> jobs, Instant after) {
        long start = System.nanoTime();
        long found = 0;
        for (Job job : jobs) {
            if (job.schedule().nextAfter(after).isPresent()) {
                found++;
            }
        }
        long elapsed = System.nanoTime() - start;
        if (found != jobs.size()) {
            throw new IllegalStateException("only " + found + " of " + jobs.size() + " jobs have a next fire time");
        }
        return elapsed;
    }

    private static void idleProcess(Path jar, Path jobsFile, Path root, int count, int idleSeconds) throws Exception {
        int port = freePort();
        Path stderr = root.resolveSibling("scheduler.log");
        Files.createDirectories(root);
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:+UseSerialGC",
                        "-Xss512k",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar.toString(),
                        "--config",
                        jobsFile.toString(),
                        "--port",
                        Integer.toString(port),
                        "--log-level",
                        "warn")
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("AGENCY_ROOT", root.toString());
        long started = System.nanoTime();
        Process process = builder.start();
        try {
            String line = listeningLine(process, Duration.ofSeconds(120));
            long listening = System.nanoTime() - started;
            URI url = URI.create(line.substring(line.indexOf("https://")));
            StatusReport status = AgencyClient.create(
                            FleetTls.open(new AgencyHome(root)).clientContext(), Optional.empty())
                    .status(url);
            System.out.printf(
                    "process: listening after %.2f s with %s jobs (state %s)%n",
                    listening / 1e9, status.config().get("job_count"), status.state());
            Thread.sleep(SETTLE.toMillis()); // let start-up work (JIT, GC) finish before measuring idleness
            Duration cpuBefore = cpu(process);
            long wallBefore = System.nanoTime();
            Thread.sleep(idleSeconds * 1000L);
            Duration cpuUsed = cpu(process).minus(cpuBefore);
            double wall = (System.nanoTime() - wallBefore) / 1e9;
            System.out.printf(
                    "process: idle %.1f s with %d jobs: CPU %d ms (%.3f%% of one core), RSS %s%n",
                    wall, count, cpuUsed.toMillis(), cpuUsed.toNanos() / 1e9 / wall * 100, rss(process.pid()));
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static String listeningLine(Process process, Duration timeout) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String next;
                while ((next = out.readLine()) != null) {
                    if (next.contains("listening on https://")) {
                        return next;
                    }
                }
                throw new IllegalStateException("the scheduler exited without serving");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Duration cpu(Process process) {
        return process.info()
                .totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("this OS does not report process CPU time"));
    }

    private static String rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code count} jobs of every cron form, seeded, none of them firing in {@code currentMonth}. */
    static String jobsYaml(int count, int currentMonth) {
        Random random = new Random(42);
        int month = (currentMonth + 5) % 12 + 1;
        String[] names = {"", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
        StringBuilder yaml = new StringBuilder("jobs:\n");
        for (int i = 0; i < count; i++) {
            int minute = random.nextInt(60);
            int hour = random.nextInt(24);
            String schedule = switch (i % 8) {
                case 0 -> minute + " " + hour + " * " + month + " *";
                case 1 -> "*/" + (5 + random.nextInt(25)) + " * * " + month + " *";
                case 2 -> minute + " " + hour + " 1,15 " + month + " fri";
                case 3 -> minute + " 9-17/2 * " + names[month] + " mon-fri";
                // A day the month has (the scheduler refuses "31 6", which can never fire).
                case 4 ->
                    minute + " " + hour + " "
                            + (1 + random.nextInt(java.time.Month.of(month).minLength())) + " " + month + " *";
                case 5 -> "0 0 29 2 *";
                case 6 -> minute + " " + hour + " * " + month + " 7";
                default -> minute + " */3 */2 " + month + " *";
            };
            if (i % 8 == 5 && currentMonth == 2) {
                schedule = "0 0 30 " + month + " *";
            }
            yaml.append("  - name: job-")
                    .append(i)
                    .append("\n    schedule: \"")
                    .append(schedule)
                    .append("\"\n    time_zone: ")
                    .append(ZONES.get(i % ZONES.size()))
                    .append("\n    prompt: benchmark job ")
                    .append(i)
                    .append("\n    overlap: ")
                    .append(i % 3 == 0 ? "queue" : "skip")
                    .append(i % 10 == 0 ? "\n    workspace: ws-" + (i % 50) : "")
                    .append('\n');
        }
        return yaml.toString();
    }
}
