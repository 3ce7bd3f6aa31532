package uk.org.phobos.agency.scheduler.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Next-match arithmetic in local time: months, month ends, leap years, the day-of-month/day-of-week rule. */
class CronExpressionTest {
    private final CronParser parser = new CronParser();

    @Test
    void everyMinuteMovesOneMinute() {
        assertThat(next("* * * * *", "2025-01-01T10:00:30", 3))
                .containsExactly("2025-01-01T10:01", "2025-01-01T10:02", "2025-01-01T10:03");
    }

    @Test
    void anExactMinuteMatchesItself() {
        assertThat(parser.parse("30 9 * * *").nextMatch(LocalDateTime.parse("2025-01-01T09:30")))
                .contains(LocalDateTime.parse("2025-01-01T09:30"));
    }

    @Test
    void rollsOverHourDayMonthAndYear() {
        assertThat(next("59 23 31 12 *", "2024-12-31T23:58", 2))
                .containsExactly("2024-12-31T23:59", "2025-12-31T23:59");
        assertThat(next("0 0 1 * *", "2025-01-15T12:00", 3))
                .containsExactly("2025-02-01T00:00", "2025-03-01T00:00", "2025-04-01T00:00");
    }

    @Test
    void theThirtyFirstSkipsShortMonths() {
        assertThat(next("0 12 31 * *", "2025-01-31T12:00", 6))
                .containsExactly(
                        "2025-01-31T12:00",
                        "2025-03-31T12:00",
                        "2025-05-31T12:00",
                        "2025-07-31T12:00",
                        "2025-08-31T12:00",
                        "2025-10-31T12:00");
    }

    @Test
    void theThirtiethSkipsFebruaryOnly() {
        assertThat(next("0 0 30 * *", "2025-01-31T00:00", 2)).containsExactly("2025-03-30T00:00", "2025-04-30T00:00");
    }

    @Test
    void february29thFiresInLeapYearsOnly() {
        assertThat(next("0 0 29 2 *", "2023-03-01T00:00", 3))
                .containsExactly("2024-02-29T00:00", "2028-02-29T00:00", "2032-02-29T00:00");
    }

    @Test
    void february29thSkipsCenturyYearsThatAreNotLeap() {
        assertThat(next("0 0 29 2 *", "2096-03-01T00:00", 1)).containsExactly("2104-02-29T00:00");
        assertThat(next("0 0 29 2 *", "1999-01-01T00:00", 1)).containsExactly("2000-02-29T00:00");
    }

    @Test
    void lastDayOfFebruaryInLeapAndCommonYears() {
        assertThat(next("0 6 28,29 2 *", "2024-02-01T00:00", 3))
                .containsExactly("2024-02-28T06:00", "2024-02-29T06:00", "2025-02-28T06:00");
    }

    @Test
    void bothDayFieldsRestrictedMeansEither() {
        // 4:30 on the 1st and 15th, plus every Friday (the crontab(5) example).
        List<String> fires = next("30 4 1,15 * 5", "2025-01-01T05:00", 6);

        assertThat(fires)
                .containsExactly(
                        "2025-01-03T04:30", // Friday
                        "2025-01-10T04:30", // Friday
                        "2025-01-15T04:30", // the 15th, a Wednesday
                        "2025-01-17T04:30",
                        "2025-01-24T04:30",
                        "2025-01-31T04:30");
    }

    @Test
    void aStarredDayFieldMeansBothMustMatch() {
        // Day-of-month starts with '*': Vixie cron then wants both fields; odd days that are Mondays.
        for (String fire : next("0 0 */2 * 1", "2025-01-01T00:00", 5)) {
            LocalDate day = LocalDateTime.parse(fire).toLocalDate();
            assertThat(day.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
            assertThat(day.getDayOfMonth() % 2).isEqualTo(1);
        }
    }

    @Test
    void onlyDayOfWeekRestricted() {
        assertThat(next("0 9 * * mon-fri", "2025-01-03T10:00", 3)) // a Friday, after 9
                .containsExactly("2025-01-06T09:00", "2025-01-07T09:00", "2025-01-08T09:00");
    }

    @Test
    void sundayAsZeroOrSeven() {
        assertThat(next("0 0 * * 7", "2025-01-01T00:00", 2)).containsExactly("2025-01-05T00:00", "2025-01-12T00:00");
        assertThat(next("0 0 * * 0", "2025-01-01T00:00", 2)).containsExactly("2025-01-05T00:00", "2025-01-12T00:00");
    }

    @Test
    void namedMonthsAndWeekdays() {
        assertThat(next("0 8 * jun sat", "2025-01-01T00:00", 2))
                .containsExactly("2025-06-07T08:00", "2025-06-14T08:00");
    }

    @Test
    void weeklyMacroIsSundayMidnight() {
        assertThat(next("@weekly", "2025-01-01T00:00", 1)).containsExactly("2025-01-05T00:00");
        assertThat(next("@yearly", "2025-01-01T00:01", 1)).containsExactly("2026-01-01T00:00");
        assertThat(next("@hourly", "2025-01-01T00:01", 1)).containsExactly("2025-01-01T01:00");
    }

    @Test
    void stepsInHoursAndMinutes() {
        assertThat(next("*/20 9-10 * * *", "2025-01-01T00:00", 7))
                .containsExactly(
                        "2025-01-01T09:00",
                        "2025-01-01T09:20",
                        "2025-01-01T09:40",
                        "2025-01-01T10:00",
                        "2025-01-01T10:20",
                        "2025-01-01T10:40",
                        "2025-01-02T09:00");
    }

    @Test
    void rareDayAndWeekdayCombinationIsFoundYearsAhead() {
        // 29 February on a Sunday ("*" in day-of-week makes it AND): 2032, then 2060.
        assertThat(next("0 0 29 2 */7", "2025-01-01T00:00", 2)).containsExactly("2032-02-29T00:00", "2060-02-29T00:00");
    }

    @Test
    void matchesAgreesWithNextMatchOverAYearOfMinutes() {
        CronExpression e = parser.parse("*/7 */5 1-10,20 */2 mon,fri");
        LocalDateTime t = LocalDateTime.parse("2025-01-01T00:00");
        LocalDateTime expected = e.nextMatch(t).orElseThrow();
        for (LocalDateTime minute = t; minute.isBefore(t.plusYears(1)); minute = minute.plusMinutes(1)) {
            if (e.matches(minute)) {
                assertThat(minute).isEqualTo(expected);
                expected = e.nextMatch(minute.plusMinutes(1)).orElseThrow();
            }
        }
    }

    private List<String> next(String expression, String from, int count) {
        CronExpression e = parser.parse(expression);
        List<String> fires = new ArrayList<>();
        LocalDateTime t = LocalDateTime.parse(from);
        for (int i = 0; i < count; i++) {
            LocalDateTime match = e.nextMatch(t).orElseThrow();
            fires.add(match.toString());
            t = match.plusMinutes(1);
        }
        return fires;
    }
}
