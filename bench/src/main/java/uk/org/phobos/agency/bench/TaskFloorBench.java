package uk.org.phobos.agency.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The floor under the agent's per-task figure on this machine: what the JVM itself takes, in a small program
 * with nothing else to do, for the steps every task of {@link AgentBench} must take. Each step runs {@code
 * TIMES} times after 30 warm-up runs; the figures are per step.
 *
 * <ul>
 *   <li>start {@code /bin/true} with {@link ProcessBuilder} and wait for it: the JVM's cheapest process;
 *   <li>start the benchmark's fake CLI (a {@code sh} script that prints two lines) and read its output to the
 *       end, as a run without a process group of its own would;
 *   <li>the same under {@code setsid}, as the agent starts every run (its own group, so that cancel, timeout
 *       and shutdown can end the whole tree);
 *   <li>a durable write as the agent does one for the running-task marker and for the task's record: a new
 *       file written and {@code fdatasync}ed, and its folder synced.
 * </ul>
 *
 * <p>On Linux, Java 17 starts a process through {@code jspawnhelper} (posix_spawn of the helper, which execs
 * the command), so a run under setsid is three execs. Usage: {@code TaskFloorBench [TIMES]}.
 */
public final class TaskFloorBench {
    private TaskFloorBench() {}

    public static void main(String[] args) throws Exception {
        int times = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path work = Files.createTempDirectory("agency-task-floor-");
        try {
            Path fake = AgentBench.writeInstantClaude(work);
            Path setsid = Stream.of("/usr/bin/setsid", "/bin/setsid")
                    .map(Path::of)
                    .filter(Files::isExecutable)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("setsid not found: install util-linux"));
            List<String> run = List.of(fake.toString(), "-p", "benchmark");
            System.out.printf(
                    "the JVM's floor for a task's steps (%d each after 30 warm-up runs; load average %s)%n",
                    times, AgentBench.loadAverage());
            report("start /bin/true, wait", startAndWait(List.of("/bin/true"), times));
            report("start the fake CLI, read its output, wait", startAndWait(run, times));
            List<String> grouped =
                    Stream.concat(Stream.of(setsid.toString()), run.stream()).toList();
            report("the same under setsid (as the agent runs it)", startAndWait(grouped, times));
            report("durable write: new file, fdatasync, folder fsync", durableWrites(work, times));
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path path : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static double[] startAndWait(List<String> command, int times) throws IOException, InterruptedException {
        for (int i = 0; i < 30; i++) {
            once(command);
        }
        double[] millis = new double[times];
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            once(command);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private static void once(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (InputStream out = process.getInputStream()) {
            out.transferTo(OutputStream.nullOutputStream()); // read to the end, as the agent does
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command + " exited " + process.exitValue());
        }
    }

    private static double[] durableWrites(Path work, int times) throws IOException {
        Path dir = Files.createDirectories(work.resolve("writes"));
        byte[] record = new byte[2048];
        Arrays.fill(record, (byte) 'x');
        for (int i = 0; i < 30; i++) {
            durableWrite(dir, "warm-" + i, record);
        }
        double[] millis = new double[times];
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            durableWrite(dir, "task-" + i, record);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private static void durableWrite(Path dir, String name, byte[] content) throws IOException {
        try (FileChannel file = FileChannel.open(
                dir.resolve(name + ".json"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(content));
            file.force(false);
        }
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        }
    }

    private static void report(String what, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "  %-50s min %.2f, median %.2f, p90 %.2f, p99 %.2f ms%n",
                what, sorted[0], AgentBench.pct(sorted, 50), AgentBench.pct(sorted, 90), AgentBench.pct(sorted, 99));
    }
}
