package uk.org.phobos.agency.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser side's protections, against the real web view jar. */
class WebSecurityIT {
    @TempDir
    static Path dir;

    static WebFleet fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = new WebFleet(dir, 1);
        fleet.startWeb(true);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        BrowserClient anonymous = fleet.browser();
        BrowserClient signedIn = fleet.signedIn();
        List<HttpResponse<String>> responses = List.of(
                anonymous.get("/"),
                anonymous.get("/login"),
                anonymous.get("/pair"),
                anonymous.get("/assets/app.js"),
                anonymous.get("/assets/style.css"),
                anonymous.get("/status"),
                anonymous.get("/no/such/page"),
                anonymous.get("/ui/api/fleet"),
                anonymous.post("/login", Map.of("password", "wrong")),
                signedIn.get("/"),
                signedIn.get("/ui/api/sessions"),
                signedIn.get("/ui/api/fleet"),
                signedIn.get("/assets/passwd"),
                signedIn.get("/ui/api/tasks/nope/events"),
                signedIn.get("/ui/api/sessions/does-not-exist"));
        for (HttpResponse<String> response : responses) {
            String what =
                    response.request().method() + " " + response.uri().getPath() + " (" + response.statusCode() + ")";
            String csp =
                    response.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp)
                    .as(what)
                    .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'");
            assertThat(csp).as(what).doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
            assertThat(response.headers().firstValue("Referrer-Policy"))
                    .as(what)
                    .contains("no-referrer");
            assertThat(response.headers().firstValue("X-Content-Type-Options"))
                    .as(what)
                    .contains("nosniff");
            assertThat(response.headers().firstValue("Strict-Transport-Security"))
                    .as(what)
                    .isPresent();
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .as(what)
                    .isEmpty();
        }
    }

    @Test
    void pagesNeedASessionAndRedirectToLogin() {
        BrowserClient anonymous = fleet.browser();

        assertThat(anonymous.get("/").statusCode()).isEqualTo(303);
        assertThat(anonymous.get("/").headers().firstValue("Location")).contains("/login");
        assertThat(anonymous.get("/ui/api/sessions").statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/login").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/status").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/assets/app.js").body()).contains("textContent");
    }

    @Test
    void loginSetsAStrictCookieAndLogoutEndsTheSession() {
        BrowserClient browser = fleet.browser();
        assertThat(browser.login("not the password").statusCode()).isEqualTo(401);

        HttpResponse<String> login = browser.login(WebFleet.PASSWORD);

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("agency_session=")
                .contains("HttpOnly", "Secure", "SameSite=Strict", "Path=/");
        assertThat(browser.get("/ui/api/me").statusCode()).isEqualTo(200);
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
        String oldCookie = browser.cookie();

        HttpResponse<String> logout = browser.post("/logout", Map.of());
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        browser.cookie(oldCookie);
        assertThat(browser.get("/ui/api/me").statusCode()).isEqualTo(401);
    }

    @Test
    void crossSiteRequestsAreRefused() {
        BrowserClient browser = fleet.signedIn();

        HttpResponse<String> form =
                browser.post("/ui/api/tasks", "prompt=rm+-rf", "application/x-www-form-urlencoded", Map.of());
        HttpResponse<String> otherOrigin = browser.post(
                "/ui/api/tasks", "{\"prompt\":\"x\"}", "application/json", Map.of("Origin", "https://evil.example"));
        HttpResponse<String> plainText = browser.post("/logout", "{}", "text/plain", Map.of());

        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(otherOrigin.statusCode()).isEqualTo(403);
        assertThat(plainText.statusCode()).isEqualTo(415);
        assertThat(browser.get("/ui/api/me").statusCode()).as("still signed in").isEqualTo(200);
    }

    @Test
    void aPairingCodeSignsInASecondDeviceOnceAndTheDeviceCanBeRevoked() {
        BrowserClient laptop = fleet.signedIn();
        String code = laptop.read(laptop.post("/ui/api/pairing-codes", Map.of()).body())
                .path("code")
                .asText();
        assertThat(code).hasSize(8);

        BrowserClient phone = fleet.browser();
        HttpResponse<String> paired = phone.post("/pair", Map.of("code", code, "label", "my phone"));
        phone.remember(paired);
        BrowserClient thief = fleet.browser();
        HttpResponse<String> reused = thief.post("/pair", Map.of("code", code, "label", "thief"));

        assertThat(paired.statusCode()).isEqualTo(200);
        assertThat(reused.statusCode()).isEqualTo(401);
        assertThat(phone.get("/ui/api/me").statusCode()).isEqualTo(200);
        JsonNode devices = laptop.getJson("/ui/api/devices").path("devices");
        JsonNode phoneEntry = null;
        for (JsonNode device : devices) {
            assertThat(device.toString()).doesNotContain(laptop.cookie()).doesNotContain(phone.cookie());
            if (device.path("label").asText().equals("my phone")) {
                phoneEntry = device;
            }
        }
        assertThat(phoneEntry).isNotNull();
        assertThat(phoneEntry.path("kind").asText()).isEqualTo("device");
        assertThat(phoneEntry.path("address").asText()).isEqualTo("127.0.0.1");

        HttpResponse<String> revoke =
                laptop.post("/ui/api/devices/" + phoneEntry.path("id").asText() + "/revoke", Map.of());

        assertThat(revoke.statusCode()).isEqualTo(200);
        assertThat(phone.get("/ui/api/me").statusCode()).isEqualTo(401);
        assertThat(laptop.get("/ui/api/me").statusCode()).isEqualTo(200);
    }

    @Test
    void revokingOrSigningOutASessionClosesItsOpenEventStreamsAndNoOthers() throws Exception {
        BrowserClient laptop = fleet.signedIn();
        BrowserClient phone = fleet.signedIn();
        String phoneId = phone.getJson("/ui/api/me").path("id").asText();
        try (BrowserClient.LiveEvents phoneEvents = phone.openEvents("/ui/api/events");
                BrowserClient.LiveEvents laptopEvents = laptop.openEvents("/ui/api/events")) {
            phoneEvents.awaitEvent("hello", Duration.ofSeconds(10));
            laptopEvents.awaitEvent("hello", Duration.ofSeconds(10));

            assertThat(laptop.post("/ui/api/devices/" + phoneId + "/revoke", Map.of())
                            .statusCode())
                    .isEqualTo(200);

            phoneEvents.awaitEnd(Duration.ofSeconds(10));
            assertThat(laptopEvents.ended())
                    .as("another session's stream stays open")
                    .isFalse();

            assertThat(laptop.post("/logout", Map.of()).statusCode()).isEqualTo(200);

            laptopEvents.awaitEnd(Duration.ofSeconds(10));
        }
    }

    @Test
    void aPasswordFromTheEnvironmentCannotBeChangedFromTheDashboard() {
        BrowserClient browser = fleet.signedIn();

        HttpResponse<String> change = browser.post(
                "/ui/api/password",
                Map.of("current_password", WebFleet.PASSWORD, "new_password", "another long password"));

        assertThat(change.statusCode()).isEqualTo(403);
        assertThat(change.body()).contains("AG_WEB_PASSWORD");
    }

    @Test
    void theInternalPortNeedsTheFleetToken() {
        var http =
                java.net.http.HttpClient.newBuilder().sslContext(fleet.trust()).build();
        var request = java.net.http.HttpRequest.newBuilder(fleet.internal().resolve("/api/sessions"))
                .GET()
                .build();
        try {
            assertThat(http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(401);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(fleet.client().status(fleet.internal()).type().wireName()).isEqualTo("view");
    }
}
