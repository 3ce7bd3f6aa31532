package uk.org.phobos.agency.scheduler.run;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.scheduler.job.Job;

/** Records what the scheduler launches; the test plays the target's part by calling back when it likes. */
final class FakeLauncher implements RunLauncher {
    record Launch(String job, Run run, RunListener listener) {}

    final List<Launch> launches = new ArrayList<>();
    final List<Run> resumed = new ArrayList<>();

    @Override
    public void launch(Job job, Run run, RunListener listener) {
        launches.add(new Launch(job.name(), run, listener));
    }

    @Override
    public void resume(Run run, RunListener listener) {
        resumed.add(run);
    }

    List<String> launchedJobs() {
        return launches.stream().map(Launch::job).toList();
    }

    Launch last() {
        return launches.get(launches.size() - 1);
    }

    /** The target accepts the task of launch {@code index}. */
    void accept(int index) {
        Launch launch = launches.get(index);
        String taskId = "task-" + index;
        launch.listener()
                .submitted(
                        launch.run().runId(),
                        new Submission(
                                taskId,
                                null,
                                "session-" + index,
                                Via.AGENT,
                                "https://127.0.0.1:9000",
                                URI.create("https://127.0.0.1:9000/task/" + taskId),
                                null,
                                TaskState.WORKING));
    }

    /** The web view queues the task of launch {@code index}: it is known by its queue id only. */
    void queue(int index) {
        Launch launch = launches.get(index);
        String queueId = "q-" + index;
        launch.listener()
                .submitted(
                        launch.run().runId(),
                        new Submission(
                                queueId,
                                queueId,
                                "session-" + index,
                                Via.WEB,
                                null,
                                URI.create("https://127.0.0.1:8444/api/task/" + queueId),
                                null,
                                TaskState.QUEUED));
    }

    /** An agent took the queued task of launch {@code index}: the run now follows the agent's task. */
    void dispatch(int index, String agentUrl) {
        Launch launch = launches.get(index);
        String taskId = "task-" + index;
        launch.listener()
                .dispatched(
                        launch.run().runId(),
                        new Submission(
                                taskId,
                                "q-" + index,
                                "session-" + index,
                                Via.WEB,
                                agentUrl,
                                URI.create("https://127.0.0.1:8444/api/task/" + taskId),
                                null,
                                TaskState.WORKING));
    }

    void end(int index, TaskState state) {
        Launch launch = launches.get(index);
        launch.listener().ended(launch.run().runId(), state, null);
    }

    /** Accepts and completes launch {@code index}. */
    void complete(int index) {
        accept(index);
        end(index, TaskState.COMPLETED);
    }

    void refuse(int index, Outcome outcome, String message) {
        Launch launch = launches.get(index);
        launch.listener().notSubmitted(launch.run().runId(), outcome, message);
    }
}
