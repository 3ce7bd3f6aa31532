package uk.org.phobos.agency.sandbox;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How a sandbox changes the environment it is given: variables it sets (such as
 * {@code IS_SANDBOX=1}) and variables it removes (such as the fleet token). They apply inside the
 * sandbox only; the caller's own environment is never touched.
 */
public record EnvironmentChanges(SortedMap<String, String> set, SortedSet<String> unset) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public EnvironmentChanges {
        set = Collections.unmodifiableSortedMap(new TreeMap<>(set));
        unset = Collections.unmodifiableSortedSet(new TreeSet<>(unset));
        set.forEach((name, value) -> {
            requireName(name);
            if (value == null || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment variable " + name + " needs a value without NUL");
            }
        });
        unset.forEach(EnvironmentChanges::requireName);
        for (String name : unset) {
            if (set.containsKey(name)) {
                throw new IllegalArgumentException("environment variable " + name + " is both set and removed");
            }
        }
    }

    public static EnvironmentChanges none() {
        return new EnvironmentChanges(new TreeMap<>(), new TreeSet<>());
    }

    public static EnvironmentChanges of(Map<String, String> set, Set<String> unset) {
        return new EnvironmentChanges(new TreeMap<>(set), new TreeSet<>(unset));
    }

    /** A new map: {@code environment} without the removed variables, plus the set ones. */
    public Map<String, String> applyTo(Map<String, String> environment) {
        Map<String, String> result = new HashMap<>(environment);
        unset.forEach(result::remove);
        result.putAll(set);
        return result;
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an environment variable name: " + name);
        }
    }
}
