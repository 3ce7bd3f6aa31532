package uk.org.phobos.agency.scheduler.cron;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A parsed five-field cron expression over local (wall-clock) time. Each field is a bit mask of the
 * values it allows. Day-of-month and day-of-week follow Vixie cron: when either field starts with
 * {@code *} a day must match both; when both are restricted, a day matching either one is enough.
 */
public record CronExpression(
        String text,
        long minutes,
        long hours,
        long daysOfMonth,
        long months,
        long daysOfWeek,
        boolean dayOfMonthStar,
        boolean dayOfWeekStar) {

    /**
     * How far ahead {@link #nextMatch} looks. A feasible expression always matches within 400 years (the
     * Gregorian calendar repeats every 400 years); the slowest real case, Feb 29 on a given weekday, is
     * 28 to 40 years apart.
     */
    static final int HORIZON_YEARS = 400;

    /** Every field allows some value: an expression with an empty field would pass as valid and never fire. */
    public CronExpression {
        requireSome(CronField.MINUTE, minutes, text);
        requireSome(CronField.HOUR, hours, text);
        requireSome(CronField.DAY_OF_MONTH, daysOfMonth, text);
        requireSome(CronField.MONTH, months, text);
        requireSome(CronField.DAY_OF_WEEK, daysOfWeek, text);
    }

    private static void requireSome(CronField field, long mask, String text) {
        if (mask == 0) {
            throw new InvalidCronException(
                    "'" + text + "' can never fire: its " + field.label() + " field allows no value");
        }
    }

    public boolean matches(LocalDateTime time) {
        return has(minutes, time.getMinute())
                && has(hours, time.getHour())
                && has(months, time.getMonthValue())
                && dayMatches(time.toLocalDate());
    }

    public boolean dayMatches(LocalDate date) {
        boolean dom = has(daysOfMonth, date.getDayOfMonth());
        boolean dow = has(daysOfWeek, date.getDayOfWeek().getValue() % 7);
        return (dayOfMonthStar || dayOfWeekStar) ? (dom && dow) : (dom || dow);
    }

    /** The first local time at or after {@code from} (seconds dropped) that matches, if any within the horizon. */
    public Optional<LocalDateTime> nextMatch(LocalDateTime from) {
        LocalDateTime t = from.truncatedTo(ChronoUnit.MINUTES);
        if (t.isBefore(from)) {
            t = t.plusMinutes(1);
        }
        LocalDate limit = from.toLocalDate().plusYears(HORIZON_YEARS);
        while (!t.toLocalDate().isAfter(limit)) {
            if (!has(months, t.getMonthValue())) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
                continue;
            }
            if (!dayMatches(t.toLocalDate())) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
                continue;
            }
            int hour = nextBit(hours, t.getHour());
            if (hour < 0) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
                continue;
            }
            if (hour != t.getHour()) {
                t = t.withHour(hour).withMinute(0);
            }
            int minute = nextBit(minutes, t.getMinute());
            if (minute < 0) {
                t = t.withMinute(0).plusHours(1);
                continue;
            }
            return Optional.of(t.withMinute(minute));
        }
        return Optional.empty();
    }

    private static boolean has(long mask, int value) {
        return (mask & (1L << value)) != 0;
    }

    /** The smallest set bit at or above {@code from}, or -1. */
    private static int nextBit(long mask, int from) {
        long rest = mask & (-1L << from);
        return rest == 0 ? -1 : Long.numberOfTrailingZeros(rest);
    }

    @Override
    public String toString() {
        return text;
    }
}
