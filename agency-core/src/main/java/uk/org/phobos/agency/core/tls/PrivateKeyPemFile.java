package uk.org.phobos.agency.core.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import uk.org.phobos.agency.core.config.AtomicFiles;

/**
 * A PEM file holding one unencrypted private key, written as PKCS#8 ({@code BEGIN PRIVATE KEY}) and
 * owner-only (0600). Reads PKCS#8 and the traditional OpenSSL forms ({@code BEGIN EC PRIVATE KEY}, ...).
 */
public record PrivateKeyPemFile(Path file) {

    public PrivateKeyPemFile {
        Objects.requireNonNull(file, "file");
    }

    public PrivateKey read() throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
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

    public void write(PrivateKey key) throws IOException {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        }
        AtomicFiles.writeSecret(file, pem.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
