package uk.org.phobos.agency.cli.repl;

/** The REPL's prompt strings. */
final class ReplPrompt {
    static final String FIRST = "ag> ";
    static final String MORE = "... ";

    private ReplPrompt() {}
}
