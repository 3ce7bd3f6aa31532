package uk.org.phobos.agency.core.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The CAs this machine's clients trust: its own ({@code tls/ca.pem}) and those imported from other
 * machines ({@code tls/trusted/<fingerprint>.pem}). Export writes the own CA's certificate, never its key.
 * Plain JDK only, like {@link CertificatePemFile}.
 */
public final class TrustedCas {
    private final TlsDirectory tls;

    public TrustedCas(TlsDirectory tls) {
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    /** The own CA (when this machine has one) followed by the imported ones; empty when there are none. */
    public List<X509Certificate> load() throws IOException {
        List<X509Certificate> authorities = new ArrayList<>();
        CertificatePemFile own = new CertificatePemFile(tls.caCertificateFile());
        if (own.exists()) {
            authorities.addAll(own.read());
        }
        for (Path imported : importedFiles()) {
            authorities.addAll(new CertificatePemFile(imported).read());
        }
        return authorities;
    }

    /** Writes this machine's CA certificate to {@code target}, for {@link #importFrom} on another machine. */
    public void exportOwn(Path target) throws IOException {
        CertificatePemFile own = new CertificatePemFile(tls.caCertificateFile());
        if (!own.exists()) {
            throw new TlsSetupException(
                    "No Agency CA in " + tls.dir() + " to export yet: start an Agency component first.");
        }
        new CertificatePemFile(target).write(own.read());
    }

    /**
     * Trusts the CA certificates in {@code source} (a file written by {@link #exportOwn}); returns those that
     * were not trusted before. Refuses files holding a private key or certificates that are not CAs.
     */
    public List<X509Certificate> importFrom(Path source) throws IOException {
        byte[] content = Files.readAllBytes(source);
        if (new String(content, StandardCharsets.US_ASCII).contains("PRIVATE KEY")) {
            throw new IllegalArgumentException(source + " holds a private key: import only the CA certificate"
                    + " (written by `ag tls export`), and treat that key as leaked");
        }
        List<X509Certificate> offered = new CertificatePemFile(source).parse(content);
        if (offered.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no certificate");
        }
        for (X509Certificate certificate : offered) {
            requireUsableCa(source, certificate);
        }
        List<X509Certificate> known = load();
        List<X509Certificate> added = new ArrayList<>();
        for (X509Certificate certificate : offered) {
            if (!known.contains(certificate) && !added.contains(certificate)) {
                Files.createDirectories(tls.create().trustedDir());
                new CertificatePemFile(tls.trustedDir().resolve(fingerprint(certificate) + ".pem"))
                        .write(List.of(certificate));
                added.add(certificate);
            }
        }
        return added;
    }

    private List<Path> importedFiles() throws IOException {
        if (!Files.isDirectory(tls.trustedDir())) {
            return List.of();
        }
        TreeSet<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tls.trustedDir(), "*.pem")) {
            entries.forEach(files::add);
        }
        return List.copyOf(files);
    }

    private static void requireUsableCa(Path source, X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(subject + " in " + source + " is not a CA certificate:"
                    + " import the file `ag tls export` writes on the other machine");
        }
        try {
            certificate.checkValidity();
        } catch (CertificateException e) {
            throw new IllegalArgumentException(subject + " in " + source + " is not valid now: " + e.getMessage(), e);
        }
    }

    private static String fingerprint(X509Certificate certificate) throws IOException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IOException("cannot fingerprint " + certificate.getSubjectX500Principal(), e);
        }
    }
}
