package uk.org.phobos.agency.bench;

import java.net.URI;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.client.AgencyClient;

/** What {@link AgentBench#runOne} times a task with: a submission, and a task's state (its wire name). */
interface TaskTimingClient {
    /** Submits a prompt; returns the task id. A refusal (such as 409 agent_busy) is an IllegalStateException. */
    String submit(String prompt);

    String state(String taskId);

    /** The fleet's {@link AgencyClient} ({@code java.net.http}), for {@code -Dagency.bench.client=httpclient}. */
    static TaskTimingClient of(AgencyClient client, URI url) {
        return new TaskTimingClient() {
            @Override
            public String submit(String prompt) {
                try {
                    return client.submit(url, TaskRequest.of(prompt)).taskId();
                } catch (ApiException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }

            @Override
            public String state(String taskId) {
                return client.task(url, taskId).state().wireName();
            }
        };
    }
}
