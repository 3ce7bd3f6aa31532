package uk.org.phobos.agency.core.service;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version of Agency this build is, for {@code --version} and {@code /status}. */
public final class AgencyVersion implements CommandLine.IVersionProvider {
    private static final String RESOURCE = "/uk/org/phobos/agency/core/version.properties";

    /** The version from the build, or {@code dev} when run from unfiltered sources. */
    public static String current() {
        try (InputStream in = AgencyVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "dev");
            return version.startsWith("${") ? "dev" : version;
        } catch (IOException e) {
            return "dev";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"${COMMAND-NAME} " + current() + " (Java " + Runtime.version() + ")"};
    }
}
