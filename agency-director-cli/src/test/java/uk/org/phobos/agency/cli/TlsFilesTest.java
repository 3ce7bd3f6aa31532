package uk.org.phobos.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.config.AgencyHome;
import uk.org.phobos.agency.core.tls.FleetTls;

/**
 * {@code ag tls export} and {@code ag tls import} when a file is the problem: exit 2 in one line naming the file,
 * not exit 3 (which says the fleet cannot be reached).
 */
class TlsFilesTest {
    @TempDir
    Path dir;

    private Path fleetRoot;
    private CliRunner fleet;

    @BeforeEach
    void createTheCa() {
        fleetRoot = dir.resolve("fleet");
        FleetTls.open(new AgencyHome(fleetRoot)).serverIdentity("agent", List.of());
        fleet = new CliRunner(fleetRoot);
    }

    @Test
    void exportingUnderAFileThatIsNoFolderExitsTwoNamingTheFile() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("notes.txt"), "a file");
        Path target = notAFolder.resolve("ca.pem");

        CliResult result = fleet.run("tls", "export", target.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err())
                .startsWith("ag: cannot export this machine's CA to " + target + ": ")
                .contains(notAFolder.toString())
                .contains("Name a file in a folder you can write to.");
    }

    @Test
    void exportingOntoAFolderExitsTwo() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("out"));

        CliResult result = fleet.run("tls", "export", folder.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err())
                .isEqualTo("ag: " + folder + " is a folder: name the file to write, e.g. "
                        + folder.resolve("fleet-ca.pem") + "\n");
    }

    @Test
    void exportingWithoutACaStillExitsThree() {
        CliResult result = new CliRunner(dir.resolve("no-fleet"))
                .run("tls", "export", dir.resolve("ca.pem").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).contains("No Agency CA in").contains("start an Agency component first");
    }

    @Test
    void importingAFileThatIsNoPemExitsTwoNamingIt() throws Exception {
        Path broken = Files.writeString(
                dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");

        CliResult result = new CliRunner(dir.resolve("other")).run("tls", "import", broken.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err())
                .startsWith("ag: cannot import " + broken + ": ")
                .contains("PEM")
                .contains("`ag tls export`");
    }

    @Test
    void importingAFolderOrNothingExitsTwo() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        CliRunner other = new CliRunner(dir.resolve("other"));

        CliResult fromFolder = other.run("tls", "import", folder.toString());
        CliResult fromNothing =
                other.run("tls", "import", dir.resolve("missing.pem").toString());

        assertThat(fromFolder.exitCode()).isEqualTo(2);
        assertThat(fromFolder.err()).contains(folder + " is a folder");
        assertThat(fromNothing.exitCode()).isEqualTo(2);
        assertThat(fromNothing.err()).contains(dir.resolve("missing.pem") + " does not exist");
    }

    @Test
    void importingIntoATlsFolderThatCannotBeWrittenExitsTwoNamingIt() throws Exception {
        Path exported = dir.resolve("fleet-ca.pem");
        assertThat(fleet.run("tls", "export", exported.toString()).exitCode()).isZero();
        Path otherRoot = Files.createDirectories(dir.resolve("other"));
        Path tlsInTheWay = Files.writeString(otherRoot.resolve("tls"), "not a folder");

        CliResult result = new CliRunner(otherRoot).run("tls", "import", exported.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err())
                .startsWith("ag: cannot import " + exported + ": ")
                .contains(tlsInTheWay.toString());
    }
}
