package uk.org.phobos.agency.sandbox.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.sandbox.ProbeResult;
import uk.org.phobos.agency.sandbox.SandboxBackend;
import uk.org.phobos.agency.sandbox.SandboxDecision;
import uk.org.phobos.agency.sandbox.SandboxException;
import uk.org.phobos.agency.sandbox.SandboxLauncher;
import uk.org.phobos.agency.sandbox.SandboxMode;
import uk.org.phobos.agency.sandbox.SandboxPolicy;
import uk.org.phobos.agency.sandbox.SandboxStatus;
import uk.org.phobos.agency.sandbox.SandboxedCommand;
import uk.org.phobos.agency.sandbox.SandboxedHost;
import uk.org.phobos.agency.sandbox.bwrap.BubblewrapLauncher;
import uk.org.phobos.agency.sandbox.detect.Detection;
import uk.org.phobos.agency.sandbox.detect.SandboxDetector;

class SandboxProbeIT {
    private SandboxedHost host;
    private Path probeDir;

    @BeforeEach
    void layout() throws IOException {
        host = SandboxedHost.create();
        probeDir = host.session();
    }

    @AfterEach
    void cleanUp() {
        host.close();
    }

    @Test
    void theProbePassesWithBwrapAndTheDefaultPolicy() throws IOException {
        Detection detection = SandboxDetector.forThisMachine().detect(host.environment());

        ProbeResult result = new SandboxProbe().probe(detection, host.policy(), probeDir, host.environment());

        assertThat(result.ready()).as(result.reason()).isTrue();
        assertThat(result.backend()).isEqualTo(SandboxBackend.BUBBLEWRAP);
        assertThat(result.reason())
                .startsWith("bwrap: writes outside the writable paths fail, the session directory is writable, 3 hidden"
                        + " path(s) checked absent")
                .contains("network: host");
        assertThat(SandboxMode.REQUIRED.decide(result)).isEqualTo(SandboxDecision.SANDBOXED);
        assertNoProbeFilesLeft();
    }

    @Test
    void withAPathWithoutBwrapThereIsNoBackendAndTheProbeIsNotReady() {
        Map<String, String> env = new HashMap<>(host.environment());
        env.put("PATH", "/nonexistent/bin");
        Detection detection = SandboxDetector.forThisMachine().detect(env);

        ProbeResult result = new SandboxProbe().probe(detection, host.policy(), probeDir, env);

        assertThat(detection.available()).isFalse();
        assertThat(result.ready()).isFalse();
        assertThat(result.backend()).isEqualTo(SandboxBackend.NONE);
        assertThat(result.reason()).startsWith("bwrap not found on PATH (/nonexistent/bin)");
        SandboxStatus status = SandboxStatus.of(SandboxMode.REQUIRED, result);
        assertThat(status.ready()).isFalse();
        assertThat(status.reason()).contains("bwrap not found", "refused with sandbox_error");
        assertThat(SandboxMode.REQUIRED.decide(result)).isEqualTo(SandboxDecision.REFUSED);
    }

    @Test
    void aSandboxThatDoesNotStartFailsTheProbe() {
        ProbeResult result = new SandboxProbe()
                .probe(new BubblewrapLauncher(Path.of("/bin/false")), host.policy(), probeDir, host.environment());

        assertThat(result.ready()).isFalse();
        assertThat(result.reason()).startsWith("the sandbox did not start (exit code 1)");
    }

    @Test
    void aSandboxThatDoesNotConfineIsCaughtAndItsStrayFileRemoved() throws IOException {
        ProbeResult result = new SandboxProbe().probe(new NoConfinement(), host.policy(), probeDir, host.environment());

        assertThat(result.ready()).isFalse();
        assertThat(result.reason()).contains("succeeded inside the sandbox, outside every writable path");
        assertNoProbeFilesLeft();
    }

    @Test
    void aHiddenPathLeftVisibleIsCaught() {
        // bwrap with a policy that forgets to hide AGENCY_ROOT, probed against the real one.
        SandboxPolicy real = host.policy();
        SandboxPolicy leaky = SandboxPolicy.builder()
                .readOnly(Path.of("/"))
                .readWrite(probeDir)
                .scratch(Path.of("/tmp"))
                .build();
        SandboxLauncher leakyBwrap = new PolicySwapping(SandboxedHost.bwrap(), leaky);

        ProbeResult result = new SandboxProbe().probe(leakyBwrap, real, probeDir, host.environment());

        assertThat(result.ready()).isFalse();
        assertThat(result.reason()).contains("is visible inside the sandbox");
    }

    private void assertNoProbeFilesLeft() throws IOException {
        for (Path dir : List.of(probeDir, probeDir.getParent(), host.home())) {
            try (Stream<Path> entries = Files.list(dir)) {
                assertThat(entries.map(p -> p.getFileName().toString()))
                        .noneMatch(name -> name.startsWith(".agency-sandbox-probe-"));
            }
        }
    }

    /** A "sandbox" that runs the command as it is: what a silently failing sandbox amounts to. */
    private static final class NoConfinement implements SandboxLauncher {
        @Override
        public SandboxBackend backend() {
            return SandboxBackend.BUBBLEWRAP;
        }

        @Override
        public SandboxedCommand wrap(
                SandboxPolicy policy, List<String> argv, Path workingDirectory, Map<String, String> environment) {
            return new SandboxedCommand(argv, environment, workingDirectory, backend(), policy.hash());
        }
    }

    /** Real bwrap, but building its sandbox from another policy than the one it is asked for. */
    private record PolicySwapping(BubblewrapLauncher bwrap, SandboxPolicy actual) implements SandboxLauncher {
        @Override
        public SandboxBackend backend() {
            return bwrap.backend();
        }

        @Override
        public SandboxedCommand wrap(
                SandboxPolicy policy, List<String> argv, Path workingDirectory, Map<String, String> environment)
                throws SandboxException {
            return bwrap.wrap(actual, argv, workingDirectory, environment);
        }
    }
}
