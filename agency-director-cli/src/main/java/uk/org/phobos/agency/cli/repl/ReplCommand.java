package uk.org.phobos.agency.cli.repl;

import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ComponentUrlConverter;

/** {@code ag repl} (and {@code ag} alone on a terminal). */
@Command(
        name = "repl",
        description = {
            "An interactive session: each prompt goes to the same Claude session on one agent (the first idle one,"
                    + " unless --agent or --session says otherwise), and its tool calls and text stream as they happen.",
            "End a line with \\ to go on on the next one, or wrap a block between two lines that are just \"\"\" (inside"
                    + " it, a docstring's \"\"\" and backslashes stay as they are); pasted text may span lines.",
            "Ctrl-C cancels the running task, a second Ctrl-C leaves once the agent has answered the cancel (a third at"
                    + " once); at the prompt Ctrl-C clears the line, or leaves on an empty one. Ctrl-D or /exit leaves;"
                    + " /new starts a new session; /session shows where you are. The up and down arrows go through"
                    + " earlier prompts (kept in AGENCY_ROOT/cli/history)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag",
            "  ag repl --agent https://127.0.0.1:9001 --model opus",
            "  ag repl --session SESSION                      continue a session started elsewhere",
            "%nExit codes: 0 left with Ctrl-D or /exit, 3 no agent reachable, 130 left with Ctrl-C."
        })
public final class ReplCommand implements Callable<Integer> {
    private final CliServices services;

    @Option(
            names = "--agent",
            paramLabel = "URL",
            converter = ComponentUrlConverter.class,
            description = "The agent to talk to (default: the first idle one).")
    URI agent;

    @Option(
            names = {"-s", "--session"},
            paramLabel = "ID",
            description = "Continue this session.")
    String session;

    @Option(names = "--model", paramLabel = "MODEL", description = "The model for every prompt.")
    String model;

    public ReplCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() throws InterruptedException {
        PromptInput input = services.environment().stdinTerminal()
                ? new TerminalPromptInput(
                        services.credentials().home().root().resolve("cli").resolve("history"))
                : new PlainPromptInput(
                        services.environment().stdin(), services.environment().out(), false);
        try (input) {
            return new Repl(services, input, new ReplSession(agent, session, model)).run();
        }
    }
}
