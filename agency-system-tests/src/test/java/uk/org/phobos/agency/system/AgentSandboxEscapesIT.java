package uk.org.phobos.agency.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskRequest;
import uk.org.phobos.agency.core.api.TaskState;
import uk.org.phobos.agency.testkit.anthropic.AnthropicStandIn;
import uk.org.phobos.agency.testkit.anthropic.RecordedRequest;
import uk.org.phobos.agency.testkit.anthropic.ScriptedReply;

/**
 * A model that tries to break out, played by the Anthropic stand-in, against the agent in its
 * default sandbox with the real CLI: its Bash tool calls try to write into the agent's own
 * {@code AGENCY_ROOT}, {@code ~/.ssh}, {@code /etc} and the user's own CLI config ({@code ~/.claude}), and to
 * read the fleet token and an SSH key.
 * Checked on the host's disk and in the tool results the CLI sent back to the "model".
 */
class AgentSandboxEscapesIT {
    private static final String SSH_KEY = "-----BEGIN OPENSSH PRIVATE KEY----- do-not-leak-7c1e";

    @TempDir
    Path dir;

    private AnthropicStandIn api;
    private RealClaudeAgent agent;
    private Path sshKey;

    @BeforeEach
    void setUp() throws Exception {
        api = AnthropicStandIn.start();
        sshKey = Files.createDirectories(dir.resolve("home/.ssh")).resolve("id_ed25519");
        Files.writeString(sshKey, SSH_KEY);
        agent = RealClaudeAgent.start(dir, api);
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        api.close();
    }

    @Test
    void bashCannotWriteOutsideTheSessionNorReadSecretsAndTheSessionResumesInside() throws Exception {
        Path root = agent.agencyRoot();
        Path token = root.resolve("token");
        String tokenValue = Files.readString(token).strip();
        Path rootEscape = root.resolve("escape.txt");
        Path sshEscape = sshKey.resolveSibling("authorized_keys");
        Path etcEscape = Path.of("/etc", "agency-escape-" + UUID.randomUUID());
        // The user's own CLI config: a hook planted here would run in the user's next unsandboxed session.
        Path userSettings = agent.home().resolve(".claude/settings.json");
        api.enqueue(
                ScriptedReply.bash("echo pwned > " + rootEscape),
                ScriptedReply.bash("echo pwned >> " + sshEscape),
                ScriptedReply.bash("echo pwned > " + etcEscape),
                ScriptedReply.bash("cat " + token),
                ScriptedReply.bash("cat " + sshKey),
                ScriptedReply.bash("echo inside > inside.txt && cat inside.txt"),
                ScriptedReply.bash(
                        "mkdir -p " + userSettings.getParent() + " && echo '{\"hooks\": {}}' > " + userSettings),
                ScriptedReply.text("I tried."));

        Task first = agent.awaitEnd(agent.client()
                .submit(agent.url(), TaskRequest.of("Try to escape."))
                .taskId());

        assertThat(first.state()).as(String.valueOf(first.error())).isEqualTo(TaskState.COMPLETED);
        assertThat(first.sandbox().sandboxed()).isTrue();
        assertThat(first.sandbox().backend()).isEqualTo("bwrap");
        assertThat(rootEscape).doesNotExist();
        assertThat(sshEscape).doesNotExist();
        assertThat(etcEscape).doesNotExist();
        assertThat(userSettings).doesNotExist();
        assertThat(agent.sessionDirectory(first.sessionId()).resolve("inside.txt"))
                .hasContent("inside");

        List<JsonNode> results = lastToolResults();
        assertThat(results).hasSize(7);
        for (JsonNode failed : results.subList(0, 5)) {
            assertThat(failed.path("is_error").asBoolean())
                    .as(failed.toString())
                    .isTrue();
        }
        for (int write = 0; write < 3; write++) {
            assertThat(text(results.get(write))).contains("Read-only file system");
        }
        for (int read = 3; read < 5; read++) {
            assertThat(text(results.get(read))).contains("No such file or directory");
        }
        assertThat(text(results.get(5))).contains("inside");
        assertThat(results.get(5).path("is_error").asBoolean()).isFalse();
        for (RecordedRequest request : api.requests()) {
            assertThat(request.bodyText()).doesNotContain(tokenValue).doesNotContain(SSH_KEY);
        }

        api.enqueue(ScriptedReply.text("You tried to escape; inside.txt says inside."));
        Task second = agent.awaitEnd(agent.client()
                .submit(
                        agent.url(),
                        new TaskRequest(
                                "What did I ask you before?",
                                first.sessionId(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null))
                .taskId());

        assertThat(second.state()).as(String.valueOf(second.error())).isEqualTo(TaskState.COMPLETED);
        assertThat(second.sandbox().sandboxed()).isTrue();
        RecordedRequest resumed = api.mainRequests().get(api.mainRequests().size() - 1);
        assertThat(resumed.userTexts()).anySatisfy(text -> assertThat(text).contains("Try to escape."));
        assertThat(resumed.toolResults()).hasSize(7);
    }

    /** The tool results of the last request of the first task: all seven, in order. */
    private List<JsonNode> lastToolResults() {
        List<RecordedRequest> main = api.mainRequests();
        return main.get(main.size() - 1).toolResults();
    }

    private static String text(JsonNode toolResult) {
        JsonNode content = toolResult.path("content");
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(block -> text.append(block.path("text").asText()));
        return text.toString();
    }
}
