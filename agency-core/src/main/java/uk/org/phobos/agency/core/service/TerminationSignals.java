package uk.org.phobos.agency.core.service;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import uk.org.phobos.agency.core.component.ComponentServer;

/**
 * SIGTERM and SIGINT drain the service like a non-forced {@code POST /shutdown} and then exit 0.
 * A plain JVM shutdown hook cannot do that: the JVM would exit 143 after it. The hook stays as a
 * last resort for other ways the JVM is asked to stop.
 */
final class TerminationSignals {
    private static final Logger log = LoggerFactory.getLogger(TerminationSignals.class);

    private TerminationSignals() {}

    static void install(ComponentServer server, Duration drain) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    Thread stopper = new Thread(
                            () -> {
                                log.info("SIG{} received: draining for up to {} s", name, drain.toSeconds());
                                server.shutdown(false, drain);
                                System.exit(0);
                            },
                            "agency-sig" + name.toLowerCase(java.util.Locale.ROOT));
                    stopper.start();
                });
            } catch (IllegalArgumentException e) {
                log.debug("cannot handle SIG{} here: {}", name, e.getMessage());
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.shutdown(false, drain), "agency-shutdown-hook"));
    }
}
