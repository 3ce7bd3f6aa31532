package uk.org.phobos.agency.sandbox;

/** What a rule's path is on the host when the sandbox is built. */
public enum HostFileKind {
    DIRECTORY,
    /** A regular file, device, socket or anything else that is not a directory. */
    FILE,
    MISSING
}
