package uk.org.phobos.agency.web.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.client.AgencyClient;
import uk.org.phobos.agency.core.tls.FleetTrust;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.fakeclaude.FakeClaude;
import uk.org.phobos.agency.testkit.net.FreePorts;
import uk.org.phobos.agency.testkit.service.ServiceJar;
import uk.org.phobos.agency.testkit.service.ServiceProcess;

/**
 * A small fleet for integration tests: agent jars (against a fake or the real CLI) on ports of one
 * contiguous range, and the web view jar discovering that range, all under one {@code AGENCY_ROOT}.
 */
final class WebFleet implements AutoCloseable {
    static final String PASSWORD = "correct horse battery staple";
    private static final Pattern DASHBOARD = Pattern.compile("dashboard on (https://\\S+)");

    final Path root;
    final uk.org.phobos.agency.testkit.net.PortRange agentPorts;
    final List<ServiceProcess> agents = new ArrayList<>();
    ServiceProcess web;
    URI dashboard;
    private final int browserPort;
    private final int internalPort;

    WebFleet(Path dir, int agentSlots) throws IOException {
        this.root = Files.createDirectories(dir.resolve("agency"));
        FreePorts ports = new FreePorts();
        this.agentPorts = ports.contiguousRange(agentSlots);
        this.browserPort = ports.pick();
        int internal = ports.pick();
        while (internal == browserPort) {
            internal = ports.pick();
        }
        this.internalPort = internal;
    }

    /**
     * An agent running {@code claude} in its default sandbox (bwrap is installed here): the fake
     * records its invocations in its own folder, which the agent's config makes writable there.
     */
    ServiceProcess startAgent(int slot, FakeClaude claude, String... extraEnv) throws IOException {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < extraEnv.length; i += 2) {
            env.put(extraEnv[i], extraEnv[i + 1]);
        }
        java.nio.file.Path records = java.nio.file.Files.createDirectories(claude.recordsDirectory());
        java.nio.file.Path config = root.resolveSibling(root.getFileName() + "-agent-" + slot + ".yaml");
        java.nio.file.Files.writeString(config, "sandbox:\n  read_write:\n    - " + records.toAbsolutePath() + "\n");
        return startAgentWith(slot, claude.executable().toString(), List.of("--config", config.toString()), env);
    }

    ServiceProcess startAgent(int slot, String claudeBin, String... extraEnv) throws IOException {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < extraEnv.length; i += 2) {
            env.put(extraEnv[i], extraEnv[i + 1]);
        }
        return startAgentWith(slot, claudeBin, List.of(), env);
    }

    ServiceProcess startAgentWith(int slot, String claudeBin, List<String> args, java.util.Map<String, String> env)
            throws IOException {
        ServiceProcess.Builder builder = ServiceProcess.of(ServiceJar.AGENT)
                .agencyRoot(root)
                .args(
                        "--port",
                        Integer.toString(agentPorts.first() + slot),
                        "--claude-bin",
                        claudeBin,
                        "--log-format",
                        "text")
                .args(args.toArray(String[]::new));
        env.forEach(builder::env);
        ServiceProcess agent = builder.start();
        agents.add(agent);
        Deadline.after(Duration.ofSeconds(30))
                .await(
                        "agent idle",
                        () -> "idle".equals(agent.client().status(agent.url()).state()));
        return agent;
    }

    ServiceProcess startWeb(boolean passwordFromEnvironment) throws IOException {
        ServiceProcess.Builder builder = ServiceProcess.of(ServiceJar.WEB)
                .agencyRoot(root)
                .args(
                        "--port",
                        Integer.toString(browserPort),
                        "--internal-port",
                        Integer.toString(internalPort),
                        "--discovery-range",
                        agentPorts.first() + "-" + agentPorts.last(),
                        "--poll-interval",
                        "1",
                        "--log-format",
                        "text");
        if (passwordFromEnvironment) {
            builder.env("AG_WEB_PASSWORD", PASSWORD);
        }
        web = builder.start();
        String line = web.process().stdout().awaitLine(l -> DASHBOARD.matcher(l).find(), Duration.ofSeconds(5));
        Matcher matcher = DASHBOARD.matcher(line);
        matcher.find();
        dashboard = URI.create(matcher.group(1));
        return web;
    }

    /** The internal API's URL. */
    URI internal() {
        return web.url();
    }

    AgencyClient client() {
        return web.client();
    }

    SSLContext trust() {
        try {
            return FleetTrust.fromTlsDir(root.resolve("tls")).sslContext();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    BrowserClient browser() {
        return new BrowserClient(trust(), dashboard);
    }

    BrowserClient signedIn() {
        BrowserClient browser = browser();
        int status = browser.login(PASSWORD).statusCode();
        if (status != 200) {
            throw new AssertionError("login answered " + status);
        }
        return browser;
    }

    void awaitAgentsDiscovered(int count) {
        BrowserClient browser = signedIn();
        Deadline.after(Duration.ofSeconds(30)).await(count + " agents on the dashboard", () -> {
            int seen = 0;
            for (var member : browser.getJson("/ui/api/fleet").path("members")) {
                if ("agent".equals(member.path("type").asText())
                        && "ok".equals(member.path("health").asText())) {
                    seen++;
                }
            }
            return seen >= count;
        });
    }

    Task awaitTask(String id, java.util.function.Predicate<Task> condition, String what) {
        Task[] last = new Task[1];
        Deadline.after(Duration.ofSeconds(60)).await(what, () -> {
            try {
                last[0] = client().get(internal(), "/api/task/" + id, Task.class);
            } catch (uk.org.phobos.agency.core.api.ApiException e) {
                if (e.code() == uk.org.phobos.agency.core.api.ErrorCode.NOT_FOUND) {
                    return false; // not known yet (e.g. before the first poll imported it)
                }
                throw e;
            }
            return condition.test(last[0]);
        });
        return last[0];
    }

    @Override
    public void close() {
        if (web != null) {
            web.close();
        }
        agents.forEach(ServiceProcess::close);
    }
}
