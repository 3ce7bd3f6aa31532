package uk.org.phobos.agency.web;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import uk.org.phobos.agency.core.component.PortRange;

/**
 * The web view's settings once options, the config file and defaults are merged. {@code bind} is the
 * browser side's address, {@code internalBind} the internal API's.
 */
public record WebSettings(
        String name,
        String bind,
        String internalBind,
        int browserPort,
        int internalPort,
        PortRange discoveryRange,
        List<String> extraTargets,
        Optional<String> trustedProxy,
        Duration pollInterval) {}
