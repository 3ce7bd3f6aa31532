package uk.org.phobos.agency.cli;

import java.util.Set;

/**
 * The subcommand an argument list names: its first word that is neither an option nor an option's value;
 * null when there is none.
 */
record CommandName(String value) {
    /** The root's options that take a value as the next argument. */
    private static final Set<String> ROOT_OPTIONS_WITH_VALUE = Set.of("--discovery-range");

    /** Commands that do not call a component: no TLS needed. */
    private static final Set<String> OFFLINE = Set.of("tls");

    /** True when the command will call components (so TLS set-up can start early). */
    boolean talksToFleet() {
        return value != null && !OFFLINE.contains(value);
    }

    static CommandName of(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return new CommandName(null);
            }
            if (ROOT_OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            } else if (arg.equals("--")) {
                break;
            } else if (!arg.startsWith("-")) {
                return new CommandName(arg);
            }
        }
        return new CommandName(null);
    }
}
