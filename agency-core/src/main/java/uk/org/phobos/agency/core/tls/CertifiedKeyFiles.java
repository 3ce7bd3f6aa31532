package uk.org.phobos.agency.core.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/** The two files of one certified key: the certificate (public) and its private key (0600). */
public record CertifiedKeyFiles(Path certificateFile, Path keyFile) {

    public CertifiedKeyFiles {
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(keyFile, "keyFile");
    }

    /** Whether the certificate is there; the key alone is of no use (it is written first). */
    public boolean exists() {
        return certificate().exists();
    }

    /** Reads both files; an {@link IOException} says which is missing or unreadable, or that they don't match. */
    public CertifiedKey read() throws IOException {
        List<X509Certificate> certificates = certificate().read();
        if (certificates.isEmpty()) {
            throw new IOException(certificateFile + " holds no certificate");
        }
        CertifiedKey pair = new CertifiedKey(new PrivateKeyPemFile(keyFile).read(), certificates.get(0));
        if (!pair.keyMatchesCertificate()) {
            throw new IOException(keyFile + " is not the key of " + certificateFile);
        }
        return pair;
    }

    /** Writes the key first, then the certificate, each atomically: a reader never sees a torn file. */
    public void write(CertifiedKey pair) throws IOException {
        new PrivateKeyPemFile(keyFile).write(pair.privateKey());
        certificate().write(List.of(pair.certificate()));
    }

    private CertificatePemFile certificate() {
        return new CertificatePemFile(certificateFile);
    }
}
