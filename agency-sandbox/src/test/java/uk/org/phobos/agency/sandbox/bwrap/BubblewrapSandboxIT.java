package uk.org.phobos.agency.sandbox.bwrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.org.phobos.agency.sandbox.SandboxedCommand;
import uk.org.phobos.agency.sandbox.SandboxedHost;
import uk.org.phobos.agency.sandbox.SandboxedHost.Result;
import uk.org.phobos.agency.sandbox.agent.AgentPolicyFactory;
import uk.org.phobos.agency.testkit.Deadline;
import uk.org.phobos.agency.testkit.process.LaunchedProcess;
import uk.org.phobos.agency.testkit.process.ProcessLauncher;
import uk.org.phobos.agency.testkit.process.ProcessTable;

/** The agent's default policy under real bubblewrap, run as the agent will run it. */
class BubblewrapSandboxIT {
    private SandboxedHost host;

    @BeforeEach
    void layout() throws IOException {
        host = SandboxedHost.create();
    }

    @AfterEach
    void cleanUp() {
        host.close();
    }

    @Test
    void writingIntoTheSessionDirectoryWorks() throws IOException {
        Result result = host.sh("echo from-inside > result.txt && pwd");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).isEqualTo(host.session() + "\n");
        assertThat(host.session().resolve("result.txt")).hasContent("from-inside");
    }

    @Test
    void writingIntoAgencyRootSshOrEtcFails() throws IOException {
        List<Path> targets = List.of(
                host.agencyRoot().resolve("escape.txt"),
                host.agencyRoot().resolve("claude-agent/sessions/escape.txt"),
                host.home().resolve(".ssh/authorized_keys"),
                host.home().resolve(".bashrc"),
                Path.of("/etc/agency-sandbox-escape"));

        for (Path target : targets) {
            Result result = host.sh("echo pwned > '" + target + "'");

            assertThat(result.exitCode()).as(target + ": " + result.describe()).isNotZero();
            assertThat(result.stderr()).contains("Read-only file system");
            assertThat(target).doesNotExist();
        }
    }

    @Test
    void theFleetTokenAndOtherHiddenThingsCannotBeRead() throws IOException {
        Result token = host.sh("cat '" + host.agencyRoot().resolve("token") + "'");
        Result caKey = host.sh("cat '" + host.agencyRoot().resolve("tls/ca-key.pem") + "'");
        Result otherSession =
                host.sh("cat '" + host.agencyRoot().resolve("claude-agent/sessions/other-session/notes.txt") + "'");
        Result sshKey = host.sh("cat '" + host.home().resolve(".ssh/id_ed25519") + "'");
        Result netrc = host.sh("cat '" + host.home().resolve(".netrc") + "'");
        Result listing =
                host.sh("ls -A '" + host.agencyRoot() + "' '" + host.home().resolve(".ssh") + "'");

        assertThat(token.exitCode()).isNotZero();
        assertThat(token.stderr()).contains("No such file or directory");
        assertThat(caKey.exitCode()).isNotZero();
        assertThat(otherSession.exitCode()).isNotZero();
        assertThat(sshKey.exitCode()).isNotZero();
        assertThat(netrc.exitCode()).isNotZero();
        assertThat(netrc.stderr()).contains("Permission denied");
        // Only the way down to the session directory is left in AGENCY_ROOT; .ssh is empty.
        assertThat(listing.stdout())
                .doesNotContain("token", "tls", "id_ed25519")
                .contains("claude-agent");
        for (Result result : List.of(token, caKey, otherSession, sshKey, netrc, listing)) {
            assertThat(result.stdout() + result.stderr())
                    .doesNotContain(SandboxedHost.FLEET_TOKEN, "PRIVATE KEY", "hunter2", "another session");
        }
    }

    @Test
    void filesElsewhereCanBeRead() throws IOException {
        Result result = host.sh("cat '" + host.publicFile() + "' && head -c 0 /etc/passwd && echo");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).startsWith("anyone may read this");
    }

    @Test
    void tmpIsAPrivateEmptyScratchSpace() throws IOException {
        Path marker = Files.createTempFile("agency-host-only", ".txt");
        try {
            Result result = host.sh("ls -A /tmp; echo scratch > /tmp/inside.txt && cat /tmp/inside.txt");

            assertThat(result.exitCode()).as(result.describe()).isZero();
            assertThat(result.stdout())
                    .doesNotContain(marker.getFileName().toString())
                    .contains("scratch");
            assertThat(Path.of("/tmp/inside.txt")).doesNotExist();
        } finally {
            Files.delete(marker);
        }
    }

    @Test
    void isSandboxIsSetInsideOnlyAndTheFleetTokenVariableIsRemoved() throws IOException {
        Result result = host.sh("echo \"IS_SANDBOX=${IS_SANDBOX-unset} AGENCY_TOKEN=${AGENCY_TOKEN-unset}\"");

        assertThat(result.stdout()).isEqualTo("IS_SANDBOX=1 AGENCY_TOKEN=unset\n");
        // The environment given to wrap() is the one an unsandboxed run would get: no IS_SANDBOX there.
        assertThat(host.environment()).doesNotContainKey("IS_SANDBOX").containsKey("AGENCY_TOKEN");
    }

    @Test
    void theProcessHoldsNoCapabilitiesSoItCannotUndoItsMounts() throws IOException {
        // As root without --cap-drop ALL, both commands below succeed and the sandbox is gone.
        Result result = host.sh("grep CapEff /proc/self/status; mount -o remount,bind,rw / && echo REMOUNTED; umount '"
                + host.agencyRoot() + "' && echo UNMOUNTED; cat '"
                + host.agencyRoot().resolve("token") + "'");

        assertThat(result.stdout()).contains("CapEff:\t0000000000000000").doesNotContain("REMOUNTED", "UNMOUNTED");
        assertThat(result.stdout()).doesNotContain(SandboxedHost.FLEET_TOKEN);
    }

    @Test
    void theSandboxSeesOnlyItsOwnProcesses() throws IOException {
        Result result = host.sh("ls /proc | grep -c '^[0-9]'; cat /proc/1/cmdline | tr '\\0' ' '");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        List<String> lines = result.stdout().lines().toList();
        assertThat(Integer.parseInt(lines.get(0))).isLessThan(10);
        // Pid 1 is bwrap's reaper; nothing of the host is listed.
        assertThat(lines.get(1)).contains("bwrap");
    }

    @Test
    void theSessionsCliConfigFolderKeepsWhatARunWroteForTheNextRun() throws IOException {
        Path sessionConfig = AgentPolicyFactory.sessionConfigDir(host.session());
        Result first = host.sh("mkdir -p \"$CLAUDE_CONFIG_DIR/projects/p\" && echo turn-1 >"
                + " \"$CLAUDE_CONFIG_DIR/projects/p/transcript.jsonl\" && echo \"$CLAUDE_CONFIG_DIR\"");
        Result second = host.sh("cat \"$CLAUDE_CONFIG_DIR/projects/p/transcript.jsonl\"");

        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(first.stdout()).isEqualTo(sessionConfig + "\n");
        assertThat(second.stdout()).isEqualTo("turn-1\n");
        assertThat(sessionConfig.resolve("projects/p/transcript.jsonl")).hasContent("turn-1");
    }

    @Test
    void theUsersOwnCliConfigFolderCannotBeWritten() throws IOException {
        Path userConfig = Files.createDirectories(host.home().resolve(".claude"));
        Result result = host.sh("echo '{\"hooks\": {}}' > " + userConfig.resolve("settings.json") + "; mkdir "
                + userConfig.resolve("commands"));

        assertThat(result.stderr()).as(result.describe()).contains("Read-only file system");
        assertThat(userConfig.resolve("settings.json")).doesNotExist();
        assertThat(userConfig.resolve("commands")).doesNotExist();
    }

    @Test
    void everyProcessInsideDiesWhenTheSandboxesParentIsKilled() throws IOException {
        SandboxedCommand command =
                host.wrap(List.of("/bin/sh", "-c", "sleep 300 & setsid sleep 301 & echo started; wait"));
        // The parent the agent would be: a process that started bwrap and waits for it.
        List<String> parent = new ArrayList<>(List.of("/bin/sh", "-c", "\"$@\" & wait", "parent"));
        parent.addAll(command.argv());
        try (LaunchedProcess agent = ProcessLauncher.command(parent)
                .environment(command.environment())
                .directory(command.workingDirectory())
                .start()) {
            agent.stdout().awaitLine("started"::equals, SandboxedHost.TIMEOUT);
            List<ProcessHandle> sandboxed = awaitSleepers(agent.handle());

            agent.handle().destroyForcibly();

            Deadline.after(SandboxedHost.TIMEOUT)
                    .await(
                            "every process of the sandbox to end after its parent was killed",
                            () -> sandboxed.stream().noneMatch(ProcessTable::isRunning));
        }
    }

    @Test
    void everyProcessInsideDiesWhenTheOuterProcessGroupIsKilled() throws IOException, InterruptedException {
        try (LaunchedProcess sandbox =
                host.start(List.of("/bin/sh", "-c", "sleep 300 & setsid sleep 301 & echo started; wait"))) {
            sandbox.stdout().awaitLine("started"::equals, SandboxedHost.TIMEOUT);
            List<ProcessHandle> sandboxed = awaitSleepers(sandbox.handle());
            assertThat(ProcessTable.processGroup(sandboxed.get(0).pid())).hasValue(sandbox.pid());

            // What the agent does on cancel: signal the group that setsid made.
            Process kill = new ProcessBuilder("kill", "-TERM", "--", "-" + sandbox.pid()).start();
            assertThat(kill.waitFor()).isZero();

            // The sleeper that left the group with setsid dies with the sandbox's pid namespace.
            Deadline.after(SandboxedHost.TIMEOUT)
                    .await(
                            "every process of the sandbox to end after its group was killed",
                            () -> !ProcessTable.isRunning(sandbox.handle())
                                    && sandboxed.stream().noneMatch(ProcessTable::isRunning));
        }
    }

    @Test
    void theSandboxIsKilledWhenTheThreadThatStartedItEnds() throws Exception {
        // --die-with-parent follows the parent *thread*: the agent must start a task's process from
        // a thread that outlives it. This pins that behaviour so the warning stays true.
        AtomicReference<LaunchedProcess> started = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                LaunchedProcess sandbox = host.start(List.of("/bin/sh", "-c", "echo started; sleep 300"));
                started.set(sandbox);
                // Once the command runs, bwrap has armed its death signal; then this thread ends.
                sandbox.stdout().awaitLine("started"::equals, SandboxedHost.TIMEOUT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        starter.start();
        starter.join();
        try (LaunchedProcess sandbox = started.get()) {
            Deadline.after(SandboxedHost.TIMEOUT)
                    .await("the sandbox to die with the thread that started it", () -> !sandbox.isAlive());
        }
    }

    /** The two sleeps of the scripts above, once both run (before that they are forks of sh). */
    private static List<ProcessHandle> awaitSleepers(ProcessHandle root) {
        AtomicReference<List<ProcessHandle>> found = new AtomicReference<>(List.of());
        Deadline.after(SandboxedHost.TIMEOUT).await("both sleeps to run inside the sandbox", () -> {
            found.set(root.descendants()
                    .filter(p -> p.info().commandLine().orElse("").matches(".*sleep 30[01]$"))
                    .toList());
            return found.get().size() == 2;
        });
        return found.get();
    }
}
