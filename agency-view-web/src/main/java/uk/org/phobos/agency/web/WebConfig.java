package uk.org.phobos.agency.web;

import java.util.List;

/**
 * The web view's YAML config file ({@code --config}); every key is optional and command-line options
 * win. Keys: {@code name}, {@code internal_port}, {@code discovery_range} (e.g. {@code 9000-9299}),
 * {@code discover} (extra {@code host:first-last} targets), {@code trusted_proxy},
 * {@code poll_interval_seconds}.
 */
public record WebConfig(
        String name,
        Integer internalPort,
        String discoveryRange,
        List<String> discover,
        String trustedProxy,
        Integer pollIntervalSeconds) {

    public static final WebConfig EMPTY = new WebConfig(null, null, null, null, null, null);

    public WebConfig {
        discover = discover == null ? List.of() : List.copyOf(discover);
    }
}
