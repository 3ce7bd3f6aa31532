package uk.org.phobos.agency.agent.history;

import java.util.Optional;
import uk.org.phobos.agency.agent.claude.ProcessIdentity;
import uk.org.phobos.agency.core.api.Task;

/**
 * What a crashed agent left in its running-task marker: the task that was running, and its CLI
 * process if one had started.
 */
public record LeftoverRun(Task task, Optional<ProcessIdentity> process) {}
