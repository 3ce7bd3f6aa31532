package uk.org.phobos.agency.core.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.config.AtomicFiles;

/**
 * The shared secret every fleet request carries ({@code Authorization: Bearer <token>}): {@code AGENCY_TOKEN}
 * when set, else the file {@code AGENCY_ROOT/token} (0600), which the first server to start creates.
 */
public final class FleetToken {
    public static final String ENV_TOKEN = "AGENCY_TOKEN";

    private static final Logger log = LoggerFactory.getLogger(FleetToken.class);
    private static final int RANDOM_BYTES = 32;
    // Visible ASCII only: the token travels in an HTTP header.
    private static final Pattern USABLE = Pattern.compile("^[\\x21-\\x7E]+$");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final String value;
    private final byte[] digest;
    private final String source;

    private FleetToken(String value, String source) {
        if (!USABLE.matcher(value).matches()) {
            throw new IllegalStateException(
                    "The fleet token from " + source + " must be visible ASCII characters without spaces");
        }
        this.value = value;
        this.digest = sha256(value);
        this.source = source;
    }

    /**
     * For servers: {@code AGENCY_TOKEN}, else the token file, created with a fresh 256-bit random token when
     * missing. Of several processes starting together, one creates the file and the others read it.
     */
    public static FleetToken loadOrCreate(AgencyHome home, Map<String, String> env) throws IOException {
        FleetToken fromEnvironment = fromEnvironment(env);
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        Path file = home.tokenFile();
        try {
            return fromFile(file);
        } catch (NoSuchFileException absent) {
            home.ensureRoot();
            String created = newRandomValue();
            try {
                AtomicFiles.createSecret(file, (created + "\n").getBytes(StandardCharsets.US_ASCII));
                log.info("Created the fleet token in {}", file);
                return new FleetToken(created, file.toString());
            } catch (FileAlreadyExistsException raced) {
                return fromFile(file);
            }
        }
    }

    /**
     * For clients: {@code AGENCY_TOKEN}, else the token file; a {@link MissingFleetTokenException} that
     * says what to do when there is neither.
     */
    public static FleetToken load(AgencyHome home, Map<String, String> env) throws IOException {
        FleetToken fromEnvironment = fromEnvironment(env);
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        try {
            return fromFile(home.tokenFile());
        } catch (NoSuchFileException absent) {
            throw new MissingFleetTokenException("No fleet token: " + home.tokenFile() + " does not exist and "
                    + ENV_TOKEN + " is not set. Start an Agency component first (it creates the token), or set "
                    + ENV_TOKEN + " to the fleet's token.");
        }
    }

    /** Whether {@code presented} is this token; takes the same time wherever the two differ, and for any length. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        // Comparing digests keeps the length of the token secret too.
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return "FleetToken[from " + source + ", value hidden]";
    }

    private static FleetToken fromEnvironment(Map<String, String> env) {
        String configured = env.get(ENV_TOKEN);
        if (configured == null || configured.isBlank()) {
            return null;
        }
        return new FleetToken(configured.strip(), ENV_TOKEN);
    }

    private static FleetToken fromFile(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (content.isEmpty()) {
            throw new IllegalStateException("The fleet token file " + file + " is empty: delete it to have a new"
                    + " token created, or write the fleet's token into it");
        }
        keepPrivate(file);
        return new FleetToken(content, file.toString());
    }

    private static void keepPrivate(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions =
                    EnumSet.copyOf(view.readAttributes().permissions());
            permissions.removeAll(OWNER_ONLY);
            permissions.remove(PosixFilePermission.OWNER_EXECUTE);
            if (permissions.isEmpty()) {
                return;
            }
            view.setPermissions(OWNER_ONLY);
            log.warn("The fleet token file {} was readable by others ({}): narrowed it to 0600", file, permissions);
        } catch (IOException | SecurityException e) {
            log.warn(
                    "The fleet token file {} is readable by others and could not be narrowed ({}): run chmod 600 {}",
                    file,
                    e.toString(),
                    file);
        }
    }

    private static String newRandomValue() {
        byte[] random = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
