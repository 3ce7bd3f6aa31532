package uk.org.phobos.agency.testkit.claude;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The checkout this build runs in: the nearest folder holding {@code mvnw}, from the working dir up. */
public record RepositoryRoot(Path path) {
    public static Optional<RepositoryRoot> find() {
        return findFrom(Path.of("").toAbsolutePath());
    }

    public static Optional<RepositoryRoot> findFrom(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return Optional.of(new RepositoryRoot(dir));
            }
        }
        return Optional.empty();
    }

    /** The {@code KEY=VALUE} pins of {@code scripts/versions.env}, the one place versions of tools live. */
    public Map<String, String> pinnedVersions() {
        Path file = path.resolve("scripts/versions.env");
        Map<String, String> pins = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                int eq = trimmed.indexOf('=');
                if (!trimmed.startsWith("#") && eq > 0) {
                    pins.put(trimmed.substring(0, eq), unquote(trimmed.substring(eq + 1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return pins;
    }

    private static String unquote(String value) {
        boolean quoted = value.length() >= 2
                && ((value.startsWith("\"") && value.endsWith("\"")) || (value.startsWith("'") && value.endsWith("'")));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }
}
