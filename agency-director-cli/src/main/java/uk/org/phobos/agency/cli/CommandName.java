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
        int at = word(args, 0);
        return new CommandName(at < 0 ? null : args[at]);
    }

    /**
     * The word after the command, by the same rules: {@code list} in {@code ag jobs list}, so that a command
     * group can build only the subcommand named; null when there is none (or with {@code --help}).
     */
    static String subcommandOf(String... args) {
        int command = word(args, 0);
        if (command < 0) {
            return null;
        }
        int at = word(args, command + 1);
        return at < 0 ? null : args[at];
    }

    /** True when {@code flag} is one of the arguments before {@code --}. */
    static boolean hasFlag(String flag, String... args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals(flag)) {
                return true;
            }
        }
        return false;
    }

    /** The index of the first word from {@code from} on, or -1 (also when {@code --help} comes first). */
    private static int word(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return -1;
            }
            if (ROOT_OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            } else if (arg.equals("--")) {
                break;
            } else if (!arg.startsWith("-")) {
                return i;
            }
        }
        return -1;
    }
}
