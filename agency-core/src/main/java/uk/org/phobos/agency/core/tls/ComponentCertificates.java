package uk.org.phobos.agency.core.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each component's key pair and certificate ({@code tls/<component>.pem}, {@code tls/<component>-key.pem}),
 * issued by the local CA on first use and reused until it must be replaced: unreadable, signed by another
 * CA, due for renewal, or lacking a name the component now asks for.
 */
public final class ComponentCertificates {
    private static final Logger log = LoggerFactory.getLogger(ComponentCertificates.class);

    private final TlsDirectory tls;
    private final LocalCertificateAuthority ca;
    private final CertificatePolicy policy;
    private final SubjectAltNames machineNames;

    /** @param machineNames the names every certificate gets (loopback and the host name) */
    public ComponentCertificates(
            TlsDirectory tls, LocalCertificateAuthority ca, CertificatePolicy policy, SubjectAltNames machineNames) {
        this.tls = tls;
        this.ca = ca;
        this.policy = policy;
        this.machineNames = machineNames;
    }

    /** The identity of {@code componentName}, valid for the machine names plus {@code extraNames}. */
    @SuppressWarnings("try") // the lock is held for the whole try block, never referenced in it
    public ServerIdentity identity(String componentName, Collection<String> extraNames)
            throws IOException, GeneralSecurityException {
        CertifiedKeyFiles files = tls.componentFiles(componentName);
        SubjectAltNames wanted = machineNames.plus(SubjectAltNames.parse(extraNames));
        try (TlsDirectoryLock lock = TlsDirectoryLock.acquire(tls)) {
            Optional<String> reasonToIssue;
            CertifiedKey current = null;
            if (!files.exists()) {
                reasonToIssue = Optional.of("it has none yet");
            } else {
                try {
                    current = files.read();
                    reasonToIssue = reasonToReplace(current.certificate(), wanted);
                } catch (IOException e) {
                    reasonToIssue = Optional.of("its files are unreadable: " + e.getMessage());
                }
            }
            if (reasonToIssue.isEmpty()) {
                return identityOf(current);
            }
            log.info("Issuing a TLS certificate for {} because {}", componentName, reasonToIssue.get());
            CertifiedKey issued = ca.issue(componentName, wanted);
            files.write(issued);
            return identityOf(issued);
        }
    }

    private Optional<String> reasonToReplace(X509Certificate certificate, SubjectAltNames wanted) {
        if (!ca.hasSigned(certificate)) {
            return Optional.of("its certificate was not signed by the current CA");
        }
        if (policy.needsRenewal(certificate)) {
            return Optional.of(
                    "its certificate expires on " + certificate.getNotAfter().toInstant());
        }
        try {
            List<String> missing = wanted.missingFrom(SubjectAltNames.of(certificate));
            return missing.isEmpty() ? Optional.empty() : Optional.of("its certificate lacks " + missing);
        } catch (CertificateParsingException e) {
            return Optional.of("its certificate's names are unreadable");
        }
    }

    private ServerIdentity identityOf(CertifiedKey component) {
        return new ServerIdentity(
                component.privateKey(), new X509Certificate[] {component.certificate(), ca.certificate()});
    }
}
