package uk.org.phobos.agency.scheduler.cron;

import java.time.Month;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads cron expressions: five fields (minute hour day-of-month month day-of-week) or one of the
 * macros {@code @hourly @daily @midnight @weekly @monthly @yearly @annually}. An expression that is
 * well-formed but can never fire (such as {@code 0 0 31 2 *}) is refused too.
 */
public final class CronParser {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    public CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidCronException(
                    "the expression is empty; write five fields such as '0 3 * * *' or a " + "macro such as @daily");
        }
        String trimmed = text.trim();
        String expanded = trimmed;
        if (trimmed.startsWith("@")) {
            expanded = MACROS.get(trimmed.toLowerCase(Locale.ROOT));
            if (expanded == null) {
                throw new InvalidCronException("unknown macro '" + trimmed
                        + "'; use one of @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually");
            }
        }
        String[] fields = WHITESPACE.split(expanded, -1);
        if (fields.length != 5) {
            throw new InvalidCronException("expected 5 fields (minute hour day-of-month month day-of-week), got "
                    + fields.length + " in '" + trimmed + "'");
        }
        CronExpression expression = new CronExpression(
                trimmed,
                CronField.MINUTE.parse(fields[0]),
                CronField.HOUR.parse(fields[1]),
                CronField.DAY_OF_MONTH.parse(fields[2]),
                CronField.MONTH.parse(fields[3]),
                CronField.DAY_OF_WEEK.parse(fields[4]),
                fields[2].startsWith("*"),
                fields[4].startsWith("*"));
        requireSomeDay(expression);
        return expression;
    }

    /**
     * When the day is chosen by day-of-month alone (day-of-week is {@code *}, or either starts with {@code
     * *}), some chosen month must have some chosen day; every weekday falls on every date over the years,
     * so that is enough. February counts 29 days: {@code 0 0 29 2 *} fires in leap years.
     */
    private static void requireSomeDay(CronExpression e) {
        boolean either = !e.dayOfMonthStar() && !e.dayOfWeekStar();
        if (either) {
            return;
        }
        for (Month month : Month.values()) {
            if ((e.months() & (1L << month.getValue())) == 0) {
                continue;
            }
            for (int day = 1; day <= month.maxLength(); day++) {
                if ((e.daysOfMonth() & (1L << day)) != 0) {
                    return;
                }
            }
        }
        throw new InvalidCronException(
                "'" + e.text() + "' can never fire: " + describeDays(e) + " never occurs in " + describeMonths(e));
    }

    private static String describeDays(CronExpression e) {
        StringBuilder days = new StringBuilder();
        for (int day = 1; day <= 31; day++) {
            if ((e.daysOfMonth() & (1L << day)) != 0) {
                days.append(days.length() == 0 ? "" : ",").append(day);
            }
        }
        return "day-of-month " + days;
    }

    private static String describeMonths(CronExpression e) {
        StringBuilder months = new StringBuilder();
        for (Month month : Month.values()) {
            if ((e.months() & (1L << month.getValue())) != 0) {
                months.append(months.length() == 0 ? "" : ", ")
                        .append(month.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
            }
        }
        return months.toString();
    }
}
