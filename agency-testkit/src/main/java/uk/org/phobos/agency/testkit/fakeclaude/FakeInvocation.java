package uk.org.phobos.agency.testkit.fakeclaude;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How a {@link FakeClaude} was run: its arguments, environment and working directory. */
public record FakeInvocation(List<String> args, Map<String, String> env, Path workingDirectory) {
    /** The arguments after {@code --}, joined by spaces: the prompt. */
    public Optional<String> prompt() {
        int separator = args.indexOf("--");
        return separator < 0
                ? Optional.empty()
                : Optional.of(String.join(" ", args.subList(separator + 1, args.size())));
    }

    /** The value following {@code name} (e.g. {@code --model}) before {@code --}. */
    public Optional<String> option(String name) {
        for (int i = 0; i + 1 < args.size() && !args.get(i).equals("--"); i++) {
            if (args.get(i).equals(name)) {
                return Optional.of(args.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code flag} appears before {@code --}. */
    public boolean hasFlag(String flag) {
        int separator = args.indexOf("--");
        return (separator < 0 ? args : args.subList(0, separator)).contains(flag);
    }
}
