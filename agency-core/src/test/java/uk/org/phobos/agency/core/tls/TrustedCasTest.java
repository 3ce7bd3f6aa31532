package uk.org.phobos.agency.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.config.AgencyHome;

class TrustedCasTest {
    @TempDir
    Path temp;

    private FleetTls machine(String name) {
        return FleetTls.open(new AgencyHome(temp.resolve(name)));
    }

    private X509Certificate caOf(FleetTls machine) throws Exception {
        machine.serverIdentity("agent", List.of());
        return new CertificatePemFile(machine.directory().caCertificateFile())
                .read()
                .get(0);
    }

    @Test
    void exportWritesTheCaCertificateAndNeverItsKey() throws Exception {
        FleetTls alpha = machine("alpha");
        X509Certificate ca = caOf(alpha);
        Path exported = temp.resolve("alpha-ca.pem");

        alpha.exportCa(exported);

        assertThat(Files.readString(exported)).doesNotContain("PRIVATE KEY");
        assertThat(new CertificatePemFile(exported).read()).containsExactly(ca);
    }

    @Test
    void exportWithoutACaSaysToStartAComponent() {
        assertThatThrownBy(() -> machine("empty").exportCa(temp.resolve("out.pem")))
                .isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("start an Agency component");
    }

    @Test
    void importAddsTheOtherMachinesCaToWhatClientsTrust() throws Exception {
        FleetTls alpha = machine("alpha");
        FleetTls beta = machine("beta");
        X509Certificate alphaCa = caOf(alpha);
        X509Certificate betaCa = caOf(beta);
        Path exported = temp.resolve("alpha-ca.pem");
        alpha.exportCa(exported);

        List<X509Certificate> added = beta.importCa(exported);
        List<X509Certificate> addedAgain = beta.importCa(exported);

        assertThat(added).containsExactly(alphaCa);
        assertThat(addedAgain).isEmpty();
        assertThat(FleetTrust.fromTlsDir(beta.directory().dir()).authorities()).containsExactly(betaCa, alphaCa);
        try (var files = Files.list(beta.directory().trustedDir())) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void importingItsOwnCaChangesNothing() throws Exception {
        FleetTls alpha = machine("alpha");
        caOf(alpha);
        Path exported = temp.resolve("alpha-ca.pem");
        alpha.exportCa(exported);

        assertThat(alpha.importCa(exported)).isEmpty();
        assertThat(alpha.directory().trustedDir()).doesNotExist();
    }

    @Test
    void refusesAFileWithAPrivateKey() throws Exception {
        FleetTls alpha = machine("alpha");
        caOf(alpha);
        Path leaky = temp.resolve("leaky.pem");
        Files.writeString(
                leaky,
                Files.readString(alpha.directory().caCertificateFile())
                        + Files.readString(alpha.directory().dir().resolve("ca-key.pem")));

        assertThatThrownBy(() -> machine("beta").importCa(leaky))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("private key");
    }

    @Test
    void refusesACertificateThatIsNotACa() throws Exception {
        FleetTls alpha = machine("alpha");
        caOf(alpha);

        assertThatThrownBy(
                        () -> machine("beta").importCa(alpha.directory().dir().resolve("agent.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a CA");
    }

    @Test
    void refusesAFileWithoutCertificates() throws Exception {
        Path empty = Files.writeString(temp.resolve("empty.pem"), "");

        assertThatThrownBy(() -> machine("beta").importCa(empty)).hasMessageContaining("no certificate");
    }

    @Test
    void clientTrustHoldsTheFleetCasOnly() throws Exception {
        FleetTls alpha = machine("alpha");
        X509Certificate ca = caOf(alpha);

        FleetTrust trust = FleetTrust.fromCaFile(alpha.directory().caCertificateFile());

        assertThat(trust.authorities()).containsExactly(ca);
        // No JDK cacerts behind it: the trust manager accepts exactly the fleet CA.
        assertThat(trust.trustManager().getAcceptedIssuers()).containsExactly(ca);
        assertThat(trust.sslContext().getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void clientWithoutAnyCaIsToldWhatToDo() {
        assertThatThrownBy(() -> machine("nothing").clientContext())
                .isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("start an Agency component")
                .hasMessageContaining("ag tls import");
    }
}
