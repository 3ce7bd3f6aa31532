package uk.org.phobos.agency.web.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ErrorCode;

/**
 * The dashboard password, held only as an Argon2id hash. {@code AG_WEB_PASSWORD}, when set, is the
 * password (hashed at start and stored, so a change of the variable between runs is noticed); else the
 * hash file that {@code ag-view-web set-password} (or {@code ./build.sh run}) wrote. A password from the
 * environment cannot be changed from the dashboard.
 */
public final class PasswordCheck {
    public static final String ENV = "AG_WEB_PASSWORD";
    public static final int MIN_LENGTH = 12;
    private static final Logger log = LoggerFactory.getLogger(PasswordCheck.class);

    private final Argon2id argon;
    private final PasswordFile file;
    private final boolean fromEnvironment;
    private volatile String hash;

    private PasswordCheck(Argon2id argon, PasswordFile file, boolean fromEnvironment, String hash) {
        this.argon = argon;
        this.file = file;
        this.fromEnvironment = fromEnvironment;
        this.hash = hash;
    }

    /** The result of loading: the check, and whether the password differs from the one stored before. */
    public record Loaded(PasswordCheck check, boolean changed) {}

    public static Loaded load(Argon2id argon, PasswordFile file, Optional<String> environmentPassword)
            throws IOException {
        Optional<String> stored = file.read();
        if (environmentPassword.isPresent() && !environmentPassword.get().isEmpty()) {
            char[] password = environmentPassword.get().toCharArray();
            if (stored.isPresent() && argon.verify(password, stored.get())) {
                return new Loaded(new PasswordCheck(argon, file, true, stored.get()), false);
            }
            String fresh = argon.hash(password);
            file.write(fresh);
            if (stored.isPresent()) {
                log.warn("{} differs from the password of the last run: every dashboard session was signed out", ENV);
            }
            return new Loaded(new PasswordCheck(argon, file, true, fresh), stored.isPresent());
        }
        if (stored.isEmpty()) {
            throw new IllegalStateException("no dashboard password: set " + ENV + ", or store one with "
                    + "'ag-view-web set-password' (./build.sh run does this for you); expected its hash in "
                    + file.path());
        }
        if (!Argon2id.isWellFormed(stored.get())) {
            throw new IllegalStateException(
                    file.path() + " does not hold an Argon2id hash: delete it and set a password"
                            + " again with 'ag-view-web set-password'");
        }
        return new Loaded(new PasswordCheck(argon, file, false, stored.get()), false);
    }

    public boolean verify(char[] candidate) {
        return argon.verify(candidate, hash);
    }

    public boolean fromEnvironment() {
        return fromEnvironment;
    }

    /** Replaces the password; the caller then signs every session out. */
    public synchronized void change(char[] current, char[] next) {
        if (fromEnvironment) {
            throw new ApiException(
                    ErrorCode.FORBIDDEN,
                    "the password comes from " + ENV + ": change the variable and restart the web view instead");
        }
        if (!verify(current)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "the current password is wrong");
        }
        requireStrong(next);
        String fresh = argon.hash(next);
        try {
            file.write(fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the new password hash in " + file.path(), e);
        }
        hash = fresh;
    }

    static void requireStrong(char[] password) {
        if (password.length < MIN_LENGTH) {
            throw ApiException.validation("the new password must have at least " + MIN_LENGTH + " characters");
        }
    }
}
