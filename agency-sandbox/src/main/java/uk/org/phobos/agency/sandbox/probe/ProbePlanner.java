package uk.org.phobos.agency.sandbox.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import uk.org.phobos.agency.sandbox.PathAccess;
import uk.org.phobos.agency.sandbox.PathRule;
import uk.org.phobos.agency.sandbox.SandboxPolicy;

/**
 * Chooses what a probe tries, from the policy and the host's file system.
 *
 * <p>Forbidden writes go into directories above the session directory that the host can write to
 * but the policy does not let the sandbox write to: the nearest one (often inside a hidden tree such
 * as {@code AGENCY_ROOT}), and the nearest read-only one (often {@code $HOME}). A write the host
 * itself could not make would prove nothing.
 */
final class ProbePlanner {
    private static final String PREFIX = ".agency-sandbox-probe-";
    private static final int ENTRIES_LOOKED_AT = 64;

    ProbePlan plan(SandboxPolicy policy, Path sessionDir) throws ProbeFailure {
        String name = PREFIX + UUID.randomUUID();
        List<Path> forbidden = new ArrayList<>();
        nearestForbiddenDir(policy, sessionDir, false).ifPresent(dir -> forbidden.add(dir.resolve(name)));
        nearestForbiddenDir(policy, sessionDir, true)
                .map(dir -> dir.resolve(name))
                .filter(file -> !forbidden.contains(file))
                .ifPresent(forbidden::add);
        if (forbidden.isEmpty()) {
            throw new ProbeFailure("no directory above the session directory " + sessionDir
                    + " is closed to the sandbox, so a forbidden write cannot be tried: the policy lets it write"
                    + " everywhere");
        }
        return new ProbePlan(forbidden, sessionDir.resolve(name), hiddenChecks(policy));
    }

    private static Optional<Path> nearestForbiddenDir(SandboxPolicy policy, Path sessionDir, boolean readOnlyOnly) {
        for (Path dir = sessionDir.getParent(); dir != null; dir = dir.getParent()) {
            Optional<PathAccess> access = policy.accessAt(dir);
            boolean writableInside = access.filter(a -> a == PathAccess.READ_WRITE || a == PathAccess.SCRATCH)
                    .isPresent();
            boolean wanted = !readOnlyOnly
                    || access.filter(a -> a == PathAccess.READ_ONLY).isPresent();
            if (!writableInside && wanted && Files.isDirectory(dir) && Files.isWritable(dir)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static List<HiddenCheck> hiddenChecks(SandboxPolicy policy) throws ProbeFailure {
        List<Path> visible = policy.rules().stream()
                .filter(rule -> rule.access() != PathAccess.HIDDEN)
                .map(PathRule::path)
                .toList();
        List<HiddenCheck> checks = new ArrayList<>();
        for (Path hidden : policy.hiddenPaths()) {
            if (Files.isDirectory(hidden)) {
                firstEntryNotLeadingTo(hidden, visible)
                        .ifPresent(entry -> checks.add(new HiddenCheck(entry, HiddenCheck.Kind.ABSENT)));
            } else if (Files.isRegularFile(hidden) && size(hidden) > 0) {
                checks.add(new HiddenCheck(hidden, HiddenCheck.Kind.UNREADABLE));
            }
        }
        return checks;
    }

    /** An entry of {@code dir} on no visible path's way; such entries stay in sight by design. */
    private static Optional<Path> firstEntryNotLeadingTo(Path dir, List<Path> visible) throws ProbeFailure {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.limit(ENTRIES_LOOKED_AT)
                    .sorted()
                    .filter(entry -> visible.stream().noneMatch(v -> v.startsWith(entry)))
                    .findFirst();
        } catch (IOException e) {
            throw new ProbeFailure("cannot list hidden directory " + dir + " to check it: " + e.getMessage());
        }
    }

    private static long size(Path file) throws ProbeFailure {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ProbeFailure("cannot read the size of hidden file " + file + ": " + e.getMessage());
        }
    }
}
