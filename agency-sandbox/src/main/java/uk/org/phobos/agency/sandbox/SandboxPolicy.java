package uk.org.phobos.agency.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a sandboxed command may see and do: paths it may read, write, use as scratch space, or not
 * see at all; its network; and how its environment differs from the caller's.
 *
 * <p>Every path is absolute. A path's access comes from the most specific rule that covers it, so
 * a read-write session directory inside a hidden {@code AGENCY_ROOT} stays read-write, and a path
 * hidden inside a read-only tree is absent. A path no rule covers does not exist inside the
 * sandbox: give {@code /} read-only for a usable system. One path belongs to one list only.
 *
 * <p>The lists are kept sorted and free of duplicates, so two policies with the same rules are
 * equal and have the same {@link #hash()} whatever order they were built in.
 */
public record SandboxPolicy(
        List<Path> readOnlyPaths,
        List<Path> readWritePaths,
        List<Path> scratchPaths,
        List<Path> hiddenPaths,
        NetworkAccess network,
        EnvironmentChanges environment) {

    public SandboxPolicy {
        readOnlyPaths = canonical(PathAccess.READ_ONLY, readOnlyPaths);
        readWritePaths = canonical(PathAccess.READ_WRITE, readWritePaths);
        scratchPaths = canonical(PathAccess.SCRATCH, scratchPaths);
        hiddenPaths = canonical(PathAccess.HIDDEN, hiddenPaths);
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(environment, "environment");
        rejectPathsInTwoLists(Map.of(
                PathAccess.READ_ONLY, readOnlyPaths,
                PathAccess.READ_WRITE, readWritePaths,
                PathAccess.SCRATCH, scratchPaths,
                PathAccess.HIDDEN, hiddenPaths));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this policy's rules, to derive a policy from it. */
    public Builder toBuilder() {
        Builder builder = new Builder().network(network);
        readOnlyPaths.forEach(builder::readOnly);
        readWritePaths.forEach(builder::readWrite);
        scratchPaths.forEach(builder::scratch);
        hiddenPaths.forEach(builder::hidden);
        environment.set().forEach(builder::setEnv);
        environment.unset().forEach(builder::unsetEnv);
        return builder;
    }

    /** Every path rule, sorted by path. */
    public List<PathRule> rules() {
        List<PathRule> rules = new ArrayList<>();
        readOnlyPaths.forEach(p -> rules.add(new PathRule(p, PathAccess.READ_ONLY)));
        readWritePaths.forEach(p -> rules.add(new PathRule(p, PathAccess.READ_WRITE)));
        scratchPaths.forEach(p -> rules.add(new PathRule(p, PathAccess.SCRATCH)));
        hiddenPaths.forEach(p -> rules.add(new PathRule(p, PathAccess.HIDDEN)));
        rules.sort(Comparator.comparing(PathRule::path));
        return rules;
    }

    /**
     * The access the policy gives {@code path} (absolute) by its own rules, before any symbolic link
     * is followed; empty when no rule covers it.
     */
    public Optional<PathAccess> accessAt(Path path) {
        Path normal = path.normalize();
        return rules().stream()
                .filter(rule -> rule.covers(normal))
                .max(Comparator.<PathRule>comparingInt(rule -> rule.path().getNameCount())
                        .thenComparingInt(rule -> rule.access().restrictiveness()))
                .map(PathRule::access);
    }

    /** The text {@link #hash()} is computed over: one line per rule, setting and variable. */
    public String canonicalForm() {
        return new PolicyCanonicalForm(this).text();
    }

    /** SHA-256 of the {@link #canonicalForm()}, in lower-case hex: what a task record carries. */
    public String hash() {
        return new PolicyCanonicalForm(this).sha256();
    }

    private static List<Path> canonical(PathAccess access, List<Path> paths) {
        Set<Path> sorted = new TreeSet<>();
        for (Path path : Objects.requireNonNull(paths, access.label() + " paths")) {
            sorted.add(validated(access, path));
        }
        return List.copyOf(sorted);
    }

    private static Path validated(PathAccess access, Path path) {
        Objects.requireNonNull(path, access.label() + " path");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(access.label() + " path must be absolute: " + path);
        }
        String text = path.toString();
        for (int i = 0; i < text.length(); i++) {
            // Control characters would break the canonical form and the Seatbelt profile.
            if (Character.isISOControl(text.charAt(i))) {
                throw new IllegalArgumentException(
                        access.label() + " path holds a control character: " + text.replaceAll("\\p{Cntrl}", "?"));
            }
        }
        return path.normalize();
    }

    private static void rejectPathsInTwoLists(Map<PathAccess, List<Path>> lists) {
        Map<Path, PathAccess> seen = new HashMap<>();
        lists.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> entry.getValue().forEach(path -> {
                    PathAccess earlier = seen.putIfAbsent(path, entry.getKey());
                    if (earlier != null) {
                        throw new IllegalArgumentException("path " + path + " is both " + earlier.label() + " and "
                                + entry.getKey().label());
                    }
                }));
    }

    /** Collects rules in any order; {@link #build()} validates and sorts them. */
    public static final class Builder {
        private final List<Path> readOnly = new ArrayList<>();
        private final List<Path> readWrite = new ArrayList<>();
        private final List<Path> scratch = new ArrayList<>();
        private final List<Path> hidden = new ArrayList<>();
        private final Map<String, String> setEnv = new LinkedHashMap<>();
        private final Set<String> unsetEnv = new TreeSet<>();
        private NetworkAccess network = NetworkAccess.host();

        private Builder() {}

        public Builder readOnly(Path... paths) {
            readOnly.addAll(List.of(paths));
            return this;
        }

        public Builder readWrite(Path... paths) {
            readWrite.addAll(List.of(paths));
            return this;
        }

        /** Empty, writable, private and discarded at exit (a tmpfs under bubblewrap). */
        public Builder scratch(Path... paths) {
            scratch.addAll(List.of(paths));
            return this;
        }

        /** Made absent: a hidden directory shows empty and read-only, a hidden file unreadable. */
        public Builder hidden(Path... paths) {
            hidden.addAll(List.of(paths));
            return this;
        }

        public Builder network(NetworkAccess network) {
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        /** Sets a variable inside the sandbox only. */
        public Builder setEnv(String name, String value) {
            setEnv.put(name, value);
            return this;
        }

        /** Removes a variable inside the sandbox. */
        public Builder unsetEnv(String name) {
            unsetEnv.add(name);
            return this;
        }

        public SandboxPolicy build() {
            return new SandboxPolicy(
                    readOnly, readWrite, scratch, hidden, network, EnvironmentChanges.of(setEnv, unsetEnv));
        }
    }
}
