package uk.org.phobos.agency.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The folder a fleet keeps on disk ({@code AGENCY_ROOT}, default {@code ~/.agency}): the local CA in
 * {@code tls/}, the fleet token, and one folder per component for its state.
 */
public final class AgencyHome {
    public static final String ENV_ROOT = "AGENCY_ROOT";
    private static final Pattern COMPONENT_NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");

    private final Path root;

    public AgencyHome(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** {@code AGENCY_ROOT} from the given environment, else {@code ~/.agency}. */
    public static AgencyHome fromEnvironment(Map<String, String> env) {
        String configured = env.get(ENV_ROOT);
        if (configured != null && !configured.isBlank()) {
            return new AgencyHome(Path.of(configured));
        }
        return new AgencyHome(Path.of(System.getProperty("user.home"), ".agency"));
    }

    public Path root() {
        return root;
    }

    public Path tlsDir() {
        return root.resolve("tls");
    }

    public Path tokenFile() {
        return root.resolve("token");
    }

    /** The state folder of one component ({@code AGENCY_ROOT/<name>}), created when missing. */
    public Path componentDir(String componentName) {
        if (!COMPONENT_NAME.matcher(componentName).matches()) {
            throw new IllegalArgumentException("component name must match " + COMPONENT_NAME + ": " + componentName);
        }
        return createDirectories(root.resolve(componentName));
    }

    /** Creates the root folder when missing and returns it. */
    public Path ensureRoot() {
        return createDirectories(root);
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
