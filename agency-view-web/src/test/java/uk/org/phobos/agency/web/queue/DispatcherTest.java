package uk.org.phobos.agency.web.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.AgencyJson;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskSource;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.web.auth.MutableClock;
import uk.org.phobos.agency.web.sessions.SessionStore;

class DispatcherTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final ObjectMapper mapper = AgencyJson.newMapper();
    private final FakeAgents agents = new FakeAgents(clock);
    private final AtomicInteger ids = new AtomicInteger();
    private SessionStore sessions;
    private TaskQueue queue;
    private Dispatcher dispatcher;
    private TaskIntake intake;

    @BeforeEach
    void open() throws Exception {
        reopen();
    }

    /** A fresh web view on the same files, as after a restart. */
    private void reopen() throws Exception {
        sessions = SessionStore.open(dir.resolve("sessions"), mapper, clock);
        queue = TaskQueue.open(dir.resolve("queue.json"), mapper, clock);
        SessionRecorder recorder = new SessionRecorder(sessions, clock);
        dispatcher = new Dispatcher(queue, agents, agents, sessions::busy, sessions::agentOf, clock, recorder);
        intake = new TaskIntake(
                queue, dispatcher, sessions, agents, agents, clock, () -> "id" + ids.incrementAndGet(), recorder);
    }

    private Accepted submit(String prompt) {
        return intake.submit(request(prompt, null, null, null), TaskSource.CLI);
    }

    private static WebTaskRequest request(String prompt, String session, String agent, Boolean queue) {
        return new WebTaskRequest(prompt, session, null, agent, null, null, null, null, null, null, queue);
    }

    private void finish(URI agent) {
        agents.states.put(agent, "idle");
        clock.advance(Duration.ofSeconds(1)); // a fresher poll than the dispatch
        sessions.openTasks().stream()
                .filter(t -> t.agentUrl().equals(agent))
                .forEach(t -> sessions.record(agent, t.agentName(), withState(t.task(), TaskState.COMPLETED), false));
    }

    private static uk.org.phobos.agency.core.api.Task withState(uk.org.phobos.agency.core.api.Task t, TaskState state) {
        return new uk.org.phobos.agency.core.api.Task(
                t.taskId(),
                t.sessionId(),
                state,
                t.prompt(),
                t.model(),
                t.source(),
                t.sourceRef(),
                t.createdAt(),
                t.startedAt(),
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

    @Test
    void anyIdleAgentGetsTheTaskAtOnce() {
        URI a = agents.add("a", "idle");

        Accepted accepted = submit("hello");

        assertThat(accepted.httpStatus()).isEqualTo(201);
        assertThat(accepted.state()).isEqualTo(TaskState.WORKING);
        assertThat(agents.sentTo(a)).hasSize(1);
        assertThat(agents.sentTo(a).get(0).source()).isEqualTo(TaskSource.CLI);
        assertThat(sessions.find(accepted.sessionId()).orElseThrow().agentUrl()).isEqualTo(a);
    }

    @Test
    void withNoIdleAgentTheTaskWaitsAndGoesToTheFirstThatIsFree() {
        URI a = agents.add("a", "working");

        Accepted accepted = submit("hello");

        assertThat(accepted.httpStatus()).isEqualTo(202);
        assertThat(accepted.state()).isEqualTo(TaskState.QUEUED);
        assertThat(accepted.taskId()).startsWith("q-");
        assertThat(agents.totalSent()).isZero();
        assertThat(sessions.find(accepted.sessionId()))
                .as("a queued task's session shows at once")
                .isPresent();

        finish(a);
        dispatcher.pass();

        assertThat(agents.sentTo(a)).hasSize(1);
        assertThat(queue.find(accepted.queueId()).orElseThrow().status()).isEqualTo(QueueEntry.Status.DISPATCHED);
    }

    @Test
    void queuedTasksSurviveARestart() throws Exception {
        URI a = agents.add("a", "working");
        Accepted first = submit("one");
        Accepted second = submit("two");

        reopen();
        assertThat(queue.waiting()).extracting(QueueEntry::queueId).containsExactly(first.queueId(), second.queueId());
        finish(a);
        dispatcher.pass();

        assertThat(agents.sentTo(a)).extracting(t -> t.prompt()).containsExactly("one");
        finish(a);
        dispatcher.pass();
        assertThat(agents.sentTo(a)).extracting(t -> t.prompt()).containsExactly("one", "two");
    }

    @Test
    void aTaskIsNeverDispatchedTwiceEvenWhenTheAnswerIsLostAndTheWebViewRestarts() throws Exception {
        URI a = agents.add("a", "idle");
        agents.loseAnswers.add(a);

        Accepted accepted = submit("once");

        assertThat(accepted.httpStatus()).isEqualTo(202);
        assertThat(queue.find(accepted.queueId()).orElseThrow().status()).isEqualTo(QueueEntry.Status.DISPATCHING);
        agents.loseAnswers.clear();
        reopen();
        agents.states.put(a, "idle"); // even if the agent already looks idle again
        dispatcher.pass();
        dispatcher.pass();

        assertThat(agents.sentTo(a)).hasSize(1);
        QueueEntry entry = queue.find(accepted.queueId()).orElseThrow();
        assertThat(entry.status()).isEqualTo(QueueEntry.Status.DISPATCHED);
        assertThat(entry.taskId()).isEqualTo(agents.sentTo(a).get(0).taskId());
        assertThat(sessions.task(entry.taskId())).isPresent();
    }

    @Test
    void aDispatchThatNeverReachedTheAgentIsQueuedAgainAfterARestart() throws Exception {
        URI a = agents.add("a", "working");
        Accepted accepted = submit("lost");
        // The web view died right after marking the entry "dispatching", before the request left.
        queue.update(accepted.queueId(), e -> e.dispatching(a, clock.instant()));
        reopen();
        agents.states.put(a, "idle");
        clock.advance(Duration.ofSeconds(1));

        dispatcher.pass();

        assertThat(agents.sentTo(a)).hasSize(1);
        assertThat(queue.find(accepted.queueId()).orElseThrow().status()).isEqualTo(QueueEntry.Status.DISPATCHED);
    }

    @Test
    void aTaskThatMustWaitDoesNotBlockTasksBehindItThatCanRunElsewhere() {
        URI a = agents.add("a", "working");
        URI b = agents.add("b", "working");
        Accepted pinned = intake.submit(request("for a", null, "agent-0", true), TaskSource.CLI);
        assertThat(pinned.httpStatus()).isEqualTo(202);

        agents.states.put(b, "idle");
        clock.advance(Duration.ofSeconds(1));
        Accepted any = submit("anyone");

        assertThat(any.httpStatus()).isEqualTo(201);
        assertThat(agents.sentTo(b)).extracting(t -> t.prompt()).containsExactly("anyone");
        assertThat(agents.sentTo(a)).isEmpty();
        assertThat(queue.find(pinned.queueId()).orElseThrow().status()).isEqualTo(QueueEntry.Status.QUEUED);
    }

    @Test
    void aFollowUpAlwaysGoesToTheAgentHoldingTheSession() {
        URI a = agents.add("a", "idle");
        URI b = agents.add("b", "idle");
        Accepted first = submit("start");
        URI holder = sessions.agentOf(first.sessionId()).orElseThrow();
        URI other = holder.equals(a) ? b : a;

        Accepted followUp = intake.submit(request("continue", first.sessionId(), null, null), TaskSource.CLI);

        assertThat(followUp.httpStatus())
                .as("the holder is busy: the follow-up waits for it")
                .isEqualTo(202);
        assertThat(agents.sentTo(other)).isEmpty();
        finish(holder);
        dispatcher.pass();
        assertThat(agents.sentTo(holder)).extracting(t -> t.prompt()).containsExactly("start", "continue");
        assertThat(agents.sentTo(holder).get(1).sessionId()).isEqualTo(first.sessionId());
        assertThat(agents.sentTo(other)).isEmpty();
    }

    @Test
    void tasksOfOneSessionKeepTheirOrder() {
        URI a = agents.add("a", "working");
        Accepted first = submit("first");
        Accepted second = intake.submit(request("second", first.sessionId(), null, null), TaskSource.CLI);
        assertThat(second.httpStatus()).isEqualTo(202);

        finish(a);
        dispatcher.pass();
        assertThat(agents.sentTo(a)).extracting(t -> t.prompt()).containsExactly("first");
        assertThat(agents.sentTo(a).get(0).sessionId()).isEqualTo(first.sessionId());
        finish(a);
        dispatcher.pass();
        assertThat(agents.sentTo(a)).extracting(t -> t.prompt()).containsExactly("first", "second");
    }

    @Test
    void aChosenBusyAgentAnswersAgentBusyUnlessAskedToQueue() {
        agents.add("a", "working");

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> intake.submit(request("x", null, "agent-0", null), TaskSource.WEB))
                .isInstanceOfSatisfying(
                        uk.org.phobos.agency.core.api.ApiException.class,
                        e -> assertThat(e.code()).isEqualTo(uk.org.phobos.agency.core.api.ErrorCode.AGENT_BUSY));
        assertThat(queue.waiting()).isEmpty();
        assertThat(sessions.newestFirst()).as("no empty session is left behind").isEmpty();
    }

    @Test
    void aDirectSubmitTheAgentFailsLeavesNoSession() {
        URI a = agents.add("a", "idle");
        agents.refusals.put(a, new ApiException(ErrorCode.UPSTREAM_ERROR, "the agent's CLI is missing"));

        assertThatThrownBy(() -> intake.submit(request("x", null, "agent-0", null), TaskSource.WEB))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR));

        assertThat(sessions.newestFirst()).isEmpty();
    }

    @Test
    void aFullQueueLeavesNoSession() throws Exception {
        agents.add("a", "working");
        List<QueueEntry> waiting = new ArrayList<>();
        for (int i = 0; i < TaskQueue.MAX_WAITING; i++) {
            TaskRequest task =
                    new TaskRequest("waiting " + i, "w" + i, true, null, null, null, Map.of(), TaskSource.CLI, null);
            waiting.add(new QueueEntry(
                    "q-w" + i,
                    task,
                    null,
                    clock.instant(),
                    QueueEntry.Status.QUEUED,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null));
        }
        Files.write(dir.resolve("queue.json"), mapper.writeValueAsBytes(Map.of("entries", waiting)));
        reopen();
        assertThat(queue.waiting()).hasSize(TaskQueue.MAX_WAITING);

        assertThatThrownBy(() -> submit("one too many"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));

        assertThat(sessions.newestFirst()).isEmpty();
    }

    @Test
    void aTaskRefusedWhenTheQueueSendsItOnAtOnceLeavesNoSession() {
        URI a = agents.add("a", "idle");
        agents.refusals.put(a, ApiException.validation("model 'x' is not known"));

        assertThatThrownBy(() -> submit("refused"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR));

        assertThat(sessions.newestFirst()).isEmpty();
    }

    @Test
    void anAgentNotInTheFleetIsRefused() {
        agents.add("a", "idle");

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> intake.submit(request("x", null, "https://169.254.169.254", null), TaskSource.WEB))
                .isInstanceOfSatisfying(
                        uk.org.phobos.agency.core.api.ApiException.class,
                        e -> assertThat(e.code()).isEqualTo(uk.org.phobos.agency.core.api.ErrorCode.NOT_FOUND));
        assertThat(agents.totalSent()).isZero();
    }

    @Test
    void manyPassesOverManyAgentsNeverSendAnEntryTwice() {
        for (int i = 0; i < 3; i++) {
            agents.add("agent" + i, "working");
        }
        for (int i = 0; i < 30; i++) {
            submit("task " + i);
        }
        for (int round = 0; round < 40; round++) {
            for (URI agent : agents.states.keySet()) {
                if (round % 2 == 0) {
                    finish(agent);
                }
            }
            dispatcher.pass();
            dispatcher.pass();
        }

        assertThat(agents.totalSent()).isEqualTo(30);
        assertThat(agents.received.values().stream()
                        .flatMap(java.util.List::stream)
                        .map(t -> t.prompt())
                        .distinct())
                .hasSize(30);
        assertThat(queue.waiting()).isEmpty();
    }
}
