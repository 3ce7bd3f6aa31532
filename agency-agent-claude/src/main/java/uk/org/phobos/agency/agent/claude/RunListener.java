package uk.org.phobos.agency.agent.claude;

/** Sees a run start and every line it prints on stdout. */
public interface RunListener {
    /** Called once, before the first line. */
    default void started(ProcessIdentity process) {}

    /**
     * Every stdout line, in order, on the run's one output thread. An exception is logged and the
     * output keeps flowing. No line arrives after {@link RunHandle#await} returned the run's exit.
     */
    void line(String rawLine);
}
