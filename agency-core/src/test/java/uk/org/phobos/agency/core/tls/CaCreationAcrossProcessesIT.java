package uk.org.phobos.agency.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Components started as separate processes at the same moment agree on one CA (the file lock). */
class CaCreationAcrossProcessesIT {
    @TempDir
    Path temp;

    @Test
    void processesStartingTogetherShareOneCa() throws Exception {
        Path tlsDir = temp.resolve("tls");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            processes.add(new ProcessBuilder(
                            java.toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            CreateCaProcess.class.getName(),
                            tlsDir.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start());
        }
        Set<String> serials = new HashSet<>();
        for (Process process : processes) {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            String serial = output.substring(output.lastIndexOf('\n') + 1);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            serials.add(serial);
        }

        assertThat(serials).hasSize(1);
        assertThat(serials.iterator().next())
                .isEqualTo(LocalCertificateAuthority.loadOrCreate(tlsDir)
                        .certificate()
                        .getSerialNumber()
                        .toString(16));
    }

    /** Runs in a child JVM: opens (or creates) the CA and prints its serial number. */
    public static final class CreateCaProcess {
        public static void main(String[] args) throws Exception {
            System.out.println(LocalCertificateAuthority.loadOrCreate(Path.of(args[0]))
                    .certificate()
                    .getSerialNumber()
                    .toString(16));
        }
    }
}
