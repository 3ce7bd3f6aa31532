package uk.org.phobos.agency.testkit.fakeclaude;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A bash script standing in for the {@code claude} binary in fast tests. Run as
 * {@code claude -p --output-format stream-json --verbose ... -- PROMPT}, it plays the
 * {@link FakeRun} of its invocation: the first run for the first invocation, the second for the
 * second, the last one for every invocation after. {@code --version} prints the version.
 * Each invocation records its arguments, environment and working directory first.
 */
public final class FakeClaude {
    public static final String DEFAULT_VERSION_NUMBER = "2.1.332";
    static final String DEFAULT_MODEL = "claude-sonnet-4-5";
    static final String RECORDS = "invocations";
    static final String GRANDCHILDREN = "grandchildren.pids";

    private final Path directory;
    private final Path executable;

    private FakeClaude(Path directory, Path executable) {
        this.directory = directory;
        this.executable = executable;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The script, to pass as the claude binary. */
    public Path executable() {
        return executable;
    }

    /** Where the script lives. */
    public Path directory() {
        return directory;
    }

    /**
     * Where each invocation writes its records (arguments, environment, working directory, the pids
     * of its grandchildren): the one folder a fake run inside a sandbox must be able to write.
     */
    public Path recordsDirectory() {
        return directory.resolve(RECORDS);
    }

    /** The invocations so far, oldest first ({@code --version} calls are not recorded). */
    public List<FakeInvocation> invocations() {
        Path records = recordsDirectory();
        if (!Files.isDirectory(records)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(records)) {
            List<Path> argFiles =
                    files.filter(f -> f.toString().endsWith(".args")).sorted().toList();
            List<FakeInvocation> invocations = new ArrayList<>();
            for (Path args : argFiles) {
                String stem = args.toString().substring(0, args.toString().length() - ".args".length());
                invocations.add(new FakeInvocation(
                        nulSeparated(args),
                        environment(Path.of(stem + ".env")),
                        workingDirectory(Path.of(stem + ".cwd"))));
            }
            return invocations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Pids of the background processes the runs started with {@link FakeRun#spawnGrandchild}, as
     * the fake saw them: a fake run inside a sandbox's pid namespace sees other numbers than the host.
     */
    public List<Long> grandchildPids() {
        Path pids = recordsDirectory().resolve(GRANDCHILDREN);
        try {
            return Files.exists(pids)
                    ? Files.readAllLines(pids).stream()
                            .filter(l -> !l.isBlank())
                            .map(l -> Long.parseLong(l.trim()))
                            .toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> nulSeparated(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        if (content.isEmpty()) {
            return List.of();
        }
        return List.of(content.substring(0, content.length() - 1).split("\0", -1));
    }

    private static Map<String, String> environment(Path file) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String entry : nulSeparated(file)) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    private static Path workingDirectory(Path file) throws IOException {
        return Path.of(Files.readString(file, StandardCharsets.UTF_8).strip());
    }

    /** Collects the runs and writes the script. */
    public static final class Builder {
        private final List<FakeRun> runs = new ArrayList<>();
        private String version = DEFAULT_VERSION_NUMBER + " (Claude Code)";

        private Builder() {}

        /** What {@code --version} prints; the real CLI prints {@code 2.1.332 (Claude Code)}. */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder run(FakeRun run) {
            runs.add(run);
            return this;
        }

        public Builder runs(FakeRun... runs) {
            this.runs.addAll(Arrays.asList(runs));
            return this;
        }

        /** Writes {@code claude} (executable) into {@code directory}, which also receives its records. */
        public FakeClaude writeTo(Path directory) {
            if (runs.isEmpty()) {
                throw new IllegalStateException("A fake claude needs at least one run");
            }
            try {
                Files.createDirectories(directory);
                Path script = directory.resolve("claude");
                Files.writeString(script, script(directory), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
                return new FakeClaude(directory, script);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String script(Path directory) {
            StringBuilder s = new StringBuilder();
            s.append("#!/usr/bin/env bash\n");
            s.append("# Fake claude written by agency-testkit's FakeClaude.\n");
            s.append("set -u\n");
            s.append("FAKE_DIR=")
                    .append(BashQuoting.quote(directory.toAbsolutePath().toString()))
                    .append('\n');
            s.append("session='' model=")
                    .append(BashQuoting.quote(DEFAULT_MODEL))
                    .append(" prev=''\n");
            s.append("for arg in \"$@\"; do\n");
            s.append("  [[ \"$arg\" == -- ]] && break\n");
            s.append(
                    "  case \"$prev\" in --session-id|--resume|-r) session=\"$arg\" ;; --model) model=\"$arg\" ;; esac\n");
            s.append("  case \"$arg\" in --version|-v) printf '%s\\n' ")
                    .append(BashQuoting.quote(version))
                    .append("; exit 0 ;; esac\n");
            s.append("  prev=\"$arg\"\n");
            s.append("done\n");
            s.append("[[ -n \"$session\" ]] || session=\"$(cat /proc/sys/kernel/random/uuid)\"\n");
            s.append("records=\"$FAKE_DIR/").append(RECORDS).append("\"\n");
            s.append("mkdir -p \"$records\"\n");
            s.append("run_index=$(find \"$records\" -name '*.args' | wc -l)\n");
            s.append("stamp=\"$(date +%s%N)-$$\"\n");
            s.append("printf '%s\\0' \"$@\" > \"$records/$stamp.args\"\n");
            s.append("env -0 > \"$records/$stamp.env\"\n");
            s.append("pwd > \"$records/$stamp.cwd\"\n");
            // JSON string escaping for the values put into events; the quoted replacements keep
            // bash 5.2 from reading '&' in them as "the matched text".
            s.append("json_escape() { local v=\"${1//\\\\/\\\\\\\\}\"; printf '%s' \"${v//\\\"/\\\\\\\"}\"; }\n");
            s.append(
                    "session_json=$(json_escape \"$session\") model_json=$(json_escape \"$model\") cwd_json=$(json_escape \"$PWD\")\n");
            s.append("emit() {\n");
            s.append("  local line=\"$1\"\n");
            s.append("  line=\"${line//").append(FakeRun.SESSION_ID).append("/\"$session_json\"}\"\n");
            s.append("  line=\"${line//").append(FakeRun.MODEL).append("/\"$model_json\"}\"\n");
            s.append("  line=\"${line//").append(FakeRun.CWD).append("/\"$cwd_json\"}\"\n");
            s.append("  printf '%s\\n' \"$line\"\n");
            s.append("}\n");
            for (int i = 0; i < runs.size(); i++) {
                s.append("run_")
                        .append(i)
                        .append("() {\n")
                        .append(runs.get(i).bashBody())
                        .append("}\n");
            }
            s.append("case \"$run_index\" in\n");
            for (int i = 0; i < runs.size() - 1; i++) {
                s.append("  ").append(i).append(") run_").append(i).append(" ;;\n");
            }
            s.append("  *) run_").append(runs.size() - 1).append(" ;;\n");
            s.append("esac\n");
            return s.toString();
        }
    }
}
