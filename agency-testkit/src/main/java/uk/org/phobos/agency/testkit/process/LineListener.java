package uk.org.phobos.agency.testkit.process;

/** Sees every output line of a child as it arrives, on that output's drain thread. */
@FunctionalInterface
public interface LineListener {
    void onLine(OutputChannel channel, String line);
}
