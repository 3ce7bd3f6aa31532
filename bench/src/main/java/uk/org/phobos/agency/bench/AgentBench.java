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
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.auth.FleetToken;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.tls.FleetTrust;

/**
 * The agent as a user runs it (its launcher, its JVM flags) with a fake CLI that answers at once:
 * start-up to the first {@code /status}, per-task overhead (POST to a terminal state seen on GET,
 * then the next POST at once, which must not be refused as busy), and RSS idle and after the tasks.
 * Usage: {@code AgentBench LAUNCHER [TASKS]}; prints the agent's URL and token file for wrk.
 */
public final class AgentBench {
    private AgentBench() {}

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args[0]);
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path work = Files.createTempDirectory("agency-agent-bench-");
        Path fake = writeInstantClaude(work);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(
                        launcher.toString(),
                        "--port",
                        Integer.toString(port),
                        "--claude-bin",
                        fake.toString(),
                        "--log-level",
                        "warn")
                .redirectError(work.resolve("agent.log").toFile());
        builder.environment().put("AGENCY_ROOT", work.resolve("agency").toString());
        long spawned = System.nanoTime();
        Process agent = builder.start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.contains("listening on")) {
                throw new IllegalStateException("the agent did not start; see " + work.resolve("agent.log"));
            }
            URI url = URI.create(line.substring(line.indexOf("https://")).trim());
            AgencyHome home = new AgencyHome(work.resolve("agency"));
            AgencyClient client = AgencyClient.create(
                    FleetTrust.fromTlsDir(home.tlsDir()).sslContext(),
                    Optional.of(FleetToken.load(home, Map.of()).value()));
            waitIdle(client, url);
            double startupMillis = (System.nanoTime() - spawned) / 1e6;
            long idleRss = rssKiB(agent.pid());

            for (int i = 0; i < 20; i++) {
                runOne(client, url); // warm-up
            }
            double[] millis = new double[tasks];
            for (int i = 0; i < tasks; i++) {
                millis[i] = runOne(client, url);
            }
            long loadedRss = rssKiB(agent.pid());
            Arrays.sort(millis);
            System.out.printf("agent: %s (fake CLI that answers at once)%n", url);
            System.out.printf("  start-up to idle /status: %.0f ms%n", startupMillis);
            System.out.printf(
                    "  per task (POST -> terminal state on GET), %d tasks: median %.2f ms, p90 %.2f ms,"
                            + " p99 %.2f ms, max %.2f ms%n",
                    tasks, pct(millis, 50), pct(millis, 90), pct(millis, 99), millis[millis.length - 1]);
            System.out.printf(
                    "  RSS idle %d MiB, after %d tasks %d MiB%n", idleRss / 1024, tasks + 20, loadedRss / 1024);
            Path hand = Path.of(System.getProperty(
                    "agency.bench.handoff", work.resolve("handoff").toString()));
            Files.writeString(hand, url + "\n" + FleetToken.load(home, Map.of()).value() + "\n" + agent.pid() + "\n");
            if (Boolean.getBoolean("agency.bench.keep")) {
                System.out.println("  agent left running for wrk (pid " + agent.pid() + ")");
                return;
            }
        } finally {
            if (!Boolean.getBoolean("agency.bench.keep")) {
                agent.destroy();
                agent.waitFor();
            }
        }
    }

    /** One task; returns the milliseconds from POST to seeing it ended. Never waits with a sleep. */
    private static double runOne(AgencyClient client, URI url) {
        long start = System.nanoTime();
        String id;
        try {
            id = client.submit(url, TaskRequest.of("benchmark")).taskId();
        } catch (ApiException e) {
            throw new IllegalStateException(
                    "POST refused right after the last task was seen to end: " + e.getMessage());
        }
        while (true) {
            Task task = client.task(url, id);
            if (task.state().isTerminal()) {
                if (!"completed".equals(task.state().wireName())) {
                    throw new IllegalStateException(
                            "task " + id + " ended " + task.state().wireName() + ": " + task.error());
                }
                return (System.nanoTime() - start) / 1e6;
            }
            Thread.onSpinWait();
        }
    }

    private static void waitIdle(AgencyClient client, URI url) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"idle".equals(client.status(url).state())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the agent did not become idle");
            }
            Thread.onSpinWait();
        }
    }

    private static Path writeInstantClaude(Path dir) throws IOException {
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

    private static double pct(double[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
