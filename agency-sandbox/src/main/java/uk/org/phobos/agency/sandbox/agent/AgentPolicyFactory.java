package uk.org.phobos.agency.sandbox.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 *   <li>read-only: everything ({@code /}), and the CLI's binary and install folder; the user's own CLI
 *       config folder ({@code ~/.claude}: settings, hooks, MCP servers, other conversations) included;
 *   <li>read-write: the session directory, the session's own CLI config folder ({@link
 *       #sessionConfigDir}: its transcripts, so {@code --resume} finds them, and the CLI's state file),
 *       extra read-write paths from config;
 *   <li>scratch: {@code /tmp} and the temp folders the CLI's environment names;
 *   <li>hidden: {@code AGENCY_ROOT} (fleet token, TLS keys, histories, other sessions; the session
 *       directory and its config folder inside it stay read-write) and the credential stores under
 *       {@code HOME} ({@link #HOME_SECRETS}), extra hidden paths from config;
 *   <li>network: host;
 *   <li>environment: {@code IS_SANDBOX=1} (the CLI refuses {@code --dangerously-skip-permissions}
 *       as root without it), {@code CLAUDE_CONFIG_DIR} set to the session's config folder, and the
 *       fleet's secrets ({@link #SECRET_VARIABLES}) removed.
 * </ul>
 *
 * <p>Why the session gets a config folder of its own: whatever a task can write in the user's config
 * folder runs later outside any sandbox. A hook in {@code settings.json}, an MCP server in {@code
 * .claude.json} or a command in {@code commands/} would be run by the user's next own {@code claude}
 * session; and its {@code projects/} holds every other conversation. So the user's folder stays
 * read-only, and the CLI writes its state and transcripts where only this session's tasks look. Its
 * login, when it has one, is reached through a link to the user's {@code .credentials.json}
 * (readable, not writable, inside the sandbox); an API key in the environment needs nothing.
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

    /** The folder, beside the session directories, that holds each session's CLI config folder. */
    public static final String CONFIG_FOLDER = ".cli-config";

    private static final String CREDENTIALS = ".credentials.json";

    private final AgentSandboxSettings settings;

    public AgentPolicyFactory(AgentSandboxSettings settings) {
        this.settings = settings;
    }

    /**
     * The policy for a task whose session directory is {@code sessionDir}. Creates the session's CLI
     * config folder when it is missing, since the sandbox would keep the CLI from doing so.
     *
     * @throws IllegalArgumentException when a configured extra path clashes with a default one (for
     *     example an extra read-only {@code ~/.ssh}): secrets are not exposed by accident
     */
    public SandboxPolicy forSession(Path sessionDir) throws SandboxException {
        Path session = sessionDir.toAbsolutePath().normalize();
        Path configDir = prepareSessionConfig(session);
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

    /**
     * The CLI config folder of the session in {@code sessionDir}: beside the session directories, in a
     * folder whose name no session id can take (ids start with a letter or digit).
     */
    public static Path sessionConfigDir(Path sessionDir) {
        Path session = sessionDir.toAbsolutePath().normalize();
        return session.resolveSibling(CONFIG_FOLDER)
                .resolve(session.getFileName().toString());
    }

    private Path prepareSessionConfig(Path session) throws SandboxException {
        Path configDir = sessionConfigDir(session);
        try {
            Files.createDirectories(configDir);
            Path login = settings.claudeConfigDir().resolve(CREDENTIALS);
            Path link = configDir.resolve(CREDENTIALS);
            if (Files.isRegularFile(login) && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, login);
            }
        } catch (IOException e) {
            throw new SandboxException("cannot create the session's CLI config folder " + configDir, e);
        }
        return configDir;
    }
}
