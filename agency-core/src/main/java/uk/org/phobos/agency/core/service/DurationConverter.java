package uk.org.phobos.agency.core.service;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads durations as people write them: {@code 90} (seconds), {@code 90s}, {@code 10m}, {@code 2h}, {@code 1h30m}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)([hms])");

    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    public static Duration parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        Matcher matcher = PART.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(
                    switch (matcher.group(2)) {
                        case "h" -> Duration.ofHours(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        default -> Duration.ofSeconds(amount);
                    });
            end = matcher.end();
        }
        if (end == 0 || end != value.length()) {
            throw new CommandLine.TypeConversionException(
                    "'" + text + "' is not a duration: write seconds (90) or e.g. 90s, 10m, 2h, 1h30m");
        }
        return total;
    }
}
