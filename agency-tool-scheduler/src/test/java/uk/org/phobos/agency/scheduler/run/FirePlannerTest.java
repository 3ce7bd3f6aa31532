package uk.org.phobos.agency.scheduler.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.scheduler.cron.CronParser;
import uk.org.phobos.agency.scheduler.cron.CronSchedule;
import uk.org.phobos.agency.scheduler.job.CatchUp;

class FirePlannerTest {
    private final FirePlanner planner = new FirePlanner();
    private final CronSchedule hourly = new CronSchedule(new CronParser().parse("0 * * * *"), ZoneOffset.UTC);
    private final CronSchedule minutely = new CronSchedule(new CronParser().parse("* * * * *"), ZoneOffset.UTC);

    @Test
    void nothingDueIsNothingToDo() {
        FirePlan plan = planner.plan(hourly, CatchUp.ONCE, at("10:00:00"), at("10:59:59"), false, 50);

        assertThat(plan.run()).isNull();
        assertThat(plan.missed()).isEmpty();
        assertThat(plan.lastFireAt()).isEqualTo(at("10:00:00"));
    }

    @Test
    void anOnTimeFireRuns() {
        FirePlan plan = planner.plan(hourly, CatchUp.NONE, at("10:00:00"), at("11:00:59"), false, 50);

        assertThat(plan.run()).isEqualTo(at("11:00:00"));
        assertThat(plan.trigger()).isEqualTo(Trigger.SCHEDULE);
        assertThat(plan.missedCount()).isZero();
    }

    @Test
    void moreThanAMinuteLateIsAMisfire() {
        assertThat(planner.plan(hourly, CatchUp.NONE, at("10:00:00"), at("11:01:01"), false, 50)
                        .run())
                .isNull();
        assertThat(planner.plan(hourly, CatchUp.ONCE, at("10:00:00"), at("11:01:01"), false, 50)
                        .trigger())
                .isEqualTo(Trigger.CATCH_UP);
    }

    @Test
    void afterAStartNothingIsOnTime() {
        FirePlan plan = planner.plan(hourly, CatchUp.NONE, at("10:00:00"), at("11:00:01"), true, 50);

        assertThat(plan.run()).isNull();
        assertThat(plan.missed()).containsExactly(at("11:00:00"));
    }

    @Test
    void catchUpOnceRunsOnlyTheNewestAndListsTheRestAsMissed() {
        FirePlan plan = planner.plan(hourly, CatchUp.ONCE, at("10:00:00"), at("14:30:00"), true, 50);

        assertThat(plan.run()).isEqualTo(at("14:00:00"));
        assertThat(plan.trigger()).isEqualTo(Trigger.CATCH_UP);
        assertThat(plan.missed()).containsExactly(at("11:00:00"), at("12:00:00"), at("13:00:00"));
        assertThat(plan.missedCount()).isEqualTo(3);
        assertThat(plan.lastFireAt()).isEqualTo(at("14:00:00"));
    }

    @Test
    void missedTimesAreCountedInFullButListedOnlyUpToTheLimit() {
        FirePlan plan = planner.plan(minutely, CatchUp.NONE, at("00:00:00"), at("23:59:30"), true, 10);

        assertThat(plan.missedCount()).isEqualTo(1439);
        assertThat(plan.missed()).hasSize(10).last().isEqualTo(at("23:59:00"));
        assertThat(plan.run()).isNull();
    }

    @Test
    void lookBackIsBounded() {
        Instant now = Instant.parse("2026-01-06T00:00:30Z");
        FirePlan plan = planner.plan(minutely, CatchUp.ONCE, Instant.parse("2025-01-06T00:00:00Z"), now, true, 5);

        assertThat(plan.missedCount()).isEqualTo(FirePlanner.LOOK_BACK.toMinutes() - 1);
        assertThat(plan.run()).isEqualTo(Instant.parse("2026-01-06T00:00:00Z"));
    }

    private static Instant at(String time) {
        return Instant.parse("2025-01-06T" + time + "Z");
    }
}
