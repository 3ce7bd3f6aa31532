package uk.org.phobos.agency.sandbox;

import java.nio.file.Path;
import java.util.Objects;

/** One path of a {@link SandboxPolicy} and the access it grants to that path and below. */
public record PathRule(Path path, PathAccess access) {
    public PathRule {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(access, "access");
    }

    /** Whether {@code other} is this rule's path or lies below it. */
    public boolean covers(Path other) {
        return other.startsWith(path);
    }
}
