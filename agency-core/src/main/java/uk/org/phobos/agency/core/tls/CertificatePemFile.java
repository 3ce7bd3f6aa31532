package uk.org.phobos.agency.core.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import uk.org.phobos.agency.core.config.AtomicFiles;

/**
 * A PEM file of one or more certificates. Plain JDK on purpose ({@link CertificateFactory} reads PEM):
 * clients load the CA through this class without paying for Bouncy Castle's start-up.
 */
public record CertificatePemFile(Path file) {
    private static final Base64.Encoder PEM_BASE64 =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    public CertificatePemFile {
        Objects.requireNonNull(file, "file");
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /** The certificates in the file, in order; an {@link IOException} names the file when it is not PEM. */
    public List<X509Certificate> read() throws IOException {
        return parse(Files.readAllBytes(file));
    }

    /** Writes the certificates atomically (the file is public: certificates hold no secret). */
    public void write(List<X509Certificate> certificates) throws IOException {
        AtomicFiles.write(file, encode(certificates).getBytes(StandardCharsets.US_ASCII));
    }

    List<X509Certificate> parse(byte[] pem) throws IOException {
        try {
            Collection<? extends Certificate> parsed =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            List<X509Certificate> certificates = new ArrayList<>(parsed.size());
            for (Certificate certificate : parsed) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        } catch (CertificateException | ClassCastException e) {
            throw new IOException(file + " does not hold PEM certificates: " + e.getMessage(), e);
        }
    }

    static String encode(List<X509Certificate> certificates) throws IOException {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                pem.append("-----BEGIN CERTIFICATE-----\n")
                        .append(PEM_BASE64.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IOException("cannot encode " + certificate.getSubjectX500Principal(), e);
            }
        }
        return pem.toString();
    }
}
