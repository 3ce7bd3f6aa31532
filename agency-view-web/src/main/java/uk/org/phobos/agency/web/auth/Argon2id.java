package uk.org.phobos.agency.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (Bouncy Castle) in the PHC string format {@code
 * $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}. Verification recomputes the hash with the stored
 * parameters and compares in constant time.
 */
public final class Argon2id {
    private static final Pattern ENCODED = Pattern.compile(
            "^\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{16,})\\$([A-Za-z0-9+/]{32,})$");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    /** Memory in KiB, passes, lanes. */
    public record Cost(int memoryKib, int iterations, int parallelism) {
        /** OWASP's recommendation for Argon2id: 19 MiB, 2 passes, 1 lane. */
        public static final Cost DEFAULT = new Cost(19 * 1024, 2, 1);
    }

    private final Cost cost;
    private final SecureRandom random;

    public Argon2id(Cost cost, SecureRandom random) {
        this.cost = cost;
        this.random = random;
    }

    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, cost, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + cost.parallelism() + "$"
                + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Whether {@code password} matches {@code encoded}; false for anything that is not an Argon2id hash. */
    public boolean verify(char[] password, String encoded) {
        Optional<Parsed> parsed = parse(encoded);
        if (parsed.isEmpty()) {
            return false;
        }
        Parsed stored = parsed.get();
        byte[] candidate = derive(password, stored.salt(), stored.cost(), stored.hash().length);
        return MessageDigest.isEqual(candidate, stored.hash());
    }

    /** Whether {@code encoded} is a hash this class can verify. */
    public static boolean isWellFormed(String encoded) {
        return parse(encoded).isPresent();
    }

    @SuppressWarnings("ArrayRecordComponent") // private, never shared: the arrays are read once
    private record Parsed(Cost cost, byte[] salt, byte[] hash) {}

    private static Optional<Parsed> parse(String encoded) {
        if (encoded == null) {
            return Optional.empty();
        }
        Matcher m = ENCODED.matcher(encoded.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Cost cost =
                    new Cost(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            if (cost.memoryKib() < 8 * cost.parallelism() || cost.iterations() < 1 || cost.parallelism() < 1) {
                return Optional.empty();
            }
            Base64.Decoder b64 = Base64.getDecoder();
            return Optional.of(new Parsed(cost, b64.decode(m.group(4)), b64.decode(m.group(5))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] derive(char[] password, byte[] salt, Cost cost, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKib())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        byte[] utf8 = toUtf8(password);
        try {
            generator.generateBytes(utf8, out);
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
        return out;
    }

    private static byte[] toUtf8(char[] password) {
        java.nio.ByteBuffer buffer = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        buffer.rewind();
        while (buffer.hasRemaining()) {
            buffer.put((byte) 0); // leave no copy of the password behind
        }
        return bytes;
    }
}
