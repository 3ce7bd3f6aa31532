package uk.org.phobos.agency.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificateAuthorityTest {
    @TempDir
    Path home;

    private TlsDirectory tls() {
        return new TlsDirectory(home.resolve("tls"));
    }

    @Test
    void createsTheCaOnFirstUseAndReusesItAfterwards() throws Exception {
        LocalCertificateAuthority first = LocalCertificateAuthority.loadOrCreate(tls(), CertificatePolicy.defaults());
        LocalCertificateAuthority second = LocalCertificateAuthority.loadOrCreate(tls().dir());

        assertThat(second.certificate().getSerialNumber())
                .isEqualTo(first.certificate().getSerialNumber());
        assertThat(second.certificate().getPublicKey())
                .isEqualTo(first.certificate().getPublicKey());
        assertThat(Files.readString(tls().dir().resolve("ca.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(tls().dir().resolve("ca-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void keepsTheKeyOwnerOnly() throws Exception {
        LocalCertificateAuthority.loadOrCreate(tls(), CertificatePolicy.defaults());

        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(tls().dir().resolve("ca-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls().dir())))
                .isEqualTo("rwx------");
    }

    @Test
    void isACriticalCaThatOnlySignsCertificatesForTenYears() throws Exception {
        X509Certificate ca = LocalCertificateAuthority.loadOrCreate(tls(), CertificatePolicy.defaults())
                .certificate();

        assertThat(ca.getSubjectX500Principal().getName()).startsWith("CN=Agency local CA ");
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(ca.getBasicConstraints()).isZero();
        assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        boolean[] usage = ca.getKeyUsage();
        assertThat(usage[5]).as("keyCertSign").isTrue();
        assertThat(usage[6]).as("cRLSign").isTrue();
        assertThat(usage[0]).as("digitalSignature").isFalse();
        assertThat(Duration.between(
                        ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()))
                .isGreaterThanOrEqualTo(Duration.ofDays(3650));
        ca.verify(ca.getPublicKey());
    }

    @Test
    void threadsStartingTogetherShareOneCa() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BigInteger>> serials = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                serials.add(pool.submit(() -> {
                    start.await();
                    return LocalCertificateAuthority.loadOrCreate(tls(), CertificatePolicy.defaults())
                            .certificate()
                            .getSerialNumber();
                }));
            }
            start.countDown();
            Set<BigInteger> distinct =
                    serials.stream().map(LocalCertificateAuthorityTest::get).collect(Collectors.toSet());
            assertThat(distinct).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(LocalCertificateAuthority.loadOrCreate(tls().dir())
                        .certificate()
                        .getSerialNumber())
                .isEqualTo(serials.get(0).get());
    }

    @Test
    void refusesToReplaceADamagedCaSilently() throws Exception {
        LocalCertificateAuthority.loadOrCreate(tls(), CertificatePolicy.defaults());
        byte[] caBefore = Files.readAllBytes(tls().dir().resolve("ca.pem"));
        Files.writeString(tls().dir().resolve("ca-key.pem"), "not a key", StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> LocalCertificateAuthority.loadOrCreate(tls(), CertificatePolicy.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("damaged")
                .hasMessageContaining("aside");
        assertThat(Files.readAllBytes(tls().dir().resolve("ca.pem"))).isEqualTo(caBefore);
    }

    @Test
    void refusesAKeyThatDoesNotBelongToTheCertificate() throws Exception {
        LocalCertificateAuthority.loadOrCreate(tls(), CertificatePolicy.defaults());
        TlsDirectory other = new TlsDirectory(home.resolve("other"));
        LocalCertificateAuthority.loadOrCreate(other, CertificatePolicy.defaults());
        Files.copy(
                other.dir().resolve("ca-key.pem"),
                tls().dir().resolve("ca-key.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> LocalCertificateAuthority.loadOrCreate(tls(), CertificatePolicy.defaults()))
                .hasMessageContaining("is not the key of");
    }

    @Test
    void replacesACaThatIsAboutToExpire() throws Exception {
        BigInteger old = LocalCertificateAuthority.loadOrCreate(tls(), CertificatePolicy.defaults())
                .certificate()
                .getSerialNumber();
        CertificatePolicy nineYearsOn =
                CertificatePolicy.defaults().withClock(Clock.offset(Clock.systemUTC(), Duration.ofDays(3650 - 10)));

        LocalCertificateAuthority renewed = LocalCertificateAuthority.loadOrCreate(tls(), nineYearsOn);

        assertThat(renewed.certificate().getSerialNumber()).isNotEqualTo(old);
    }

    @Test
    void createsANewCaWhenOnlyAnOrphanedKeyIsLeft() throws Exception {
        // What a crash between writing the key and the certificate leaves behind.
        LocalCertificateAuthority.loadOrCreate(tls(), CertificatePolicy.defaults());
        Files.delete(tls().dir().resolve("ca.pem"));

        LocalCertificateAuthority fresh = LocalCertificateAuthority.loadOrCreate(tls(), CertificatePolicy.defaults());

        assertThat(new CertifiedKeyFiles(
                                tls().dir().resolve("ca.pem"), tls().dir().resolve("ca-key.pem"))
                        .read()
                        .certificate())
                .isEqualTo(fresh.certificate());
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
