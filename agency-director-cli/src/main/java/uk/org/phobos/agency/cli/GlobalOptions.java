package uk.org.phobos.agency.cli;

import java.util.List;
import uk.org.phobos.agency.core.component.PortRange;
import uk.org.phobos.agency.core.discovery.ScanTarget;

/** The options every command takes, as parsed; see {@link AgCommand} for the flags. */
public final class GlobalOptions {
    public static final String ENV_DISCOVERY_RANGE = "AGENCY_DISCOVERY_RANGE";

    private boolean json;
    private boolean noColor;
    private boolean verbose;
    private PortRange discoveryRange;

    void json() {
        json = true;
    }

    void noColor() {
        noColor = true;
    }

    void verbose() {
        verbose = true;
    }

    void discoveryRange(PortRange range) {
        discoveryRange = range;
    }

    public boolean isJson() {
        return json;
    }

    public boolean isNoColor() {
        return noColor;
    }

    public boolean isVerbose() {
        return verbose;
    }

    /** Where discovery looks: {@code --discovery-range}, else {@code AGENCY_DISCOVERY_RANGE}, else 9000-9299. */
    public List<ScanTarget> scanTargets(CliEnvironment environment) {
        PortRange range = discoveryRange;
        String configured = environment.variable(ENV_DISCOVERY_RANGE);
        if (range == null && configured != null && !configured.isBlank()) {
            try {
                range = PortRange.parse(configured);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, ENV_DISCOVERY_RANGE + ": " + e.getMessage());
            }
        }
        return List.of(range == null ? ScanTarget.LOCAL_DEFAULT : new ScanTarget("127.0.0.1", range));
    }
}
