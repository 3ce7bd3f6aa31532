package uk.org.phobos.agency.core.service;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import uk.org.phobos.agency.core.logging.LogFormat;

/** The options every Agency service takes (SPEC.md section 7); mix into a service's command. */
public final class ServiceOptions {
    @Option(
            names = "--port",
            paramLabel = "N",
            description = "Port to listen on (default: the first free one of the service's range).")
    Integer port;

    @Option(
            names = "--bind",
            paramLabel = "ADDR",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}). Anything but loopback is reachable "
                    + "from other machines and logs a warning.")
    String bind;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML config file; command-line options win over it.")
    Path config;

    @Option(
            names = "--log-level",
            paramLabel = "LEVEL",
            description = "error, warn, info, debug or trace (default: info, or AGENCY_LOG_LEVEL).")
    String logLevel;

    @Option(
            names = "--log-format",
            paramLabel = "FORMAT",
            defaultValue = "auto",
            description = "text, json, or auto: text on a terminal, JSON lines otherwise (default: ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    public Integer port() {
        return port;
    }

    public String bind() {
        return bind;
    }

    public Path config() {
        return config;
    }

    public String logLevel() {
        return logLevel;
    }

    public LogFormat logFormat() {
        return logFormat;
    }
}
