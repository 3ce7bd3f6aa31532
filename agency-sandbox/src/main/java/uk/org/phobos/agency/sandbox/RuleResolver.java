package uk.org.phobos.agency.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns a policy's rules into the order a backend applies them in. Both bubblewrap mounts and
 * Seatbelt rules let the later of two overlapping entries win, so the rules go from the shallowest
 * path to the deepest: a deeper rule then overrides the tree it sits in (the session directory
 * inside a hidden {@code AGENCY_ROOT}). For the very same path the more restrictive rule goes last.
 * A rule that repeats the access its nearest enclosing rule already gives is dropped.
 */
public final class RuleResolver {
    private static final Comparator<ResolvedRule> MOST_SPECIFIC_LAST = Comparator.comparingInt(ResolvedRule::depth)
            .thenComparingInt(rule -> rule.access().restrictiveness())
            .thenComparing(ResolvedRule::hostPath);

    /** The policy's rules, resolved against the host's file system and ordered. */
    public List<ResolvedRule> resolve(SandboxPolicy policy) throws SandboxException {
        List<ResolvedRule> resolved = new ArrayList<>();
        for (PathRule rule : policy.rules()) {
            resolved.add(resolve(rule));
        }
        return order(resolved);
    }

    /** Orders already resolved rules, most specific last, without redundant ones. */
    public List<ResolvedRule> order(Collection<ResolvedRule> rules) {
        List<ResolvedRule> sorted = new ArrayList<>(rules);
        sorted.sort(MOST_SPECIFIC_LAST);
        List<ResolvedRule> kept = new ArrayList<>();
        for (ResolvedRule rule : sorted) {
            Optional<ResolvedRule> enclosing = nearestEnclosing(kept, rule.hostPath());
            // A second tmpfs is not redundant: it would be a different, empty directory.
            boolean redundant = enclosing
                    .filter(e -> e.access() == rule.access() && rule.access() != PathAccess.SCRATCH)
                    .isPresent();
            if (!redundant) {
                kept.add(rule);
            }
        }
        return List.copyOf(kept);
    }

    private static Optional<ResolvedRule> nearestEnclosing(List<ResolvedRule> earlier, Path path) {
        ResolvedRule nearest = null;
        for (ResolvedRule candidate : earlier) {
            if (path.startsWith(candidate.hostPath()) && (nearest == null || candidate.depth() >= nearest.depth())) {
                nearest = candidate;
            }
        }
        return Optional.ofNullable(nearest);
    }

    private static ResolvedRule resolve(PathRule rule) throws SandboxException {
        Path path = rule.path();
        if (Files.exists(path)) {
            try {
                Path real = path.toRealPath();
                HostFileKind kind = Files.isDirectory(real) ? HostFileKind.DIRECTORY : HostFileKind.FILE;
                return new ResolvedRule(rule, real, kind);
            } catch (IOException e) {
                throw new SandboxException("cannot resolve " + rule.access().label() + " path " + path, e);
            }
        }
        if (Files.notExists(path)) {
            return new ResolvedRule(rule, path, HostFileKind.MISSING);
        }
        // Neither provably there nor provably missing: a hidden path we cannot see must not be skipped.
        throw new SandboxException("cannot tell whether " + rule.access().label() + " path " + path + " exists");
    }
}
