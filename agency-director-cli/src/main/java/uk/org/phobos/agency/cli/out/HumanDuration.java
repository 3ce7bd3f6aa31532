package uk.org.phobos.agency.cli.out;

import java.time.Duration;

/** A duration as people read it in a table: {@code 850ms}, {@code 42s}, {@code 3m07s}, {@code 2h05m}, {@code 3d04h}. */
public record HumanDuration(Duration duration) {

    public static HumanDuration ofSeconds(double seconds) {
        return new HumanDuration(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    @Override
    public String toString() {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1000) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return millis < 10_000 ? String.format("%.1fs", millis / 1000.0) : seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format("%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
        }
        return String.format("%dd%02dh", seconds / 86_400, (seconds % 86_400) / 3600);
    }
}
