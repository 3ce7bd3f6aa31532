package uk.org.phobos.agency.core.component;

import java.time.Duration;
import java.util.Map;
import uk.org.phobos.agency.core.api.ComponentType;

/**
 * Every component: it says who it is and how it is doing ({@code GET /status}) and it can be shut
 * down ({@code POST /shutdown}). The shutdown methods have do-nothing defaults for components that
 * hold no work; {@link ComponentServer} calls them in order: {@link #stopAccepting()}, then (unless
 * forced) {@link #awaitIdle(Duration)}, then {@link #cancelAll()} and {@link #persist()}.
 */
public interface Statusable {
    ComponentType type();

    /** The component's name, unique on its machine (e.g. {@code agent-9000}). */
    String name();

    String version();

    /** The component's own state word (e.g. {@code idle}); the server reports {@code draining} itself. */
    String state();

    /** Settings that are safe to show anyone: never secrets. */
    Map<String, Object> config();

    /** Fields of this component type that {@code /status} shows at its top level. */
    default Map<String, Object> statusDetails() {
        return Map.of();
    }

    /** Stop taking new work; work already running goes on. */
    default void stopAccepting() {}

    /** Waits until no work is running; true if that happened within {@code timeout}. */
    default boolean awaitIdle(Duration timeout) throws InterruptedException {
        return true;
    }

    /** Ends all running work now (the whole process tree of each task). */
    default void cancelAll() {}

    /** Writes everything the component keeps to disk. */
    default void persist() {}
}
