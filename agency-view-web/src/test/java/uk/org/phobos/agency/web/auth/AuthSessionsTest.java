package uk.org.phobos.agency.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.AgencyJson;

class AuthSessionsTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final ObjectMapper mapper = AgencyJson.newMapper();
    private final Secrets secrets = new Secrets(new SecureRandom());

    private AuthSessions open() throws Exception {
        return AuthSessions.open(dir.resolve("auth-sessions.json"), mapper, clock, secrets);
    }

    @Test
    void aSessionIsFoundByItsSecretWhichIsNeverStored() throws Exception {
        AuthSessions sessions = open();
        AuthSessions.Created created = sessions.create(AuthSession.Kind.PASSWORD, "Chrome on Linux", "127.0.0.1");

        assertThat(sessions.authenticate(created.secret(), "127.0.0.1")).contains(created.session());
        assertThat(sessions.authenticate(created.secret() + "x", "127.0.0.1")).isEmpty();
        String file = Files.readString(dir.resolve("auth-sessions.json"));
        assertThat(file).doesNotContain(created.secret()).contains(Secrets.sha256(created.secret()));
        assertThat(created.session().id()).isNotEqualTo(created.secret());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("auth-sessions.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aSignInThatBeganBeforeEveryoneWasSignedOutCreatesNoSession() throws Exception {
        AuthSessions sessions = open();
        long before = sessions.generation();
        // The password check of a sign-in runs here (Argon2id, slow) while a password change signs everyone out.
        sessions.revokeAll();

        assertThat(sessions.createIfNoneRevokedSince(before, AuthSession.Kind.PASSWORD, "late", "127.0.0.1"))
                .isEmpty();
        assertThat(sessions.list()).isEmpty();

        long now = sessions.generation();
        assertThat(now).isGreaterThan(before);
        Optional<AuthSessions.Created> fresh =
                sessions.createIfNoneRevokedSince(now, AuthSession.Kind.DEVICE, "after", "127.0.0.1");
        assertThat(fresh).isPresent();
        assertThat(sessions.authenticate(fresh.orElseThrow().secret(), "127.0.0.1"))
                .isPresent();
    }

    @Test
    void sessionsSurviveARestart() throws Exception {
        AuthSessions.Created created = open().create(AuthSession.Kind.DEVICE, "phone", "10.0.0.2");

        assertThat(open().authenticate(created.secret(), "10.0.0.2")).isPresent();
    }

    @Test
    void lastSeenIsBatchedNotWrittenOnEveryRequest() throws Exception {
        AuthSessions sessions = open();
        AuthSessions.Created created = sessions.create(AuthSession.Kind.PASSWORD, "b", "127.0.0.1");
        String before = Files.readString(dir.resolve("auth-sessions.json"));

        clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 100; i++) {
            sessions.authenticate(created.secret(), "127.0.0.1");
        }

        assertThat(Files.readString(dir.resolve("auth-sessions.json"))).isEqualTo(before);
        assertThat(sessions.list().get(0).lastSeen()).isEqualTo(clock.instant());
        sessions.flush();
        assertThat(open().list().get(0).lastSeen()).isEqualTo(clock.instant());
    }

    @Test
    void revokingOneLeavesTheOthers() throws Exception {
        AuthSessions sessions = open();
        AuthSessions.Created a = sessions.create(AuthSession.Kind.PASSWORD, "a", "127.0.0.1");
        AuthSessions.Created b = sessions.create(AuthSession.Kind.DEVICE, "b", "127.0.0.1");

        assertThat(sessions.revoke(a.session().id())).isTrue();

        assertThat(sessions.authenticate(a.secret(), "127.0.0.1")).isEmpty();
        assertThat(sessions.authenticate(b.secret(), "127.0.0.1")).isPresent();
        assertThat(open().authenticate(a.secret(), "127.0.0.1")).isEmpty();
    }

    @Test
    void revokeAllSignsEveryoneOut() throws Exception {
        AuthSessions sessions = open();
        AuthSessions.Created a = sessions.create(AuthSession.Kind.PASSWORD, "a", "127.0.0.1");
        AuthSessions.Created b = sessions.create(AuthSession.Kind.DEVICE, "b", "127.0.0.1");

        sessions.revokeAll();

        assertThat(sessions.authenticate(a.secret(), "x")).isEmpty();
        assertThat(sessions.authenticate(b.secret(), "x")).isEmpty();
        assertThat(open().list()).isEmpty();
    }

    @Test
    void passwordSessionsExpireAfterThirtyDaysDevicesAfterAYear() throws Exception {
        AuthSessions sessions = open();
        AuthSessions.Created browser = sessions.create(AuthSession.Kind.PASSWORD, "a", "127.0.0.1");
        AuthSessions.Created device = sessions.create(AuthSession.Kind.DEVICE, "b", "127.0.0.1");

        clock.advance(Duration.ofDays(31));

        assertThat(sessions.authenticate(browser.secret(), "x")).isEmpty();
        assertThat(sessions.authenticate(device.secret(), "x")).isPresent();
    }

    @Test
    void labelsAreCleanedAndShort() {
        assertThat(AuthSessions.cleanLabel("a\u0000b\nc" + "x".repeat(200)))
                .hasSize(80)
                .doesNotContain("\n", "\u0000");
        assertThat(AuthSessions.cleanLabel(" ")).isEqualTo("unnamed device");
    }

    @Test
    void everyWayASessionEndsIsReportedSoItsStreamsCanBeClosed() throws Exception {
        AuthSessions sessions = open();
        java.util.List<String> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
        sessions.onEnded(ended::add);
        AuthSessions.Created laptop = sessions.create(AuthSession.Kind.PASSWORD, "laptop", "127.0.0.1");
        AuthSessions.Created phone = sessions.create(AuthSession.Kind.DEVICE, "phone", "10.0.0.2");
        AuthSessions.Created tablet = sessions.create(AuthSession.Kind.DEVICE, "tablet", "10.0.0.3");
        assertThat(sessions.isLive(phone.session().id())).isTrue();

        sessions.revoke(phone.session().id());
        assertThat(ended).containsExactly(phone.session().id());
        assertThat(sessions.isLive(phone.session().id())).isFalse();

        clock.advance(AuthSessions.PASSWORD_LIFETIME.plusSeconds(1));
        assertThat(sessions.isLive(laptop.session().id())).as("expired").isFalse();
        assertThat(sessions.authenticate(laptop.secret(), "127.0.0.1")).isEmpty();
        assertThat(ended).containsExactly(phone.session().id(), laptop.session().id());

        sessions.revokeAll();
        assertThat(ended)
                .containsExactly(
                        phone.session().id(),
                        laptop.session().id(),
                        tablet.session().id());
    }
}
