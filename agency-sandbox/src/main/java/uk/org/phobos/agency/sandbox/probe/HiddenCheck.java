package uk.org.phobos.agency.sandbox.probe;

import java.nio.file.Path;

/**
 * One thing the probe expects to be invisible inside the sandbox: an entry of a hidden directory
 * that must not exist there, or a hidden, non-empty file whose content must not be readable.
 * Only existence and size are tested; no secret is ever read out.
 */
record HiddenCheck(Path path, Kind kind) {
    enum Kind {
        ABSENT("e"),
        UNREADABLE("r");

        private final String code;

        Kind(String code) {
            this.code = code;
        }
    }

    /** The script argument: the kind's code, a colon, the path. */
    String argument() {
        return kind.code + ":" + path;
    }
}
