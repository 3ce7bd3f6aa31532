package uk.org.phobos.agency.core.logging;

/** How logs are written: readable text, JSON lines, or text on a terminal and JSON elsewhere. */
public enum LogFormat {
    AUTO,
    TEXT,
    JSON;

    /** The format to use for {@code AUTO}, given whether the output is a terminal. */
    public LogFormat resolve(boolean terminal) {
        if (this != AUTO) {
            return this;
        }
        return terminal ? TEXT : JSON;
    }
}
