package uk.org.phobos.agency.scheduler.run;

import java.time.Instant;
import java.util.List;

/**
 * What to do about a job's fire times that have come: record {@code missed} ones (the newest few, of
 * {@code missedCount} in all), start at most one run ({@code run} null for none), and remember {@code
 * lastFireAt} as dealt with.
 */
public record FirePlan(List<Instant> missed, long missedCount, Instant run, Trigger trigger, Instant lastFireAt) {
    public FirePlan {
        missed = List.copyOf(missed);
    }

    public static FirePlan nothing(Instant lastFireAt) {
        return new FirePlan(List.of(), 0, null, null, lastFireAt);
    }

    public boolean isEmpty() {
        return missed.isEmpty() && run == null && missedCount == 0;
    }
}
