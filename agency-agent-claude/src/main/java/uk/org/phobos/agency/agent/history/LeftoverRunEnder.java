package uk.org.phobos.agency.agent.history;

import uk.org.phobos.agency.agent.claude.ProcessIdentity;

/** Ends what a run of a crashed agent left running; true when something was ended. */
@FunctionalInterface
public interface LeftoverRunEnder {
    boolean end(ProcessIdentity leftover);
}
