package uk.org.phobos.agency.web;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.web.auth.Argon2id;
import uk.org.phobos.agency.web.auth.PasswordFile;
import uk.org.phobos.agency.web.auth.Secrets;

/**
 * {@code ag-view-web set-password}: stores the Argon2id hash of a new dashboard password (read from
 * standard input, or generated and printed once with {@code --generate}) and signs every session out.
 */
@Command(
        name = "set-password",
        mixinStandardHelpOptions = true,
        description = {
            "Stores the hash of a new dashboard password in AGENCY_ROOT/web/password.argon2 (0600) and signs",
            "every device out. Reads the password from standard input, or makes one with --generate and",
            "prints it once. AG_WEB_PASSWORD, when set, still wins when the web view starts."
        })
final class SetPassword implements Callable<Integer> {
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    @Option(names = "--generate", description = "Make a random password (20 characters), print it once.")
    boolean generate;

    @Option(names = "--if-missing", description = "Do nothing when a password hash is already stored.")
    boolean ifMissing;

    @Override
    public Integer call() throws Exception {
        AgencyHome home = AgencyHome.fromEnvironment(System.getenv());
        Path dir = home.componentDir("web");
        PasswordFile file = new PasswordFile(dir.resolve("password.argon2"));
        if (ifMissing && file.read().isPresent()) {
            return 0;
        }
        SecureRandom random = new SecureRandom();
        String password;
        if (generate) {
            password = new Secrets(random).code(ALPHABET, 20);
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? "" : line.strip();
            if (password.length() < uk.org.phobos.agency.web.auth.PasswordCheck.MIN_LENGTH) {
                System.err.println("set-password: the password needs at least "
                        + uk.org.phobos.agency.web.auth.PasswordCheck.MIN_LENGTH + " characters");
                return 2;
            }
        }
        file.write(new Argon2id(Argon2id.Cost.DEFAULT, random).hash(password.toCharArray()));
        Files.deleteIfExists(dir.resolve("auth-sessions.json"));
        if (generate) {
            System.out.println(password);
        }
        return 0;
    }
}
