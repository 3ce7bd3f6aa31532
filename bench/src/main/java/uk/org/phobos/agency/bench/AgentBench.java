package uk.org.phobos.agency.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import uk.org.phobos.agency.core.auth.FleetToken;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.client.ComponentUnreachableException;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.tls.FleetTrust;
import uk.org.phobos.agency.core.tls.LocalCertificateAuthority;

/**
 * The agent as a user runs it (its launcher, its JVM flags) with a fake CLI that answers at once:
 * start-up to the first idle {@code /status}, per-task overhead (POST to a terminal state seen on
 * GET, then the next POST at once, which must not be refused as busy), and RSS idle and after the
 * tasks. Two agents run side by side, one with {@code --sandbox off} and one with the default
 * sandbox (bwrap where it is installed), and take turns task by task, so that both see the same load
 * on the machine and the difference is what the sandbox costs a task.
 * Usage: {@code AgentBench LAUNCHER [TASKS]}; leaves the sandboxed agent's URL, token and pid in the
 * hand-off file for wrk.
 */
public final class AgentBench {
    private AgentBench() {}

    /** One agent process and a client for it. */
    record RunningAgent(
            String label,
            Process process,
            URI url,
            AgencyClient client,
            TaskTimingClient tasks,
            String token,
            double firstStatusMillis,
            double startupMillis,
            Map<?, ?> sandbox) {

        static RunningAgent start(String label, Path launcher, Path fake, Path work, List<String> extraArgs)
                throws Exception {
            Files.createDirectories(work);
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(
                    launcher.toString(),
                    "--port",
                    Integer.toString(port),
                    "--claude-bin",
                    fake.toString(),
                    "--log-level",
                    "warn"));
            command.addAll(extraArgs);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(work.resolve("agent.log").toFile());
            builder.environment().put("AGENCY_ROOT", work.resolve("agency").toString());
            // The fleet's CA and token exist before the agent starts (as on any machine after the first
            // start), so that this side's client is ready and the clock measures the agent alone.
            AgencyHome home = new AgencyHome(work.resolve("agency"));
            LocalCertificateAuthority.loadOrCreate(home.tlsDir());
            String token = FleetToken.loadOrCreate(home, Map.of()).value();
            SSLContext ssl = FleetTrust.fromTlsDir(home.tlsDir()).sslContext();
            AgencyClient client = AgencyClient.create(ssl, Optional.of(token));
            URI url = URI.create("https://127.0.0.1:" + port);
            TaskTimingClient tasks = TIMING_CLIENT.equals("httpclient")
                    ? TaskTimingClient.of(client, url)
                    : new KeepAliveTaskClient(url, ssl.getSocketFactory(), token);
            long spawned = System.nanoTime();
            Process process = builder.start();
            double firstStatusMillis = awaitFirstStatus(client, url, process, work) / 1e6 - spawned / 1e6;
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.contains("listening on")) {
                process.destroy();
                throw new IllegalStateException("the agent did not start; see " + work.resolve("agent.log"));
            }
            waitIdle(client, url);
            double startupMillis = (System.nanoTime() - spawned) / 1e6;
            Map<?, ?> sandbox = (Map<?, ?>) client.status(url).details().get("sandbox");
            return new RunningAgent(
                    label, process, url, client, tasks, token, firstStatusMillis, startupMillis, sandbox);
        }

        double runOne() {
            return AgentBench.runOne(tasks);
        }

        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args[0]);
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path work = Files.createTempDirectory("agency-agent-bench-");
        Path fake = writeInstantClaude(work);
        boolean keep = Boolean.getBoolean("agency.bench.keep");
        String loadBefore = loadAverage();
        RunningAgent off =
                RunningAgent.start("--sandbox off", launcher, fake, work.resolve("off"), List.of("--sandbox", "off"));
        RunningAgent sandboxed = null;
        try {
            sandboxed = RunningAgent.start("default sandbox", launcher, fake, work.resolve("default"), List.of());
            long[] idleRss = {
                rssKiB(off.process().pid()), rssKiB(sandboxed.process().pid())
            };
            for (int i = 0; i < 20; i++) { // warm-up
                off.runOne();
                sandboxed.runOne();
            }
            double[] offMillis = new double[tasks];
            double[] sandboxedMillis = new double[tasks];
            for (int i = 0; i < tasks; i++) {
                offMillis[i] = off.runOne();
                sandboxedMillis[i] = sandboxed.runOne();
            }
            System.out.printf(
                    "agent (fake CLI that answers at once), %d tasks each after 20 warm-up tasks, the two"
                            + " agents taking turns, timed with the %s client; load average %s before, %s after%n",
                    tasks, TIMING_CLIENT, loadBefore, loadAverage());
            report(off, offMillis, idleRss[0], tasks);
            report(sandboxed, sandboxedMillis, idleRss[1], tasks);
            Arrays.sort(offMillis);
            Arrays.sort(sandboxedMillis);
            System.out.printf(
                    "  sandbox cost per task (default minus off): median %.2f ms, p90 %.2f ms%n",
                    pct(sandboxedMillis, 50) - pct(offMillis, 50), pct(sandboxedMillis, 90) - pct(offMillis, 90));
            off.stop();
            RunningAgent again = RunningAgent.start(
                    "--sandbox off, started again", launcher, fake, work.resolve("off"), List.of("--sandbox", "off"));
            System.out.printf(
                    "agent with --sandbox off started again (its certificate already issued, as on every start but the"
                            + " first): first /status answered %.0f ms after the launcher was started, idle %.0f ms,"
                            + " RSS idle %d MiB%n",
                    again.firstStatusMillis(),
                    again.startupMillis(),
                    rssKiB(again.process().pid()) / 1024);
            // The per-task figure: one agent on its own. Taking turns with a second agent, each task also
            // meets the other agent's work after its last task (its marker, logging, the JIT) on the same 2 cores.
            // A longer warm-up: this agent has just started, and its JIT has seen few requests yet.
            for (int i = 0; i < 100; i++) {
                again.runOne();
            }
            double[] alone = new double[tasks];
            for (int i = 0; i < tasks; i++) {
                alone[i] = again.runOne();
            }
            Arrays.sort(alone);
            System.out.printf(
                    "  the same agent on its own (the sandboxed one idle), %d tasks after 100 warm-up tasks: median %.2f"
                            + " ms, p90 %.2f ms, p99 %.2f ms, min %.2f ms, max %.2f ms%n",
                    tasks, pct(alone, 50), pct(alone, 90), pct(alone, 99), alone[0], alone[alone.length - 1]);
            again.stop();
            Path hand = Path.of(System.getProperty(
                    "agency.bench.handoff", work.resolve("handoff").toString()));
            Files.writeString(
                    hand,
                    sandboxed.url() + "\n" + sandboxed.token() + "\n"
                            + sandboxed.process().pid() + "\n");
            if (keep) {
                System.out.println("  sandboxed agent left running for wrk (pid "
                        + sandboxed.process().pid() + ")");
            }
        } finally {
            off.stop();
            if (sandboxed != null && !keep) {
                sandboxed.stop();
            }
        }
    }

    private static void report(RunningAgent agent, double[] millis, long idleRss, int tasks) throws IOException {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "agent with %s: %s (sandbox mode %s, backend %s, ready %s)%n",
                agent.label(),
                agent.url(),
                agent.sandbox().get("mode"),
                agent.sandbox().get("backend"),
                agent.sandbox().get("ready"));
        System.out.printf(
                "  start-up: first /status answered %.0f ms after the launcher was started, idle (CLI check and"
                        + " sandbox probe done) %.0f ms%n",
                agent.firstStatusMillis(), agent.startupMillis());
        System.out.printf(
                "  per task (POST -> terminal state on GET): median %.2f ms, p90 %.2f ms, p99 %.2f ms,"
                        + " max %.2f ms%n",
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[sorted.length - 1]);
        System.out.printf(
                "  RSS idle %d MiB, after %d tasks %d MiB%n",
                idleRss / 1024, tasks + 20, rssKiB(agent.process().pid()) / 1024);
    }

    /**
     * Which client times the tasks: {@code keepalive} (default, {@link KeepAliveTaskClient}) or {@code httpclient}
     * (the fleet's {@code AgencyClient}).
     */
    static final String TIMING_CLIENT = System.getProperty("agency.bench.client", "keepalive");

    /** One task; returns the milliseconds from POST to seeing it ended. Never waits with a sleep. */
    static double runOne(TaskTimingClient tasks) {
        long start = System.nanoTime();
        String id;
        try {
            id = tasks.submit("benchmark");
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "POST refused right after the last task was seen to end: " + e.getMessage());
        }
        while (true) {
            String state = tasks.state(id);
            switch (state) {
                case "completed":
                    return (System.nanoTime() - start) / 1e6;
                case "failed", "cancelled", "interrupted":
                    throw new IllegalStateException("task " + id + " ended " + state);
                default:
                    LockSupport.parkNanos(TASK_POLL_PAUSE_NANOS);
            }
        }
    }

    /**
     * The pause between two {@code GET /task/{id}} of one task. Asking without a pause measured the client
     * as much as the agent: on 2 cores a client in a tight loop takes one, and every answer costs the agent
     * a request to serve while it runs the task. A quarter of a millisecond bounds what the pause adds.
     */
    static final long TASK_POLL_PAUSE_NANOS = Long.getLong("agency.bench.pollMicros", 250) * 1_000;

    /** The pause between two attempts to reach an agent that is starting (5 ms: what a figure of a second can miss). */
    private static final long START_POLL_PAUSE_NANOS = 5_000_000;

    /** Asks {@code /status} until it answers (in any state); returns {@link System#nanoTime()} then. */
    private static long awaitFirstStatus(AgencyClient client, URI url, Process process, Path work) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                client.status(url);
                return System.nanoTime();
            } catch (ComponentUnreachableException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroy();
                    throw new IllegalStateException("the agent did not answer; see " + work.resolve("agent.log"));
                }
                LockSupport.parkNanos(START_POLL_PAUSE_NANOS);
            }
        }
    }

    private static void waitIdle(AgencyClient client, URI url) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"idle".equals(client.status(url).state())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the agent did not become idle");
            }
            LockSupport.parkNanos(START_POLL_PAUSE_NANOS);
        }
    }

    static Path writeInstantClaude(Path dir) throws IOException {
        Path script = dir.resolve("claude");
        String session = "00000000-0000-0000-0000-000000000000";
        List<String> lines = new ArrayList<>(List.of(
                "#!/bin/sh",
                "if [ \"$1\" = \"--version\" ]; then echo '2.1.332 (Claude Code)'; exit 0; fi",
                "echo '{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"" + session
                        + "\",\"model\":\"bench\"}'",
                "echo '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"ok\",\"num_turns\":1,"
                        + "\"total_cost_usd\":0,\"usage\":{\"input_tokens\":1,\"output_tokens\":1},\"session_id\":\""
                        + session + "\"}'"));
        Files.write(script, lines);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** The machine's load averages (1, 5 and 15 minutes): other work on it inflates every figure. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static double pct(double[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
