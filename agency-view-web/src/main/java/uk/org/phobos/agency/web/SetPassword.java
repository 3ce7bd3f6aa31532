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
            "every device out when the web view next starts (a running one keeps the old password until it",
            "restarts). Reads the password from standard input, or makes one with --generate and prints it",
            "once. AG_WEB_PASSWORD, when set, still wins when the web view starts."
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
        // A web view already running read the old hash and its sign-ins at start and keeps them in memory.
        // (--if-missing is the first start's set-up, before any web view runs: nothing to say then.)
        if (!ifMissing) {
            System.err.println("set-password: stored. A web view that is running now keeps the old password and its"
                    + " signed-in devices until it restarts; the dashboard's own password change applies at once.");
        }
        return 0;
    }
}
