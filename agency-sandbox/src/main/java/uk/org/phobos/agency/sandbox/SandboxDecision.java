package uk.org.phobos.agency.sandbox;

/** What to do with a task, given the sandbox mode and the probe's result. */
public enum SandboxDecision {
    /** Run the task inside the sandbox. */
    SANDBOXED,
    /** Run the task without a sandbox, and record that it ran without one. */
    UNSANDBOXED,
    /** Do not run the task: fail it with {@code sandbox_error}, starting no process. */
    REFUSED
}
