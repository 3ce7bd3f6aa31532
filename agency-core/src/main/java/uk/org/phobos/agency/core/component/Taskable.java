package uk.org.phobos.agency.core.component;

import java.util.Optional;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskCreated;
import uk.org.phobos.agency.core.api.TaskRequest;

/**
 * A component that takes tasks: {@code POST /task}, {@code GET /task/{id}}, {@code POST
 * /task/{id}/cancel}. Failures are {@link uk.org.phobos.agency.core.api.ApiException}s.
 */
public interface Taskable extends Statusable {
    /** Starts a task; the request has already passed {@link uk.org.phobos.agency.core.api.TaskRequestValidator}. */
    TaskCreated submit(TaskRequest request);

    Optional<Task> task(String taskId);

    /** Cancels a running task: 404 if unknown, 409 {@code already_completed} if it has ended. */
    Task cancel(String taskId);
}
