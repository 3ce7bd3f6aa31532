package uk.org.phobos.agency.core.api;

/**
 * The sandbox a task ran under, as its record shows it (an addition to SPEC.md's Task shape).
 *
 * @param sandboxed whether the CLI ran inside a sandbox
 * @param backend {@code bwrap}, {@code sandbox-exec}, or {@code none}
 * @param policyHash SHA-256 of the sandbox policy; null when it ran without one
 * @param reason why it ran without a sandbox, or was refused one; null when sandboxed
 */
public record TaskSandbox(boolean sandboxed, String backend, String policyHash, String reason) {}
