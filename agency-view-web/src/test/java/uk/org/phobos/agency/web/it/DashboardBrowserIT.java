package uk.org.phobos.agency.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.testkit.anthropic.AnthropicStandIn;
import uk.org.phobos.agency.testkit.anthropic.ScriptedReply;
import uk.org.phobos.agency.testkit.browser.BrowserPage;
import uk.org.phobos.agency.testkit.browser.HeadlessChromium;
import uk.org.phobos.agency.testkit.claude.ClaudeCli;
import uk.org.phobos.agency.testkit.claude.ClaudeCliEnvironment;

/**
 * The dashboard in real headless Chromium, against the web view jar and an agent jar running the
 * real Claude Code CLI against the Anthropic stand-in: sign in, see the fleet, start a task and watch
 * it finish live, continue the session, pair a second browser, and show that a script in agent
 * output never runs. Screenshots go to {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {
    static final String HOSTILE_OUTPUT = "All **done**: <script>window.__pwned = 1; document.title = 'pwned'</script>"
            + " <img src=x onerror=\"window.__pwned = 2\"> [click](javascript:window.__pwned=3)";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path dir;

    static AnthropicStandIn api;
    static WebFleet fleet;
    static HeadlessChromium chromium;
    static BrowserPage page;
    static String sessionUrl;

    @BeforeAll
    static void start() throws Exception {
        api = AnthropicStandIn.start();
        fleet = new WebFleet(dir, 1);
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                keep_env:
                  - CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC
                  - CLAUDE_CODE_TMPDIR
                  - CLAUDE_CODE_MAX_RETRIES
                """);
        Map<String, String> cliEnv = ClaudeCliEnvironment.forStandIn(api.baseUrl(), dir.resolve("home"))
                .maxRetries(0)
                .toMap();
        fleet.startAgentWith(
                0,
                ClaudeCli.locate().binary().toString(),
                List.of("--config", config.toString()),
                Map.of(
                        "ANTHROPIC_BASE_URL", cliEnv.get("ANTHROPIC_BASE_URL"),
                        "ANTHROPIC_API_KEY", cliEnv.get("ANTHROPIC_API_KEY"),
                        "HOME", cliEnv.get("HOME"),
                        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1",
                        "CLAUDE_CODE_TMPDIR", cliEnv.get("CLAUDE_CODE_TMPDIR"),
                        "CLAUDE_CODE_MAX_RETRIES", "0"));
        fleet.startWeb(true);
        fleet.awaitAgentsDiscovered(1);
        chromium = HeadlessChromium.launch(
                dir.resolve("chromium"), List.of("--ignore-certificate-errors-spki-list=" + spkiHash(fleet.root)));
        page = chromium.newPage();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    @Order(1)
    void signingInShowsTheFleet() {
        page.navigate(fleet.dashboard + "/");
        page.waitFor("location.pathname === '/login' && document.getElementById('password')", Duration.ofSeconds(10));
        page.fill("#password", "wrong password");
        page.evaluate("document.getElementById('login-form').requestSubmit(), true");
        page.waitFor("document.getElementById('message').textContent === 'wrong password'", Duration.ofSeconds(10));

        page.fill("#password", WebFleet.PASSWORD);
        page.evaluate("document.getElementById('login-form').requestSubmit(), true");

        page.waitFor("location.pathname === '/' && document.querySelector('#fleet .member')", Duration.ofSeconds(15));
        page.waitFor("document.querySelector('#fleet .member.health-ok')", Duration.ofSeconds(10));
        assertThat(page.text("#fleet")).contains("agent-" + fleet.agentPorts.first(), "idle");
        page.waitFor("document.getElementById('live').textContent === 'live'", Duration.ofSeconds(10));
        page.screenshot(SCREENSHOTS.resolve("1-fleet.png"));
        assertThat(page.evaluate("document.cookie").asText())
                .as("the session cookie is HttpOnly")
                .isEmpty();
    }

    @Test
    @Order(2)
    void aTaskStartedFromTheDashboardCompletesLiveAndItsScriptNeverRuns() {
        api.enqueue(ScriptedReply.bash("echo hello from the agent"), ScriptedReply.text(HOSTILE_OUTPUT));
        page.press("n");
        page.waitFor("location.hash === '#/new' && document.getElementById('prompt')", Duration.ofSeconds(10));
        page.evaluate("window.__sameDocument = 'yes'");
        page.fill("#prompt", "Say <b>hello</b> <script>window.__pwned = 4</script>");
        page.click("#submit-task");

        page.waitFor(
                "location.hash.startsWith('#/sessions/') && document.querySelector('.task')", Duration.ofSeconds(15));
        sessionUrl = page.evaluate("location.href").asText();
        page.waitFor("document.querySelector('.task[data-state=completed]')", Duration.ofSeconds(90));

        assertThat(page.evaluate("window.__sameDocument").asText())
                .as("updated live, without a reload")
                .isEqualTo("yes");
        assertThat(page.evaluate("typeof window.__pwned").asText()).isEqualTo("undefined");
        assertThat(page.evaluate("document.title").asText()).isEqualTo("Agency");
        assertThat(page.evaluate(
                                "document.querySelectorAll('.markdown script, .markdown img, .markdown [onerror]').length")
                        .asInt())
                .isZero();
        assertThat(page.evaluate("document.querySelector('.task .output strong').textContent")
                        .asText())
                .isEqualTo("done");
        assertThat(page.text(".task .output")).contains("<script>", "document.title = 'pwned'</script>", "onerror=");
        assertThat(page.text(".task .prompt")).contains("<script>window.__pwned = 4</script>");
        assertThat(page.evaluate("document.querySelectorAll('a[href^=javascript]').length")
                        .asInt())
                .isZero();
        assertThat(page.text(".task")).contains("Bash");
        page.screenshot(SCREENSHOTS.resolve("2-task-completed.png"));
        assertThat(page.exceptions()).isEmpty();
    }

    @Test
    @Order(3)
    void theSessionCanBeContinued() {
        api.enqueue(ScriptedReply.text("Continued as asked."));
        page.navigate(sessionUrl);
        page.waitFor("document.getElementById('continue-prompt')", Duration.ofSeconds(10));
        page.fill("#continue-prompt", "now say goodbye");
        page.evaluate("document.getElementById('continue-form').requestSubmit(), true");

        page.waitFor("document.querySelectorAll('.task[data-state=completed]').length === 2", Duration.ofSeconds(90));
        assertThat(page.text("main")).contains("Continued as asked.");
        assertThat(page.evaluate("typeof window.__pwned").asText()).isEqualTo("undefined");
        page.screenshot(SCREENSHOTS.resolve("3-session-continued.png"));
    }

    @Test
    @Order(4)
    void aSecondBrowserPairsWithACode() {
        page.navigate(fleet.dashboard + "/#/devices");
        page.waitFor("location.hash === '#/devices' && document.getElementById('pair-button')", Duration.ofSeconds(10));
        page.click("#pair-button");
        page.waitFor(
                "/^[A-Z0-9]{8}$/.test((document.querySelector('#pairing-code code') || {}).textContent)",
                Duration.ofSeconds(10));
        String code = page.text("#pairing-code code");

        BrowserPage phone = chromium.newIsolatedPage();
        phone.viewport(390, 844, true);
        phone.navigate(fleet.dashboard + "/");
        phone.waitFor("location.pathname === '/login'", Duration.ofSeconds(10));
        phone.navigate(fleet.dashboard + "/pair");
        phone.fill("#code", code.toLowerCase(java.util.Locale.ROOT));
        phone.fill("#label", "test phone");
        phone.evaluate("document.getElementById('pair-form').requestSubmit(), true");
        phone.waitFor("location.pathname === '/' && document.querySelector('#fleet .member')", Duration.ofSeconds(15));
        phone.navigate(fleet.dashboard + "/#/sessions");
        phone.waitFor("document.querySelector('#sessions .session')", Duration.ofSeconds(10));
        phone.screenshot(SCREENSHOTS.resolve("4-paired-phone-sessions.png"));

        page.reload();
        page.waitFor("document.querySelectorAll('#devices [data-device]').length === 3", Duration.ofSeconds(10));
        assertThat(page.text("#devices")).contains("test phone");
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
