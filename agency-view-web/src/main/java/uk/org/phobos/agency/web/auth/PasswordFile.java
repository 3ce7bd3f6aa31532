package uk.org.phobos.agency.web.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import uk.org.phobos.agency.core.config.AtomicFiles;

/** The dashboard password's Argon2id hash on disk ({@code AGENCY_ROOT/web/password.argon2}, 0600). Never the password. */
public final class PasswordFile {
    private final Path file;

    public PasswordFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    public Optional<String> read() throws IOException {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    public void write(String encodedHash) throws IOException {
        if (!Argon2id.isWellFormed(encodedHash)) {
            throw new IllegalArgumentException("not an Argon2id hash");
        }
        AtomicFiles.writeSecret(file, (encodedHash + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
