package uk.org.phobos.agency.web.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ComponentType;
import uk.org.phobos.agency.core.api.StatusReport;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskSource;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.core.discovery.FleetMember;
import uk.org.phobos.agency.core.discovery.Health;
import uk.org.phobos.agency.web.auth.MutableClock;
import uk.org.phobos.agency.web.fleet.AgentGateway;
import uk.org.phobos.agency.web.fleet.AgentSlot;
import uk.org.phobos.agency.web.fleet.FleetDirectory;

class ReconcilerTest {
    private static final URI AGENT = URI.create("https://127.0.0.1:9000");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile Health health = Health.OK;
    /** The agent's own record of task t1, or null when it does not know it (it answers 404). */
    private volatile Task agentRecord;

    private SessionStore sessions;
    private Reconciler reconciler;

    private final FleetDirectory fleet = new FleetDirectory() {
        @Override
        public List<FleetMember> members() {
            StatusReport status = new StatusReport(
                    ComponentType.AGENT, "agent-0", List.of(), "1", "idle", Instant.EPOCH, 0, Map.of(), Map.of());
            return List.of(new FleetMember(AGENT, status, health, health == Health.OK ? 0 : 3, clock.instant()));
        }

        @Override
        public List<AgentSlot> agents() {
            return List.of();
        }

        @Override
        public Optional<FleetMember> member(URI url) {
            return members().stream().filter(m -> m.url().equals(url)).findFirst();
        }
    };

    private final AgentGateway agents = new AgentGateway() {
        @Override
        public Task task(URI agent, String taskId) {
            reads.incrementAndGet();
            if (agentRecord == null) {
                throw ApiException.notFound("no task '" + taskId + "'");
            }
            return agentRecord;
        }

        @Override
        public TaskCreated submit(URI agent, TaskRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Task cancel(URI agent, String taskId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Task> recentTasks(URI agent) {
            return List.of();
        }

        @Override
        public boolean holdsSession(URI agent, String sessionId) {
            return false;
        }

        @Override
        public List<AgentSession> sessions(URI agent) {
            return List.of();
        }

        @Override
        public List<Task> sessionTasks(URI agent, String sessionId) {
            return new ArrayList<>();
        }
    };

    @BeforeEach
    void open() throws Exception {
        sessions = SessionStore.open(dir.resolve("sessions"), AgencyJson.newMapper(), clock);
        reconciler = new Reconciler(sessions, fleet, agents, clock);
        sessions.record(AGENT, "agent-0", task(TaskState.WORKING), false);
    }

    private Task task(TaskState state) {
        return new Task(
                "t1",
                "s1",
                state,
                "do it",
                null,
                TaskSource.CLI,
                null,
                clock.instant(),
                clock.instant(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private TrackedTask tracked() {
        return sessions.task("t1").orElseThrow();
    }

    private void poll(int times) {
        for (int i = 0; i < times; i++) {
            clock.advance(Duration.ofSeconds(2));
            reconciler.reconcile();
        }
    }

    @Test
    void aTaskAHealthyAgentNoLongerKnowsIsInterruptedForGoodAndNotAskedAboutAgain() {
        agentRecord = null;

        poll(1);

        assertThat(reads).hasValue(1);
        assertThat(tracked().task().state()).isEqualTo(TaskState.INTERRUPTED);
        assertThat(tracked().task().error().message()).contains("no longer knows");
        assertThat(tracked().provisional()).as("final, not inferred").isFalse();
        assertThat(sessions.openTasks()).isEmpty();

        poll(10);

        assertThat(reads).as("no request after the agent's 404").hasValue(1);
    }

    @Test
    void aTaskInferredLostWhileItsAgentWasDownIsSettledByTheAgentsAnswerOnceItIsBack() {
        health = Health.DOWN;
        poll(3);
        assertThat(reads).hasValue(0);
        assertThat(tracked().task().state()).isEqualTo(TaskState.INTERRUPTED);
        assertThat(tracked().provisional())
                .as("inferred: asked again when the agent is back")
                .isTrue();
        Instant inferredAt = tracked().task().completedAt();

        health = Health.OK;
        agentRecord = null; // the agent came back without it
        poll(1);

        assertThat(reads).hasValue(1);
        assertThat(tracked().provisional()).isFalse();
        assertThat(tracked().task().state()).isEqualTo(TaskState.INTERRUPTED);
        assertThat(tracked().task().error().message()).contains("no longer knows");
        assertThat(tracked().task().completedAt()).isEqualTo(inferredAt);

        poll(10);

        assertThat(reads).hasValue(1);
    }

    @Test
    void anAgentThatIsBackWithItsOwnRecordWins() {
        health = Health.DOWN;
        poll(1);
        assertThat(tracked().provisional()).isTrue();

        health = Health.OK;
        agentRecord = task(TaskState.COMPLETED);
        poll(1);

        assertThat(tracked().task().state()).isEqualTo(TaskState.COMPLETED);
        assertThat(tracked().provisional()).isFalse();
        poll(5);
        assertThat(reads).hasValue(1);
    }

    @Test
    void aRunningTaskIsReadAgainAfterEveryPoll() {
        agentRecord = task(TaskState.WORKING);

        poll(3);

        assertThat(reads).hasValue(3);
        assertThat(tracked().task().state()).isEqualTo(TaskState.WORKING);
    }
}
