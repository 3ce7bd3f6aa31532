package uk.org.phobos.agency.testkit.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.org.phobos.agency.testkit.process.LaunchedProcess;
import uk.org.phobos.agency.testkit.process.ProcessLauncher;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol from Java: no WebDriver, no browser
 * download. Started with the flags that keep it off the network (this machine has none), a fresh
 * profile, and its own process group, which {@link #close()} ends.
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final String BINARY_PROPERTY = "agency.chromium.bin";
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final LaunchedProcess process;
    private final CdpConnection cdp;

    private HeadlessChromium(LaunchedProcess process, CdpConnection cdp) {
        this.process = process;
        this.cdp = cdp;
    }

    /** The Chromium binary: {@code -Dagency.chromium.bin}, else /usr/bin/chromium; fails naming the fix. */
    public static Path locate() {
        String configured = System.getProperty(BINARY_PROPERTY);
        Path binary = Path.of(configured != null ? configured : "/usr/bin/chromium");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: install Debian's chromium with ./build.sh setup"
                    + " (or point -D" + BINARY_PROPERTY + " at a Chromium)");
        }
        return binary;
    }

    /**
     * Starts Chromium with a profile in {@code profile} (created) and the extra {@code flags} (e.g.
     * {@code --ignore-certificate-errors-spki-list=...} to trust one test server's key).
     */
    public static HeadlessChromium launch(Path profile, List<String> flags) throws IOException {
        Files.createDirectories(profile);
        List<String> command = new ArrayList<>(List.of(
                locate().toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--window-size=1280,900"));
        command.addAll(flags);
        command.add("about:blank");
        LaunchedProcess process = ProcessLauncher.command(command)
                .env("HOME", profile.toAbsolutePath().toString())
                .start();
        try {
            String line = process.stderr().awaitLine(l -> DEVTOOLS.matcher(l).find(), Duration.ofSeconds(30));
            Matcher matcher = DEVTOOLS.matcher(line);
            matcher.find();
            return new HeadlessChromium(process, CdpConnection.open(URI.create(matcher.group(1))));
        } catch (RuntimeException | Error e) {
            String stderr = process.stderr().text();
            process.close();
            throw new IllegalStateException("Chromium did not start: " + e.getMessage() + "\n" + stderr, e);
        }
    }

    /** A new tab in a new, isolated browser context (its own cookies), as a second browser would be. */
    public BrowserPage newIsolatedPage() {
        String context = cdp.send(null, "Target.createBrowserContext", Map.of())
                .path("browserContextId")
                .asText();
        return open(Map.of("url", "about:blank", "browserContextId", context));
    }

    /** A new tab in the default context. */
    public BrowserPage newPage() {
        return open(Map.of("url", "about:blank"));
    }

    private BrowserPage open(Map<String, ?> target) {
        String targetId =
                cdp.send(null, "Target.createTarget", target).path("targetId").asText();
        JsonNode attached = cdp.send(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true));
        return new BrowserPage(cdp, attached.path("sessionId").asText());
    }

    @Override
    public void close() {
        try {
            cdp.send(null, "Browser.close", Map.of());
        } catch (RuntimeException e) {
            // it may already be gone
        } finally {
            cdp.close();
            process.close();
        }
    }
}
