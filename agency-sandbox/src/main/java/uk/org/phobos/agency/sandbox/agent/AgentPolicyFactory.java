package uk.org.phobos.agency.sandbox.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import uk.org.phobos.agency.sandbox.NetworkAccess;
import uk.org.phobos.agency.sandbox.SandboxException;
import uk.org.phobos.agency.sandbox.SandboxPolicy;

/**
 * The agent's default sandbox for one session of the Claude Code CLI:
 *
 * <ul>
 *   <li>read-only: everything ({@code /}), and the CLI's binary and install folder;
 *   <li>read-write: the session directory, the CLI's config folder (its transcripts, so
 *       {@code --resume} finds them), extra read-write paths from config;
 *   <li>scratch: {@code /tmp} and the temp folders the CLI's environment names;
 *   <li>hidden: {@code AGENCY_ROOT} (fleet token, TLS keys, histories, other sessions; the session
 *       directory inside it stays read-write) and the credential stores under {@code HOME}
 *       ({@link #HOME_SECRETS}), extra hidden paths from config;
 *   <li>network: host;
 *   <li>environment: {@code IS_SANDBOX=1} (the CLI refuses {@code --dangerously-skip-permissions}
 *       as root without it), {@code CLAUDE_CONFIG_DIR} set to the config folder, and the fleet's
 *       secrets ({@link #SECRET_VARIABLES}) removed.
 * </ul>
 *
 * {@code CLAUDE_CONFIG_DIR} is set because the CLI rewrites its state file {@code ~/.claude.json}
 * by creating a temporary file beside it and renaming it, which a read-only {@code HOME} forbids;
 * with the variable set, that file lives in the writable config folder instead. Transcripts stay
 * where they are without the variable ({@code <config>/projects}), so sandboxed and unsandboxed
 * runs of a session find each other's.
 */
public final class AgentPolicyFactory {
    /** Credential stores under {@code HOME} that a task never needs to see. */
    public static final List<String> HOME_SECRETS = List.of(
            ".ssh",
            ".aws",
            ".config/gcloud",
            ".azure",
            ".kube",
            ".docker",
            ".gnupg",
            ".netrc",
            ".git-credentials",
            ".config/gh");

    /** Agency's own secrets, removed from the sandbox's environment even if the agent let them through. */
    public static final List<String> SECRET_VARIABLES = List.of("AGENCY_TOKEN", "AG_WEB_PASSWORD");

    private final AgentSandboxSettings settings;

    public AgentPolicyFactory(AgentSandboxSettings settings) {
        this.settings = settings;
    }

    /**
     * The policy for a task whose session directory is {@code sessionDir}. Creates the CLI's config
     * folder when it is missing, since a read-only {@code HOME} would keep the CLI from doing so.
     *
     * @throws IllegalArgumentException when a configured extra path clashes with a default one (for
     *     example an extra read-only {@code ~/.ssh}): secrets are not exposed by accident
     */
    public SandboxPolicy forSession(Path sessionDir) throws SandboxException {
        Path session = sessionDir.toAbsolutePath().normalize();
        Path configDir = settings.claudeConfigDir();
        try {
            Files.createDirectories(configDir);
        } catch (IOException e) {
            throw new SandboxException("cannot create the CLI's config folder " + configDir, e);
        }
        SandboxPolicy.Builder policy = SandboxPolicy.builder()
                .network(NetworkAccess.host())
                .readOnly(Path.of("/"))
                .readWrite(session, configDir)
                .hidden(settings.agencyRoot());
        settings.cliInstallPaths().forEach(policy::readOnly);
        settings.extraReadOnly().forEach(policy::readOnly);
        settings.extraReadWrite().forEach(policy::readWrite);
        settings.extraHidden().forEach(policy::hidden);
        HOME_SECRETS.forEach(name -> policy.hidden(settings.home().resolve(name)));

        Set<Path> taken = new HashSet<>(List.of(session, configDir, settings.agencyRoot()));
        taken.addAll(settings.extraReadOnly());
        taken.addAll(settings.extraReadWrite());
        taken.addAll(settings.extraHidden());
        policy.scratch(Path.of("/tmp"));
        settings.tempDirs().stream().filter(dir -> !taken.contains(dir)).forEach(policy::scratch);

        policy.setEnv("IS_SANDBOX", "1").setEnv("CLAUDE_CONFIG_DIR", configDir.toString());
        SECRET_VARIABLES.forEach(policy::unsetEnv);
        return policy.build();
    }
}
