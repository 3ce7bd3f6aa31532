package uk.org.phobos.agency.scheduler.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunHistoryTest {
    private final Instant now = Instant.parse("2025-01-06T10:00:00Z");

    @Test
    void keepsTheNewestFinishedRunsButNeverDropsARunStillGoing() {
        RunHistory history = new RunHistory(List.of());
        Run going = Run.created("going", "j", Trigger.MANUAL, now, now).starting(now);
        history.put(going, 2);
        history.put(Run.missed("m1", "j", now, now, "x"), 2);
        history.put(Run.missed("m2", "j", now, now, "x"), 2);
        history.put(Run.missed("m3", "j", now, now, "x"), 2);

        assertThat(history.runs()).extracting(Run::runId).containsExactly("going", "m3");
    }

    @Test
    void putReplacesARunWithTheSameId() {
        RunHistory history = new RunHistory(List.of());
        Run run = Run.created("r", "j", Trigger.MANUAL, now, now);
        history.put(run, 5);
        history.put(run.starting(now), 5);

        assertThat(history.runs()).singleElement().extracting(Run::status).isEqualTo(RunStatus.SUBMITTING);
        assertThat(history.latest()).map(Run::runId).contains("r");
    }
}
