package uk.org.phobos.agency.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import uk.org.phobos.agency.testkit.service.ServiceJar;

/** The command line's fat jar as {@code package} left it, and the java command that runs it. */
final class CliJar {
    private CliJar() {}

    static Path path() {
        return ServiceJar.CLI.path();
    }

    /** {@code java [jvmOptions] -jar ag-director-cli.jar [args]}, with the launcher's JVM flags. */
    static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(path().toString());
        command.addAll(List.of(args));
        return command;
    }
}
