package uk.org.phobos.agency.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock, 10, Duration.ofHours(1));

    @Test
    void tenFailuresBlockTheAddressForAnHourWithRetryAfter() {
        for (int i = 0; i < 9; i++) {
            throttle.failed("10.0.0.1");
        }
        assertThatCode(() -> throttle.check("10.0.0.1")).doesNotThrowAnyException();

        throttle.failed("10.0.0.1");

        assertThatThrownBy(() -> throttle.check("10.0.0.1")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.headers()).containsEntry("Retry-After", "3600");
        });
        clock.advance(Duration.ofMinutes(59));
        assertThatThrownBy(() -> throttle.check("10.0.0.1"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.headers()).containsEntry("Retry-After", "60"));
        clock.advance(Duration.ofMinutes(1));
        assertThatCode(() -> throttle.check("10.0.0.1")).doesNotThrowAnyException();
    }

    @Test
    void addressesAreCountedApart() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("10.0.0.1");
        }

        assertThatCode(() -> throttle.check("10.0.0.2")).doesNotThrowAnyException();
    }

    @Test
    void aSuccessBeforeTheLimitForgetsEarlierFailuresButNotABlock() {
        for (int i = 0; i < 9; i++) {
            throttle.failed("a");
        }
        throttle.succeeded("a");
        for (int i = 0; i < 9; i++) {
            throttle.failed("a");
        }
        assertThatCode(() -> throttle.check("a")).doesNotThrowAnyException();

        throttle.failed("a");
        throttle.succeeded("a");
        assertThatThrownBy(() -> throttle.check("a")).isInstanceOf(ApiException.class);
    }

    @Test
    void failuresOlderThanThePeriodDoNotAddUp() {
        for (int i = 0; i < 9; i++) {
            throttle.failed("a");
        }
        clock.advance(Duration.ofHours(2));
        throttle.failed("a");

        assertThatCode(() -> throttle.check("a")).doesNotThrowAnyException();
    }
}
