package uk.org.phobos.agency.scheduler.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import uk.org.phobos.agency.scheduler.cron.CronSchedule;
import uk.org.phobos.agency.scheduler.job.CatchUp;

/**
 * Decides what a job's due fire times become; the misfire policy in one place. The fire times due are
 * those after the last one dealt with and not after now. The newest of them runs when it is on time
 * (at most {@link #ON_TIME} late, in a running scheduler); otherwise the job's {@code catch_up} decides:
 * {@code once} runs it (trigger {@code catch_up}), {@code none} records it missed. Every older one is
 * recorded {@code missed}. So a job never runs more than once per decision: no bursts.
 */
public final class FirePlanner {
    /** How late a fire may be in a running scheduler and still count as on time (a stalled JVM, a slow tick). */
    public static final Duration ON_TIME = Duration.ofMinutes(1);
    /** Missed fire times older than this before now are not enumerated (a minutely job down for a year). */
    public static final Duration LOOK_BACK = Duration.ofDays(31);

    /**
     * What to do about the fire times of {@code schedule} after {@code lastFireAt} and not after {@code now}.
     *
     * @param afterStart true for the first decision after the scheduler starts, when every due fire time
     *     passed while it was down (nothing is on time then)
     * @param keepMissed how many missed fire times to list (the newest); history keeps no more anyway
     */
    public FirePlan plan(
            CronSchedule schedule,
            CatchUp catchUp,
            Instant lastFireAt,
            Instant now,
            boolean afterStart,
            int keepMissed) {
        Instant from = lastFireAt;
        Instant horizon = now.minus(LOOK_BACK);
        if (from.isBefore(horizon)) {
            from = horizon;
        }
        Deque<Instant> due = new ArrayDeque<>();
        long count = 0;
        Optional<Instant> next = schedule.nextAfter(from);
        while (next.isPresent() && !next.get().isAfter(now)) {
            count++;
            due.addLast(next.get());
            if (due.size() > keepMissed + 1) {
                due.removeFirst();
            }
            next = schedule.nextAfter(next.get());
        }
        if (count == 0) {
            return FirePlan.nothing(lastFireAt);
        }
        Instant newest = due.removeLast();
        boolean onTime = !afterStart && Duration.between(newest, now).compareTo(ON_TIME) <= 0;
        Instant run = null;
        Trigger trigger = null;
        if (onTime) {
            run = newest;
            trigger = Trigger.SCHEDULE;
        } else if (catchUp == CatchUp.ONCE) {
            run = newest;
            trigger = Trigger.CATCH_UP;
        } else {
            due.addLast(newest);
        }
        while (due.size() > keepMissed) {
            due.removeFirst();
        }
        return new FirePlan(due.stream().toList(), run == null ? count : count - 1, run, trigger, newest);
    }
}
