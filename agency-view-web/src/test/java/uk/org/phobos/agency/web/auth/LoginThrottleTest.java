package uk.org.phobos.agency.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock, 10, Duration.ofHours(1));

    @Test
    void tenFailuresBlockTheAddressForAnHourWithRetryAfter() {
        fail("10.0.0.1", 9);
        assertThatCode(() -> throttle.begin("10.0.0.1").withdrawn()).doesNotThrowAnyException();

        fail("10.0.0.1", 1);

        assertThatThrownBy(() -> throttle.begin("10.0.0.1")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.headers()).containsEntry("Retry-After", "3600");
        });
        clock.advance(Duration.ofMinutes(59));
        assertThatThrownBy(() -> throttle.begin("10.0.0.1"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.headers()).containsEntry("Retry-After", "60"));
        clock.advance(Duration.ofMinutes(1));
        assertThatCode(() -> throttle.begin("10.0.0.1").withdrawn()).doesNotThrowAnyException();
    }

    @Test
    void addressesAreCountedApart() {
        fail("10.0.0.1", 10);

        assertThatCode(() -> throttle.begin("10.0.0.2").withdrawn()).doesNotThrowAnyException();
    }

    @Test
    void aSuccessBeforeTheLimitForgetsEarlierFailuresButNotABlock() {
        fail("a", 9);
        throttle.begin("a").succeeded();
        fail("a", 9);
        assertThatCode(() -> throttle.begin("a").withdrawn()).doesNotThrowAnyException();

        fail("a", 1);
        assertThatThrownBy(() -> throttle.begin("a")).isInstanceOf(ApiException.class);
    }

    @Test
    void failuresOlderThanThePeriodDoNotAddUp() {
        fail("a", 9);
        clock.advance(Duration.ofHours(2));
        fail("a", 1);

        assertThatCode(() -> throttle.begin("a").withdrawn()).doesNotThrowAnyException();
    }

    @Test
    void anAttemptCountsFromItsStartSoTheBudgetCannotBeOverdrawnWhileChecksRun() {
        List<LoginThrottle.Attempt> running = new ArrayList<>();
        fail("a", 4);
        for (int i = 0; i < 6; i++) {
            running.add(throttle.begin("a"));
        }

        assertThatThrownBy(() -> throttle.begin("a")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(e.headers()).containsEntry("Retry-After", "1");
        });
        running.forEach(LoginThrottle.Attempt::close);
        assertThatThrownBy(() -> throttle.begin("a"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.headers()).containsEntry("Retry-After", "3600"));
    }

    @Test
    void aSuccessOrAWithdrawalGivesItsAttemptBack() {
        List<LoginThrottle.Attempt> running = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            running.add(throttle.begin("a"));
        }
        assertThatThrownBy(() -> throttle.begin("a")).isInstanceOf(ApiException.class);

        running.get(0).succeeded();
        LoginThrottle.Attempt afterSuccess = throttle.begin("a");
        assertThatThrownBy(() -> throttle.begin("a")).isInstanceOf(ApiException.class);
        afterSuccess.withdrawn();
        LoginThrottle.Attempt afterWithdrawal = throttle.begin("a");

        afterWithdrawal.close();
        running.forEach(LoginThrottle.Attempt::close);
        assertThatThrownBy(() -> throttle.begin("a")).isInstanceOf(ApiException.class);
    }

    @Test
    void anAttemptSettlesOnlyOnce() {
        LoginThrottle.Attempt attempt = throttle.begin("a");
        attempt.succeeded();
        attempt.close();
        attempt.close();

        fail("a", 9);
        assertThatCode(() -> throttle.begin("a").withdrawn()).doesNotThrowAnyException();
    }

    @Test
    void concurrentGuessesRunAtMostTenChecksAndThenBlock() throws Exception {
        int guesses = 50;
        CountDownLatch start = new CountDownLatch(1);
        // Every guess that got in holds its attempt until all have tried, as a slow hash would.
        CountDownLatch tried = new CountDownLatch(guesses);
        CountDownLatch done = new CountDownLatch(guesses);
        AtomicInteger checked = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        for (int i = 0; i < guesses; i++) {
            Thread guess = new Thread(() -> {
                try {
                    start.await();
                    LoginThrottle.Attempt attempt;
                    try {
                        attempt = throttle.begin("10.0.0.9");
                    } catch (ApiException e) {
                        refused.incrementAndGet();
                        tried.countDown();
                        return;
                    }
                    try (attempt) {
                        checked.incrementAndGet();
                        tried.countDown();
                        tried.await();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            guess.setDaemon(true);
            guess.start();
        }

        start.countDown();

        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(checked.get()).isEqualTo(10);
        assertThat(refused.get()).isEqualTo(guesses - 10);
        assertThatThrownBy(() -> throttle.begin("10.0.0.9"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.headers()).containsEntry("Retry-After", "3600"));
    }

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.begin(address).close();
        }
    }
}
