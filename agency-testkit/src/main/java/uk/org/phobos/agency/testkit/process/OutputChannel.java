package uk.org.phobos.agency.testkit.process;

/** Which output of a child process a line came from. */
public enum OutputChannel {
    STDOUT,
    STDERR
}
