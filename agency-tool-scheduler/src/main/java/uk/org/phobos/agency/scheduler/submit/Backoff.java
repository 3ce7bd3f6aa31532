package uk.org.phobos.agency.scheduler.submit;

import java.time.Duration;

/** Poll delays: {@code first}, then doubling up to {@code max}. */
public record Backoff(Duration first, Duration max) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(15));

    public Duration after(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
