package uk.org.phobos.agency.core.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import uk.org.phobos.agency.core.config.AgencyHome;

/**
 * TLS for one fleet home, in the terms services and the CLI think in. Opening touches no file; the CA is
 * created by the first {@link #serverIdentity} call. Failures come as {@link TlsSetupException}.
 *
 * <pre>{@code
 * FleetTls tls = FleetTls.open(home);
 * ServerKeyStore keys = tls.serverIdentity("agent", List.of(bindAddress)).toKeyStore(); // server
 * SSLContext client = tls.clientContext();                                             // client
 * }</pre>
 */
public final class FleetTls {
    private final TlsDirectory tls;
    private final CertificatePolicy policy;

    private FleetTls(TlsDirectory tls, CertificatePolicy policy) {
        this.tls = tls;
        this.policy = policy;
    }

    public static FleetTls open(AgencyHome home) {
        return open(home, CertificatePolicy.defaults());
    }

    public static FleetTls open(AgencyHome home, CertificatePolicy policy) {
        return new FleetTls(new TlsDirectory(home.tlsDir()), policy);
    }

    public TlsDirectory directory() {
        return tls;
    }

    /**
     * The key and certificate chain {@code componentName} serves with, valid for localhost, 127.0.0.1, ::1,
     * this host's name and {@code extraNames} (such as a {@code --bind} address); creates the CA and the
     * certificate as needed.
     */
    public ServerIdentity serverIdentity(String componentName, Collection<String> extraNames) {
        try {
            LocalCertificateAuthority ca = LocalCertificateAuthority.loadOrCreate(tls, policy);
            SubjectAltNames machineNames = SubjectAltNames.loopback()
                    .plus(SubjectAltNames.parse(
                            LocalHostName.lookUp().map(List::of).orElse(List.of())));
            return new ComponentCertificates(tls, ca, policy, machineNames).identity(componentName, extraNames);
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsSetupException(
                    "Cannot set up TLS for " + componentName + " in " + tls.dir() + ": " + e.getMessage(), e);
        }
    }

    /** A client context trusting this machine's CA and the imported ones, and nothing else. */
    public SSLContext clientContext() {
        try {
            return FleetTrust.fromTlsDir(tls.dir()).sslContext();
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsSetupException("Cannot load the Agency CAs from " + tls.dir() + ": " + e.getMessage(), e);
        }
    }

    /** Writes this machine's CA certificate (never its key) to {@code target}. */
    public void exportCa(Path target) {
        try {
            new TrustedCas(tls).exportOwn(target);
        } catch (IOException e) {
            throw new TlsSetupException("Cannot export the Agency CA to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Trusts the CA certificates in {@code source}; returns the ones that are new. */
    public List<X509Certificate> importCa(Path source) {
        try {
            return new TrustedCas(tls).importFrom(source);
        } catch (IOException e) {
            throw new TlsSetupException("Cannot import a CA from " + source + ": " + e.getMessage(), e);
        }
    }
}
