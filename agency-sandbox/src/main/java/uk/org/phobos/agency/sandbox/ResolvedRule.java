package uk.org.phobos.agency.sandbox;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A policy rule as found on the host: {@code hostPath} is the rule's path with symbolic links
 * followed (so hiding a link hides what it points to), or the path itself when it does not exist.
 */
public record ResolvedRule(PathRule rule, Path hostPath, HostFileKind kind) {
    public ResolvedRule {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(kind, "kind");
    }

    public PathAccess access() {
        return rule.access();
    }

    public boolean exists() {
        return kind != HostFileKind.MISSING;
    }

    /** How many names the host path has: {@code /} is 0, {@code /tmp} is 1. */
    public int depth() {
        return hostPath.getNameCount();
    }
}
