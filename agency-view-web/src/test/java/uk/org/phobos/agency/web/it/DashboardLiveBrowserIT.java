package uk.org.phobos.agency.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.browser.BrowserPage;
import uk.org.phobos.agency.testkit.browser.HeadlessChromium;
import uk.org.phobos.agency.testkit.fakeclaude.FakeClaude;
import uk.org.phobos.agency.testkit.fakeclaude.FakeRun;
import uk.org.phobos.agency.testkit.process.ProcessTable;
import uk.org.phobos.agency.testkit.service.ServiceProcess;

/**
 * The dashboard's live behaviour in headless Chromium, against the web view jar and an agent jar on a
 * fake {@code claude}: a running task's output appears while it still runs, the layout fits a phone,
 * the keys R and Esc, and the fallback when the event stream fails: polling, which stops while the tab
 * is hidden and resumes when it is visible again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardLiveBrowserIT {
    static final String FIRST_PART = "First part of the answer, written while the task runs.";
    /** A long unbroken token, as pasted paths and URLs are: it must wrap on a phone, not widen the page. */
    static final String LONG_TOKEN = "https://example.org/" + "averylongpathsegmentwithouthyphens/".repeat(6) + "end";

    static final String FINAL_OUTPUT = "The **final** answer, see " + LONG_TOKEN + "\n\n"
            + "| file | lines | words | characters | bytes | owner | group | mode |\n"
            + "|---|---|---|---|---|---|---|---|\n"
            + "| " + "averyveryverylongfilename".repeat(3)
            + ".txt | 1200 | 34000 | 210000 | 210000 | root | root | 0644 |\n\n"
            + "```\n" + "x".repeat(300) + "\n```\n";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final int PHONE_WIDTH = 390;
    static final Duration POLL_INTERVAL = Duration.ofSeconds(5); // app.js

    @TempDir
    static Path dir;

    static WebFleet fleet;
    static FakeClaude claude;
    static HeadlessChromium chromium;
    static BrowserPage page;
    static String sessionHash;
    /** GET /ui/api/sessions requests the page sent (the sessions list, which is what it polls there). */
    static final AtomicInteger sessionListRequests = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        claude = FakeClaude.builder()
                .runs(
                        // Waits (in a sleep the test ends) between its first text and its result.
                        FakeRun.create().init().text(FIRST_PART).hang().success(FINAL_OUTPUT),
                        FakeRun.create().init().success("done"))
                .writeTo(Files.createDirectories(dir.resolve("claude")));
        fleet = new WebFleet(dir, 1);
        fleet.startAgent(0, claude);
        fleet.startWeb(true);
        fleet.awaitAgentsDiscovered(1);
        chromium = HeadlessChromium.launch(
                dir.resolve("chromium"), List.of("--ignore-certificate-errors-spki-list=" + spkiHash(fleet.root)));
        page = chromium.newPage();
        page.onEvent("Network.requestWillBeSent", params -> {
            String url = params.path("request").path("url").asText();
            if (url.endsWith("/ui/api/sessions")
                    && "GET".equals(params.path("request").path("method").asText())) {
                sessionListRequests.incrementAndGet();
            }
        });
        page.send("Network.enable", Map.of());
        Files.createDirectories(SCREENSHOTS);

        page.navigate(fleet.dashboard + "/");
        page.waitFor("location.pathname === '/login' && document.getElementById('password')", Duration.ofSeconds(10));
        page.fill("#password", WebFleet.PASSWORD);
        page.evaluate("document.getElementById('login-form').requestSubmit(), true");
        page.waitFor("location.pathname === '/' && document.querySelector('#fleet .member')", Duration.ofSeconds(15));
        page.waitFor("document.getElementById('live').textContent === 'live'", Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    @Order(1)
    void aRunningTasksOutputAppearsWhileItRunsAndItCompletesWithoutAReload() {
        page.press("n");
        page.waitFor("location.hash === '#/new' && document.getElementById('prompt')", Duration.ofSeconds(10));
        page.evaluate("window.__sameDocument = 'yes'");
        page.fill("#prompt", LONG_TOKEN + "\n\nExplain what is there.");
        page.click("#submit-task");
        page.waitFor(
                "location.hash.startsWith('#/sessions/') && document.querySelector('.task[data-state=working]')",
                Duration.ofSeconds(15));
        sessionHash = page.evaluate("location.hash").asText();
        String taskId =
                page.evaluate("document.querySelector('.task').dataset.task").asText();

        page.waitFor(
                "(document.querySelector('.task .live-output') || {}).textContent?.includes(" + js(FIRST_PART) + ")",
                Duration.ofSeconds(20));
        ServiceProcess agent = fleet.agents.get(0);
        assertThat(agent.client().task(agent.url(), taskId).state())
                .as("the agent still runs the task while its output shows")
                .isEqualTo(TaskState.WORKING);
        assertThat(page.evaluate("document.querySelector('.task').dataset.state")
                        .asText())
                .isEqualTo("working");
        page.screenshot(SCREENSHOTS.resolve("live-1-output-while-working.png"));

        letTheFakeRunFinish(0);

        page.waitFor("document.querySelector('.task[data-state=completed]')", Duration.ofSeconds(30));
        assertThat(page.evaluate("document.querySelector('.task .output strong').textContent")
                        .asText())
                .isEqualTo("final");
        assertThat(page.evaluate("window.__sameDocument").asText())
                .as("updated live, without a reload")
                .isEqualTo("yes");
        assertThat(page.exceptions()).isEmpty();
    }

    @Test
    @Order(2)
    void atPhoneWidthNoViewScrollsSideways() {
        page.viewport(PHONE_WIDTH, 844, true);
        try {
            for (String[] view : List.of(
                    new String[] {"#/fleet", "document.querySelector('#fleet .member')"},
                    new String[] {"#/sessions", "document.querySelector('#sessions .session')"},
                    new String[] {sessionHash, "document.querySelector('.task[data-state=completed] .output')"})) {
                page.evaluate("location.hash = " + js(view[0]) + ", true");
                page.waitFor("location.hash === " + js(view[0]) + " && " + view[1], Duration.ofSeconds(10));
                JsonNode sizes = page.evaluate(
                        "({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})");
                page.screenshot(SCREENSHOTS.resolve("live-2-phone-" + view[0].replaceAll("[^a-z]", "") + ".png"));
                // A mobile viewport zooms out to fit content wider than the screen, which widens
                // innerWidth too: so both are checked against the phone's width.
                assertThat(sizes.path("scrollWidth").asInt())
                        .as("%s is no wider than the phone (see the screenshot)", view[0])
                        .isLessThanOrEqualTo(PHONE_WIDTH);
                assertThat(sizes.path("innerWidth").asInt())
                        .as("%s is not zoomed out", view[0])
                        .isEqualTo(PHONE_WIDTH);
                assertThat(sizes.path("scrollWidth").asInt())
                        .isLessThanOrEqualTo(sizes.path("innerWidth").asInt());
            }
        } finally {
            page.clearViewport();
        }
    }

    @Test
    @Order(3)
    void escClosesWhatNOpened() {
        page.evaluate("location.hash = " + js(sessionHash) + ", true");
        page.waitFor("document.querySelector('.task[data-state=completed]')", Duration.ofSeconds(10));
        page.press("Escape");
        page.waitFor("location.hash === '#/sessions' && document.querySelector('#sessions')", Duration.ofSeconds(10));

        page.press("n");
        page.waitFor(
                "location.hash === '#/new' && document.getElementById('new-task')"
                        + " && document.activeElement === document.getElementById('prompt')",
                Duration.ofSeconds(10));
        page.press("Escape");
        page.waitFor(
                "location.hash === '#/sessions' && !document.getElementById('new-task')"
                        + " && document.querySelector('#sessions')",
                Duration.ofSeconds(10));
    }

    @Test
    @Order(4)
    void whenTheEventStreamFailsThePagePolls() {
        page.evaluate("location.hash = '#/sessions', true");
        page.send("Network.setBlockedURLs", Map.of("urls", List.of("*/ui/api/events*")));
        page.reload();
        page.waitFor(
                "location.hash === '#/sessions' && document.querySelector('#sessions')"
                        + " && document.getElementById('live').textContent === 'polling'",
                Duration.ofSeconds(15));
        page.evaluate("window.__sameDocument = 'yes'");

        String title = "made behind the page's back while it polls";
        String sessionId = submitBehindThePagesBack(title);
        page.waitFor(
                "document.querySelector('#sessions [data-session=\"" + sessionId + "\"]')",
                POLL_INTERVAL.multipliedBy(3));
        assertThat(page.text("#sessions")).contains(title);
        assertThat(page.evaluate("window.__sameDocument").asText()).isEqualTo("yes");
        assertThat(page.text("#live")).isEqualTo("polling");
    }

    @Test
    @Order(5)
    void whileTheTabIsHiddenItDoesNotPollAndRStillRefreshes() {
        setHidden(true);
        String title = "made behind the hidden page's back";
        String sessionId = submitBehindThePagesBack(title);
        String row = "document.querySelector('#sessions [data-session=\"" + sessionId + "\"]')";
        int before = sessionListRequests.get();

        holdsFor(
                POLL_INTERVAL.plusSeconds(2),
                "no polling while hidden",
                () -> sessionListRequests.get() == before
                        && !page.evaluate("Boolean(" + row + ")").asBoolean());

        page.press("r");
        page.waitFor(row, Duration.ofSeconds(10));
        assertThat(page.text("#sessions")).contains(title);
        assertThat(sessionListRequests.get()).isEqualTo(before + 1);
        assertThat(page.evaluate("window.__sameDocument").asText())
                .as("R refreshed without a reload")
                .isEqualTo("yes");
    }

    @Test
    @Order(6)
    void visibleAgainItPollsAndOnceTheStreamIsBackItIsLive() {
        int before = sessionListRequests.get();
        setHidden(false);
        Deadline.after(POLL_INTERVAL.multipliedBy(3))
                .await("a fetch when visible again, then polling", () -> sessionListRequests.get() >= before + 2);

        page.send("Network.setBlockedURLs", Map.of("urls", List.of()));
        page.waitFor("document.getElementById('live').textContent === 'live'", POLL_INTERVAL.multipliedBy(3));
        String sessionId = submitBehindThePagesBack("made while the page is live again");
        page.waitFor(
                "document.querySelector('#sessions [data-session=\"" + sessionId + "\"]')", Duration.ofSeconds(10));
        assertThat(page.evaluate("window.__sameDocument").asText()).isEqualTo("yes");
        assertThat(page.exceptions()).isEmpty();
    }

    /**
     * Makes the page believe its tab is hidden or visible again, as a browser does when the tab goes
     * to the background: {@code document.hidden}, {@code visibilityState} and a {@code visibilitychange}
     * event. Freezing the page instead ({@code Page.setWebLifecycleState}) would stop all its timers,
     * so polling would stop whatever the page's own code did.
     */
    private static void setHidden(boolean hidden) {
        page.evaluate("(() => { window.__hidden = " + hidden + ";"
                + " Object.defineProperty(document, 'hidden', {configurable: true, get: () => window.__hidden});"
                + " Object.defineProperty(document, 'visibilityState', {configurable: true,"
                + " get: () => window.__hidden ? 'hidden' : 'visible'});"
                + " document.dispatchEvent(new Event('visibilitychange')); return true; })()");
    }

    /** A task for the agent from the internal API, as the CLI sends one; waits until it has ended. */
    private static String submitBehindThePagesBack(String prompt) {
        JsonNode accepted =
                fleet.client().send(fleet.internal(), "POST", "/api/task", Map.of("prompt", prompt), JsonNode.class);
        fleet.awaitTask(accepted.path("task_id").asText(), t -> t.state().isTerminal(), "the task '" + prompt + "'");
        return accepted.path("session_id").asText();
    }

    /** Ends the {@code hang()} of the fake's {@code index}th run, so that it goes on to its result. */
    private static void letTheFakeRunFinish(int index) {
        String runId = claude.invocations().get(index).env().get("AGENCY_RUN_ID");
        assertThat(runId).as("the run's id in its environment").isNotBlank();
        List<ProcessHandle> sleeps = ProcessTable.runningWithEnvironment("AGENCY_RUN_ID", runId).stream()
                .filter(DashboardLiveBrowserIT::isSleep)
                .toList();
        assertThat(sleeps).as("the fake's hang").hasSize(1);
        sleeps.get(0).destroy();
    }

    private static boolean isSleep(ProcessHandle process) {
        try {
            String commandLine =
                    Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"), StandardCharsets.UTF_8);
            String program = commandLine.split("\0", 2)[0];
            return program.equals("sleep") || program.endsWith("/sleep");
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }

    /**
     * Checks that {@code condition} stays true for {@code period}: the one wait here that is not for
     * something to happen, since "no request was sent" can only be seen over a stretch of time.
     */
    private static void holdsFor(Duration period, String what, BooleanSupplier condition) {
        boolean broke = Deadline.after(period).poll(() -> !condition.getAsBoolean());
        assertThat(broke).as(what).isFalse();
    }

    private static String js(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String spkiHash(Path root) throws Exception {
        try (InputStream in = Files.newInputStream(root.resolve("tls").resolve("ag-view-web.pem"))) {
            X509Certificate certificate =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getPublicKey().getEncoded());
            return Base64.getEncoder().encodeToString(digest);
        }
    }
}
