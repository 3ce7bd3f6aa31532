package uk.org.phobos.agency.cli;

/** Help text shared by several commands (annotation values must be compile-time constants). */
final class HelpText {
    static final String ENVIRONMENT = "%nEnvironment: AGENCY_ROOT (default ~/.agency: the fleet's CA in tls/ and its"
            + " token), AGENCY_TOKEN (the fleet token, instead of AGENCY_ROOT/token), AGENCY_DISCOVERY_RANGE"
            + " (ports to scan, default 9000-9299), NO_COLOR.";

    private HelpText() {}
}
