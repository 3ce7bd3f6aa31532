package uk.org.phobos.agency.testkit.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import uk.org.phobos.agency.testkit.Deadline;

/**
 * One tab, driven over the DevTools protocol: navigate, run script in the page, wait for a condition,
 * take a screenshot. Console messages and uncaught exceptions are collected for assertions.
 */
public final class BrowserPage {
    private final CdpConnection cdp;
    private final String sessionId;
    private final List<String> console = new CopyOnWriteArrayList<>();
    private final List<String> exceptions = new CopyOnWriteArrayList<>();

    BrowserPage(CdpConnection cdp, String sessionId) {
        this.cdp = cdp;
        this.sessionId = sessionId;
        cdp.onEvent(event -> {
            if (!sessionId.equals(event.path("sessionId").asText())) {
                return;
            }
            String method = event.path("method").asText();
            if (method.equals("Runtime.consoleAPICalled")) {
                console.add(event.path("params").path("args").toString());
            } else if (method.equals("Runtime.exceptionThrown")) {
                exceptions.add(event.path("params").path("exceptionDetails").toString());
            } else if (method.equals("Log.entryAdded")) {
                console.add(event.path("params").path("entry").path("text").asText());
            }
        });
        send("Page.enable", Map.of());
        send("Runtime.enable", Map.of());
        send("Log.enable", Map.of());
    }

    public JsonNode send(String method, Map<String, ?> params) {
        return cdp.send(sessionId, method, params);
    }

    /**
     * Calls {@code listener} with the {@code params} of every DevTools event {@code method} of this tab
     * (e.g. {@code Network.requestWillBeSent} once {@code Network.enable} was sent), on the connection's
     * reading thread: keep it short.
     */
    public void onEvent(String method, Consumer<JsonNode> listener) {
        cdp.onEvent(event -> {
            if (sessionId.equals(event.path("sessionId").asText())
                    && method.equals(event.path("method").asText())) {
                listener.accept(event.path("params"));
            }
        });
    }

    /** Opens {@code url} and waits until the document has loaded. */
    public void navigate(String url) {
        send("Page.navigate", Map.of("url", url));
        waitFor(
                "document.readyState === 'complete' && location.href.startsWith('"
                        + (url.indexOf('#') < 0 ? url : url.substring(0, url.indexOf('#'))) + "')",
                Duration.ofSeconds(20));
    }

    /** Loads the page again and waits until it has loaded. */
    public void reload() {
        evaluate("window.__reloading = true");
        send("Page.reload", Map.of("ignoreCache", true));
        waitFor("document.readyState === 'complete' && !window.__reloading", Duration.ofSeconds(20));
    }

    /** Evaluates {@code expression} in the page (promises awaited) and returns its value as JSON. */
    public JsonNode evaluate(String expression) {
        JsonNode result =
                send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until {@code condition} (a script expression) is true in the page. */
    public void waitFor(String condition, Duration timeout) {
        Deadline.after(timeout).await(condition, () -> {
            try {
                return evaluate("Boolean(" + condition + ")").asBoolean();
            } catch (IllegalStateException e) {
                return false; // e.g. the page is navigating
            }
        });
    }

    /** Sets an input's value as typing would (input events fired). */
    public void fill(String selector, String value) {
        evaluate("(() => { const e = document.querySelector(" + js(selector) + "); e.focus(); e.value = " + js(value)
                + "; e.dispatchEvent(new Event('input', {bubbles: true})); return true; })()");
    }

    public void click(String selector) {
        evaluate("(() => { document.querySelector(" + js(selector) + ").click(); return true; })()");
    }

    /** Presses a key on the page (keydown on the focused element, or the body). */
    public void press(String key) {
        send("Input.dispatchKeyEvent", Map.of("type", "keyDown", "key", key, "text", key.length() == 1 ? key : ""));
        send("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", key));
    }

    public String text(String selector) {
        return evaluate("(() => { const e = document.querySelector(" + js(selector)
                        + "); return e ? e.textContent : null; })()")
                .asText(null);
    }

    /** Saves a PNG of the visible page at {@code file}. */
    public Path screenshot(Path file) {
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void viewport(int width, int height, boolean mobile) {
        send(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** Ends {@link #viewport}: the window's own size again. */
    public void clearViewport() {
        send("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    public List<String> console() {
        return List.copyOf(console);
    }

    public List<String> exceptions() {
        return List.copyOf(exceptions);
    }

    /** A string as a JavaScript literal. */
    static String js(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '<' -> out.append("\\u003c");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
