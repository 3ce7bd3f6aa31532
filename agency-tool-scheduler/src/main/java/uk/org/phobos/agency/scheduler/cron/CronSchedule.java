package uk.org.phobos.agency.scheduler.cron;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron expression read in one time zone, turned into instants. Daylight-saving rules:
 *
 * <ul>
 *   <li>A matching local time that a spring-forward skips fires once, at the instant the gap ends (so
 *       {@code 30 2 * * *} in New York fires at 03:00 EDT that day, and {@code *}{@code /15 2 * * *}
 *       fires just once then, not four times).
 *   <li>A matching local time that a fall-back repeats fires once, at its first occurrence (the earlier
 *       offset); the repeated hour does not fire again.
 * </ul>
 *
 * Put differently: each matching local time maps to the earliest instant that shows it, or to the end
 * of the gap it falls in, and several times mapping to the same instant fire once.
 */
public record CronSchedule(CronExpression expression, ZoneId zone) {
    /** Enough to step over a fall-back hour or a spring-forward gap minute by minute. */
    private static final int MAX_STEPS = 10_000;

    public CronSchedule {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(zone, "zone");
    }

    /** The first fire time strictly after {@code after}; empty only for an expression with no match in reach. */
    public Optional<Instant> nextAfter(Instant after) {
        // Local times map to instants monotonically, and the local time of `after` maps to an instant at
        // or before it, so the first candidate worth checking is that local minute.
        LocalDateTime candidate = LocalDateTime.ofInstant(after, zone);
        for (int step = 0; step < MAX_STEPS; step++) {
            Optional<LocalDateTime> match = expression.nextMatch(candidate);
            if (match.isEmpty()) {
                return Optional.empty();
            }
            Instant at = instantOf(match.get());
            if (at.isAfter(after)) {
                return Optional.of(at);
            }
            candidate = match.get().plusMinutes(1);
        }
        return Optional.empty();
    }

    /** The instant a local fire time maps to under the rules above. */
    Instant instantOf(LocalDateTime local) {
        ZoneRules rules = zone.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return rules.getTransition(local).getInstant();
        }
        Instant earliest = local.toInstant(offsets.get(0));
        for (ZoneOffset offset : offsets) {
            Instant at = local.toInstant(offset);
            if (at.isBefore(earliest)) {
                earliest = at;
            }
        }
        return earliest;
    }
}
