package uk.org.phobos.agency.scheduler.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Fire instants in real zones, at real transitions of 2025: London springs forward on 30 March at
 * 01:00 GMT (local 01:00-02:00 does not exist) and falls back on 26 October at 01:00 GMT (local
 * 01:00-02:00 happens twice); New York springs forward on 9 March at 02:00 EST (local 02:00-03:00 does
 * not exist) and falls back on 2 November at 02:00 EDT (local 01:00-02:00 happens twice).
 */
class CronScheduleTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private final CronParser parser = new CronParser();

    @Nested
    class SpringForward {
        @Test
        void aDailyTimeInsideTheGapRunsOnceWhenTheGapEndsInLondon() {
            assertThat(fires("30 1 * * *", LONDON, "2025-03-29T00:00:00Z", 3))
                    .containsExactly("2025-03-29T01:30Z", "2025-03-30T01:00Z", "2025-03-31T00:30Z");
            assertThat(local(fires("30 1 * * *", LONDON, "2025-03-29T00:00:00Z", 3), LONDON))
                    .containsExactly("2025-03-29T01:30", "2025-03-30T02:00", "2025-03-31T01:30");
        }

        @Test
        void aDailyTimeInsideTheGapRunsOnceWhenTheGapEndsInNewYork() {
            assertThat(local(fires("30 2 * * *", NEW_YORK, "2025-03-08T00:00:00Z", 3), NEW_YORK))
                    .containsExactly("2025-03-08T02:30", "2025-03-09T03:00", "2025-03-10T02:30");
        }

        @Test
        void severalTimesInsideTheGapRunOnceTogether() {
            // 02:00, 02:15, 02:30, 02:45 and 03:00 all land on the end of the gap: one run.
            assertThat(local(fires("*/15 2,3 * * *", NEW_YORK, "2025-03-09T06:00:00Z", 4), NEW_YORK))
                    .containsExactly("2025-03-09T03:00", "2025-03-09T03:15", "2025-03-09T03:30", "2025-03-09T03:45");
        }

        @Test
        void hourlyJobRunsTwentyThreeTimesThatDay() {
            List<String> day = local(fires("0 * * * *", LONDON, "2025-03-29T23:30:00Z", 24), LONDON);

            assertThat(day).startsWith("2025-03-30T00:00", "2025-03-30T02:00", "2025-03-30T03:00");
            assertThat(day.stream().filter(t -> t.startsWith("2025-03-30"))).hasSize(23);
        }

        @Test
        void timesOutsideTheGapAreUntouched() {
            assertThat(local(fires("0 4 * * *", NEW_YORK, "2025-03-08T12:00:00Z", 2), NEW_YORK))
                    .containsExactly("2025-03-09T04:00", "2025-03-10T04:00");
        }
    }

    @Nested
    class FallBack {
        @Test
        void aDailyTimeInTheRepeatedHourRunsOnceAtItsFirstOccurrenceInLondon() {
            assertThat(fires("30 1 * * *", LONDON, "2025-10-25T12:00:00Z", 2))
                    .containsExactly("2025-10-26T00:30Z", "2025-10-27T01:30Z");
        }

        @Test
        void aDailyTimeInTheRepeatedHourRunsOnceAtItsFirstOccurrenceInNewYork() {
            // 01:30 EDT is 05:30Z; 01:30 EST (06:30Z) does not fire again.
            assertThat(fires("30 1 * * *", NEW_YORK, "2025-11-01T12:00:00Z", 2))
                    .containsExactly("2025-11-02T05:30Z", "2025-11-03T06:30Z");
        }

        @Test
        void everyQuarterHourSkipsTheSecondPassOfTheRepeatedHour() {
            List<String> fires = fires("*/15 * * * *", NEW_YORK, "2025-11-02T05:40:00Z", 6);

            // 01:45 EDT (05:45Z), then 02:00 EST (07:00Z): 01:00-01:45 EST are not repeated.
            assertThat(fires)
                    .containsExactly(
                            "2025-11-02T05:45Z",
                            "2025-11-02T07:00Z",
                            "2025-11-02T07:15Z",
                            "2025-11-02T07:30Z",
                            "2025-11-02T07:45Z",
                            "2025-11-02T08:00Z");
        }

        @Test
        void askingFromInsideTheSecondPassFindsTheHourAfterIt() {
            // 01:10 EST (06:10Z), in the repeated hour's second pass.
            assertThat(fires("*/15 * * * *", NEW_YORK, "2025-11-02T06:10:00Z", 1))
                    .containsExactly("2025-11-02T07:00Z");
        }

        @Test
        void hourlyJobRunsTwentyFourTimesOnATwentyFiveHourDay() {
            List<String> day = local(fires("0 * * * *", LONDON, "2025-10-25T22:30:00Z", 25), LONDON);

            assertThat(day.stream().filter(t -> t.startsWith("2025-10-26")))
                    .hasSize(24)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void theSameExpressionFiresAtDifferentInstantsInDifferentZones() {
        Instant from = Instant.parse("2025-06-01T00:00:00Z");

        assertThat(schedule("0 9 * * *", LONDON).nextAfter(from)).contains(Instant.parse("2025-06-01T08:00:00Z"));
        assertThat(schedule("0 9 * * *", NEW_YORK).nextAfter(from)).contains(Instant.parse("2025-06-01T13:00:00Z"));
        assertThat(schedule("0 9 * * *", ZoneId.of("UTC")).nextAfter(from))
                .contains(Instant.parse("2025-06-01T09:00:00Z"));
    }

    @Test
    void nextAfterIsStrictlyAfter() {
        Instant fire = Instant.parse("2025-06-01T09:00:00Z");

        assertThat(schedule("0 9 * * *", ZoneId.of("UTC")).nextAfter(fire))
                .contains(Instant.parse("2025-06-02T09:00:00Z"));
        assertThat(schedule("0 9 * * *", ZoneId.of("UTC")).nextAfter(fire.minusNanos(1)))
                .contains(fire);
    }

    @Test
    void leapDayInAZone() {
        assertThat(local(fires("0 0 29 2 *", NEW_YORK, "2025-01-01T00:00:00Z", 2), NEW_YORK))
                .containsExactly("2028-02-29T00:00", "2032-02-29T00:00");
    }

    @Test
    void monthEndsInAZoneAcrossAYear() {
        assertThat(local(fires("0 23 31 * *", LONDON, "2025-01-01T00:00:00Z", 7), LONDON))
                .containsExactly(
                        "2025-01-31T23:00",
                        "2025-03-31T23:00",
                        "2025-05-31T23:00",
                        "2025-07-31T23:00",
                        "2025-08-31T23:00",
                        "2025-10-31T23:00",
                        "2025-12-31T23:00");
    }

    private CronSchedule schedule(String expression, ZoneId zone) {
        return new CronSchedule(parser.parse(expression), zone);
    }

    private List<String> fires(String expression, ZoneId zone, String from, int count) {
        CronSchedule schedule = schedule(expression, zone);
        List<String> fires = new ArrayList<>();
        Instant t = Instant.parse(from);
        for (int i = 0; i < count; i++) {
            t = schedule.nextAfter(t).orElseThrow();
            fires.add(t.toString().replace(":00Z", "Z"));
        }
        return fires;
    }

    private static List<String> local(List<String> instants, ZoneId zone) {
        return instants.stream()
                .map(s -> ZonedDateTime.ofInstant(Instant.parse(s.replace("Z", ":00Z")), zone)
                        .toLocalDateTime()
                        .toString())
                .toList();
    }
}
