package uk.org.phobos.agency.cli.repl;

/** Where the REPL reads prompts from: a terminal with line editing, or plain lines. */
interface PromptInput extends AutoCloseable {
    /** The next prompt (lines joined), or null at the end of input. */
    String read() throws ReplInterrupted;

    /** Runs {@code action} on each Ctrl-C that arrives while no prompt is being read; null restores the default. */
    void onInterrupt(Runnable action);

    @Override
    void close();

    /** Ctrl-C at the prompt. {@code partial} is what had been typed. */
    final class ReplInterrupted extends Exception {
        private static final long serialVersionUID = 1L;

        private final String partial;

        ReplInterrupted(String partial) {
            super("interrupted", null, false, false);
            this.partial = partial;
        }

        String partial() {
            return partial;
        }
    }
}
