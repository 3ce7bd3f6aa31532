package uk.org.phobos.agency.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The text a policy's hash is taken over: a version line, then one line per rule, the network and
 * each variable, in a fixed order. Backslashes and line breaks in values are escaped so no value
 * can forge a line. Change {@link #VERSION} whenever this format changes.
 */
final class PolicyCanonicalForm {
    private static final String VERSION = "agency-sandbox-policy 1";

    private final SandboxPolicy policy;

    PolicyCanonicalForm(SandboxPolicy policy) {
        this.policy = policy;
    }

    String text() {
        StringBuilder text = new StringBuilder(VERSION).append('\n');
        for (PathRule rule : policy.rules()) {
            line(text, rule.access().label(), rule.path().toString());
        }
        line(text, "network", policy.network().label());
        policy.environment().set().forEach((name, value) -> line(text, "env-set", name + "=" + value));
        policy.environment().unset().forEach(name -> line(text, "env-unset", name));
        return text.toString();
    }

    String sha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void line(StringBuilder text, String key, String value) {
        text.append(key).append(' ');
        value.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.appendCodePoint(c);
            }
        });
        text.append('\n');
    }
}
