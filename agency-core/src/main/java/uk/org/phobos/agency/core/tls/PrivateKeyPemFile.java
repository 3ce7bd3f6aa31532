package uk.org.phobos.agency.core.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import uk.org.phobos.agency.core.config.AtomicFiles;

/**
 * A PEM file holding one unencrypted private key, written as PKCS#8 ({@code BEGIN PRIVATE KEY}) and
 * owner-only (0600). Also reads the traditional OpenSSL forms ({@code BEGIN EC PRIVATE KEY}, ...).
 */
public record PrivateKeyPemFile(Path file) {
    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA");

    public PrivateKeyPemFile {
        Objects.requireNonNull(file, "file");
    }

    public PrivateKey read() throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher pkcs8 = PKCS8.matcher(pem);
        // The form Agency writes is read with the plain JDK: Bouncy Castle's parser costs ~250 ms of
        // class loading on a cold JVM, on every service start.
        return pkcs8.find() ? readPkcs8(Base64.getMimeDecoder().decode(pkcs8.group(1))) : readOtherForms(pem);
    }

    public void write(PrivateKey key) throws IOException {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        }
        AtomicFiles.writeSecret(file, pem.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private PrivateKey readPkcs8(byte[] der) throws IOException {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next one
            }
        }
        throw new IOException(file + " holds a PKCS#8 key that is neither EC nor RSA");
    }

    private PrivateKey readOtherForms(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object parsed = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (parsed instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (parsed instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            throw new IOException(file + " does not hold an unencrypted private key");
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException(file + " does not hold a readable private key: " + e.getMessage(), e);
        }
    }
}
