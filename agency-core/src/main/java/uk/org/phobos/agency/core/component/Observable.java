package uk.org.phobos.agency.core.component;

import java.util.List;
import java.util.Optional;
import uk.org.phobos.agency.core.api.HistoryPage;
import uk.org.phobos.agency.core.api.PageRequest;

/**
 * A component whose work can be watched: {@code GET /tasks}, {@code GET /history}, {@code GET
 * /history/{id}}, {@code GET /history/{id}/debug} and {@code GET /task/{id}/events} (Server-Sent
 * Events).
 */
public interface Observable extends Statusable {
    /** Current and recent work (any JSON-serialisable shape of the component's choosing). */
    List<?> tasks();

    HistoryPage<?> history(PageRequest page);

    Optional<?> historyEntry(String id);

    /** The raw lines of a task's stream, when kept. */
    Optional<List<String>> debugLines(String id);

    /** The event feed of a task, or empty when there is no such task. */
    Optional<EventFeed> events(String taskId);
}
