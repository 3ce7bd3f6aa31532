package uk.org.phobos.agency.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.web.auth.Argon2id;

/** Rate limits and password changes: each test starts its own web view (they change global state). */
class WebSignInLimitsIT {
    @TempDir
    Path dir;

    @Test
    void tenFailedAttemptsBlockTheAddressForAnHourAndForwardedForDoesNotHelp() throws Exception {
        try (WebFleet fleet = new WebFleet(dir, 1)) {
            fleet.startWeb(true);
            BrowserClient attacker = fleet.browser();
            for (int i = 0; i < 5; i++) {
                assertThat(attacker.login("guess " + i).statusCode()).isEqualTo(401);
            }
            for (int i = 0; i < 5; i++) {
                assertThat(attacker.post("/pair", Map.of("code", "AAAA" + i + "AAA"))
                                .statusCode())
                        .isEqualTo(401);
            }

            HttpResponse<String> blocked = attacker.login(WebFleet.PASSWORD);
            HttpResponse<String> spoofed = attacker.post(
                    "/login", "{\"password\":\"x\"}", "application/json", Map.of("X-Forwarded-For", "203.0.113.9"));

            assertThat(blocked.statusCode()).isEqualTo(429);
            assertThat(blocked.body()).contains("rate_limited");
            assertThat(Long.parseLong(
                            blocked.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(3500L, 3600L);
            assertThat(spoofed.statusCode()).isEqualTo(429);
        }
    }

    @Test
    void changingThePasswordSignsEveryDeviceOut() throws Exception {
        try (WebFleet fleet = new WebFleet(dir, 1)) {
            Path web = Files.createDirectories(fleet.root.resolve("web"));
            Files.writeString(
                    web.resolve("password.argon2"),
                    new Argon2id(Argon2id.Cost.DEFAULT, new SecureRandom()).hash(WebFleet.PASSWORD.toCharArray()));
            fleet.startWeb(false);
            BrowserClient laptop = fleet.signedIn();
            BrowserClient other = fleet.signedIn();
            BrowserClient.LiveEvents laptopEvents = laptop.openEvents("/ui/api/events");
            BrowserClient.LiveEvents otherEvents = other.openEvents("/ui/api/events");
            laptopEvents.awaitEvent("hello", Duration.ofSeconds(10));
            otherEvents.awaitEvent("hello", Duration.ofSeconds(10));

            HttpResponse<String> wrong = laptop.post(
                    "/ui/api/password", Map.of("current_password", "nope", "new_password", "a new long password"));
            HttpResponse<String> weak = laptop.post(
                    "/ui/api/password", Map.of("current_password", WebFleet.PASSWORD, "new_password", "short"));
            HttpResponse<String> change = laptop.post(
                    "/ui/api/password",
                    Map.of("current_password", WebFleet.PASSWORD, "new_password", "a new long password"));

            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(weak.statusCode()).isEqualTo(400);
            assertThat(change.statusCode()).isEqualTo(200);
            laptopEvents.awaitEnd(Duration.ofSeconds(10));
            otherEvents.awaitEnd(Duration.ofSeconds(10));
            assertThat(laptop.get("/ui/api/me").statusCode()).isEqualTo(401);
            assertThat(other.get("/ui/api/me").statusCode()).isEqualTo(401);
            assertThat(fleet.browser().login(WebFleet.PASSWORD).statusCode()).isEqualTo(401);
            assertThat(fleet.browser().login("a new long password").statusCode())
                    .isEqualTo(200);
            assertThat(Files.readString(web.resolve("password.argon2")))
                    .startsWith("$argon2id$")
                    .doesNotContain("new long");
        }
    }
}
