package uk.org.phobos.agency.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentCertificatesTest {
    private static final SubjectAltNames MACHINE =
            SubjectAltNames.loopback().plus(SubjectAltNames.parse(List.of("testhost")));

    @TempDir
    Path home;

    private TlsDirectory tls;

    @BeforeEach
    void setUp() {
        tls = new TlsDirectory(home.resolve("tls"));
    }

    private ComponentCertificates certificates(CertificatePolicy policy) throws Exception {
        return new ComponentCertificates(tls, LocalCertificateAuthority.loadOrCreate(tls, policy), policy, MACHINE);
    }

    private ServerIdentity identity(List<String> extraNames) throws Exception {
        return certificates(CertificatePolicy.defaults()).identity("agent", extraNames);
    }

    @Test
    void issuesACertificateForTheMachineNamesAndTheExtraOnes() throws Exception {
        ServerIdentity identity = identity(List.of("10.1.2.3", "agent.example.org", "[fe80::1]"));
        X509Certificate certificate = identity.certificate();

        assertThat(certificate.getSubjectAlternativeNames())
                .extracting(entry -> String.valueOf(entry.get(1)))
                .contains(
                        "localhost",
                        "testhost",
                        "agent.example.org",
                        "127.0.0.1",
                        "0:0:0:0:0:0:0:1",
                        "10.1.2.3",
                        "fe80:0:0:0:0:0:0:1");
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=agent");
        assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
        certificate.verify(identity.chain()[1].getPublicKey());
        assertThat(identity.chain()[1])
                .isEqualTo(LocalCertificateAuthority.loadOrCreate(tls.dir()).certificate());
        assertThat(Duration.between(
                        certificate.getNotBefore().toInstant(),
                        certificate.getNotAfter().toInstant()))
                .isGreaterThanOrEqualTo(Duration.ofDays(730));
    }

    @Test
    void writesTheComponentFilesWithTheKeyOwnerOnly() throws Exception {
        identity(List.of());

        assertThat(tls.dir().resolve("agent.pem")).exists();
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(tls.dir().resolve("agent-key.pem"))))
                .isEqualTo("rw-------");
    }

    @Test
    void reusesTheCertificateOnTheNextStart() throws Exception {
        ServerIdentity first = identity(List.of("10.1.2.3"));
        ServerIdentity second = identity(List.of());
        ServerIdentity third = identity(List.of("10.1.2.3"));

        assertThat(second.certificate()).isEqualTo(first.certificate());
        assertThat(third.certificate()).isEqualTo(first.certificate());
        assertThat(third.privateKey()).isEqualTo(first.privateKey());
    }

    @Test
    void reissuesWhenANewNameIsAskedFor() throws Exception {
        ServerIdentity first = identity(List.of());
        ServerIdentity widened = identity(List.of("192.168.1.20"));

        assertThat(widened.certificate().getSerialNumber())
                .isNotEqualTo(first.certificate().getSerialNumber());
        assertThat(SubjectAltNames.of(widened.certificate()).missingFrom(SubjectAltNames.parse(List.of())))
                .contains("192.168.1.20");
    }

    @Test
    void reissuesWhenTheCaChanged() throws Exception {
        ServerIdentity first = identity(List.of());
        Files.delete(tls.dir().resolve("ca.pem"));
        Files.delete(tls.dir().resolve("ca-key.pem"));

        ServerIdentity afterNewCa = identity(List.of());

        assertThat(afterNewCa.certificate().getSerialNumber())
                .isNotEqualTo(first.certificate().getSerialNumber());
        afterNewCa
                .certificate()
                .verify(LocalCertificateAuthority.loadOrCreate(tls.dir())
                        .certificate()
                        .getPublicKey());
    }

    @Test
    void reissuesWithinThirtyDaysOfExpiryOnly() throws Exception {
        BigInteger original = identity(List.of()).certificate().getSerialNumber();
        CertificatePolicy later = CertificatePolicy.defaults();

        BigInteger afterSixHundredDays = certificates(
                        later.withClock(Clock.offset(Clock.systemUTC(), Duration.ofDays(600))))
                .identity("agent", List.of())
                .certificate()
                .getSerialNumber();
        BigInteger afterSevenHundredDays = certificates(
                        later.withClock(Clock.offset(Clock.systemUTC(), Duration.ofDays(710))))
                .identity("agent", List.of())
                .certificate()
                .getSerialNumber();

        assertThat(afterSixHundredDays).isEqualTo(original);
        assertThat(afterSevenHundredDays).isNotEqualTo(original);
    }

    @Test
    void reissuesWhenTheFilesAreUnreadable() throws Exception {
        BigInteger original = identity(List.of()).certificate().getSerialNumber();
        Files.writeString(tls.dir().resolve("agent-key.pem"), "garbage");

        assertThat(identity(List.of()).certificate().getSerialNumber()).isNotEqualTo(original);
    }

    @Test
    void neverOutlivesTheCa() throws Exception {
        CertificatePolicy shortCa = new CertificatePolicy(
                Clock.systemUTC(), Duration.ofDays(100), Duration.ofDays(730), Duration.ofDays(30));

        X509Certificate certificate =
                certificates(shortCa).identity("agent", List.of()).certificate();

        assertThat(certificate.getNotAfter())
                .isEqualTo(LocalCertificateAuthority.loadOrCreate(tls.dir())
                        .certificate()
                        .getNotAfter());
    }

    @Test
    void leavesWildcardBindAddressesOut() throws Exception {
        X509Certificate certificate = identity(List.of("0.0.0.0", "::")).certificate();

        assertThat(SubjectAltNames.of(certificate)).isEqualTo(MACHINE);
    }

    @Test
    void refusesNamesThatCannotGoIntoACertificate() {
        assertThatThrownBy(() -> identity(List.of("bad_name"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesComponentNamesWhoseFilesWouldCollide() throws Exception {
        ComponentCertificates certificates = certificates(CertificatePolicy.defaults());

        for (String name : List.of("ca", "agent-key", "../agent", "Agent", "")) {
            assertThatThrownBy(() -> certificates.identity(name, List.of()))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void keyStoreHoldsTheKeyAndChainUnderItsPassword() throws Exception {
        ServerIdentity identity = identity(List.of());

        ServerKeyStore keys = identity.toKeyStore();

        assertThat(keys.keyStore().getKey(ServerKeyStore.ALIAS, keys.password()))
                .isEqualTo(identity.privateKey());
        assertThat(keys.keyStore().getCertificateChain(ServerKeyStore.ALIAS)).containsExactly(identity.chain());
        assertThat(keys.keyManagers()).isNotEmpty();
        assertThat(keys.toString()).doesNotContain(new String(keys.password()));
    }
}
