package uk.org.phobos.agency.agent;

import java.util.Optional;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.RunnerInfo;

/**
 * Whether the agent can take tasks: {@code starting} while it checks the CLI and probes the
 * sandbox, then ready, or
 * {@code unavailable} with a problem that {@code /status} shows and every task refusal repeats.
 */
final class Readiness {
    private volatile String state = "starting";
    private volatile RunnerInfo runner;
    private volatile String problem;

    Readiness(RunnerInfo configured) {
        this.runner = configured;
    }

    void ready(RunnerInfo checked) {
        runner = checked;
        problem = null;
        state = "ready";
    }

    void broken(String why) {
        problem = why;
        state = "unavailable";
    }

    boolean isReady() {
        return "ready".equals(state);
    }

    String state() {
        return state;
    }

    RunnerInfo runner() {
        return runner;
    }

    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    void requireReady() {
        if ("starting".equals(state)) {
            throw ApiException.unavailable(
                    "the agent is starting (checking the Claude Code CLI and the sandbox); retry in a moment");
        }
        if (problem != null) {
            throw ApiException.unavailable("the agent cannot run tasks: " + problem);
        }
    }
}
