package uk.org.phobos.agency.cli;

import java.net.URI;
import java.util.Set;
import picocli.CommandLine;

/**
 * The component an argument list names, read before picocli parses it, so that a second thread can open
 * the connection to it meanwhile: the value of {@code --agent} or {@code --via-web}, the URL of {@code
 * status URL}, or any argument that is an {@code https://} URL. Null ({@link #url()}) when none is named or
 * the text is no URL; picocli reports that later, as usual. For {@code ag jobs}, only the value of {@code
 * --scheduler} counts.
 */
record NamedComponent(URI url) {
    private static final Set<String> URL_OPTIONS = Set.of("--agent", "--via-web");
    private static final String SCHEDULER_OPTION = "--scheduler";

    static NamedComponent of(String... args) {
        if ("jobs".equals(CommandName.of(args).value())) {
            return scheduler(args);
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String candidate = null;
            if (URL_OPTIONS.contains(arg) && i + 1 < args.length) {
                candidate = args[i + 1];
            } else if (arg.startsWith("--agent=") || arg.startsWith("--via-web=")) {
                candidate = arg.substring(arg.indexOf('=') + 1);
            } else if (arg.equals("status") && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                candidate = args[i + 1];
            } else if (arg.startsWith("https://")) {
                candidate = arg;
            }
            if (candidate != null) {
                return parse(candidate);
            }
        }
        return new NamedComponent(null);
    }

    /** {@code ag jobs ...} calls the scheduler only: its {@code --agent} is a job's agent, not one to call. */
    private static NamedComponent scheduler(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(SCHEDULER_OPTION) && i + 1 < args.length) {
                return parse(args[i + 1]);
            }
            if (args[i].startsWith(SCHEDULER_OPTION + "=")) {
                return parse(args[i].substring(SCHEDULER_OPTION.length() + 1));
            }
        }
        return new NamedComponent(null);
    }

    private static NamedComponent parse(String candidate) {
        try {
            return new NamedComponent(new ComponentUrlConverter().convert(candidate));
        } catch (CommandLine.TypeConversionException notAUrl) {
            return new NamedComponent(null);
        }
    }
}
