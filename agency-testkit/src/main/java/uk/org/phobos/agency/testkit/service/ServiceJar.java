package uk.org.phobos.agency.testkit.service;

import java.nio.file.Files;
import java.nio.file.Path;
import uk.org.phobos.agency.testkit.claude.RepositoryRoot;

/** Where a service's fat jar is after {@code package}: {@code <module>/target/<binary>.jar}. */
public record ServiceJar(String module, String binary) {
    public static final ServiceJar AGENT = new ServiceJar("agency-agent-claude", "ag-agent-claude");
    public static final ServiceJar SCHEDULER = new ServiceJar("agency-tool-scheduler", "ag-tool-scheduler");
    /** The web view: prints {@code ag-view-web dashboard on https://...} (browser side) before its listening line. */
    public static final ServiceJar WEB = new ServiceJar("agency-view-web", "ag-view-web");

    public static final ServiceJar CLI = new ServiceJar("agency-director-cli", "ag-director-cli");

    /** The jar; fails naming the command that builds it when it is missing. */
    public Path path() {
        Path root = RepositoryRoot.find()
                .orElseThrow(() -> new IllegalStateException("not inside the Agency checkout (no mvnw found upwards)"))
                .path();
        Path jar = root.resolve(module).resolve("target").resolve(binary + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw -pl " + module + " -am package");
        }
        return jar;
    }
}
