package uk.org.phobos.agency.core.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback once, in code: logs go to stderr (stdout is for the one "listening on" line
 * and command output), as text on a terminal or JSON lines for machines. The task and session ids
 * ride in the MDC as {@code task_id} and {@code session_id}.
 */
public final class LogSetup {
    private static final String TEXT_PATTERN =
            "%d{HH:mm:ss.SSS} %-5level %logger{24}%replace( [%mdc{task_id}]){' \\[\\]', ''} - %msg%n";

    private LogSetup() {}

    /** Parses a level name such as {@code info} or {@code DEBUG}; throws with the valid names otherwise. */
    public static Level parseLevel(String name) {
        Level level = Level.toLevel(name.toUpperCase(Locale.ROOT), null);
        if (level == null) {
            throw new IllegalArgumentException(
                    "unknown log level '" + name + "': use one of error, warn, info, debug, trace");
        }
        return level;
    }

    /** Replaces whatever configuration Logback has with this one. */
    public static void configure(LogFormat format, Level level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        install(context, format, level);
    }

    /** Configures a context that has no configuration yet (what {@link DefaultLogConfigurator} is given). */
    @SuppressWarnings("SystemConsoleNull") // built for Java 17, where null means "not a terminal"
    static void install(LoggerContext context, LogFormat format, Level level) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder(context, format.resolve(System.console() != null)));
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(appender);
        // Jetty, Javalin and WireMock (which tests run in process) are chatty at info; their warnings still show.
        Level quiet = level.isGreaterOrEqual(Level.INFO) ? Level.WARN : level;
        for (String chatty : List.of("org.eclipse.jetty", "io.javalin", "org.wiremock", "wiremock")) {
            context.getLogger(chatty).setLevel(quiet);
        }
    }

    /** The encoder for {@code format}: a pattern for people, or one JSON object a line. */
    static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format) {
        if (format == LogFormat.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.setWithFormattedMessage(true);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithContext(false);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.start();
        return text;
    }
}
