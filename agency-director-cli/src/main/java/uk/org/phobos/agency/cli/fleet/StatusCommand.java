package uk.org.phobos.agency.cli.fleet;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ComponentUrlConverter;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.core.discovery.DiscoveredComponent;

/** {@code ag status [URL]}. */
@Command(
        name = "status",
        description = "Show a component's status (GET /status, no token needed), or every discovered component's.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag status https://127.0.0.1:9000     one component",
            "  ag status                            every component discovery finds",
            "  ag status https://127.0.0.1:9000 --json | jq .state",
            "%nExit codes: 0 it answered, 3 nothing answered."
        })
public final class StatusCommand implements Callable<Integer> {
    private final CliServices services;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "URL",
            converter = ComponentUrlConverter.class,
            description = "e.g. https://127.0.0.1:9000, 127.0.0.1:9000, or 9000")
    URI url;

    public StatusCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        Output output = services.output();
        ComponentView view = new ComponentView(services.records(), output.style());
        if (url != null) {
            JsonObject json = services.api().status(url);
            if (output.json()) {
                output.json(json);
            } else {
                view.block(
                                url,
                                services.records().status(json),
                                services.clock().instant())
                        .forEach(output::line);
            }
            return ExitCode.OK.code();
        }
        FleetFinder finder = services.finder();
        List<DiscoveredComponent> components = finder.requireComponents();
        if (output.json()) {
            List<Object> all = new ArrayList<>();
            for (DiscoveredComponent component : components) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("url", component.url().toString());
                entry.put("status", finder.rawStatus(component.url()));
                all.add(entry);
            }
            output.json(all);
            return ExitCode.OK.code();
        }
        boolean first = true;
        for (DiscoveredComponent component : components) {
            if (!first) {
                output.line("");
            }
            first = false;
            view.block(component.url(), component.status(), services.clock().instant())
                    .forEach(output::line);
        }
        return ExitCode.OK.code();
    }
}
