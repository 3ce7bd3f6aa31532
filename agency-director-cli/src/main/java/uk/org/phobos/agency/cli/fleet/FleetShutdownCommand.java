package uk.org.phobos.agency.cli.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.http.ComponentNoAnswerException;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.core.api.ApiException;
import uk.org.phobos.agency.core.api.ShutdownRequest;
import uk.org.phobos.agency.core.client.ComponentUnreachableException;
import uk.org.phobos.agency.core.discovery.DiscoveredComponent;
import uk.org.phobos.agency.core.service.DurationConverter;

/** {@code ag fleet shutdown [--force]}. */
@Command(
        name = "shutdown",
        description = {
            "Shut down every discovered component (POST /shutdown). By default each drains: it takes no new work,"
                    + " lets running tasks finish within --timeout, then cancels what remains and exits.",
            "--force cancels running work at once."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag fleet shutdown",
            "  ag fleet shutdown --timeout 5m",
            "  ag fleet shutdown --force",
            "%nExit codes: 0 every component accepted, 1 one refused, 3 none was found."
        })
public final class FleetShutdownCommand implements Callable<Integer> {
    private final CliServices services;

    @Option(names = "--force", description = "Cancel running work now instead of draining.")
    boolean force;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long running work may take to finish when draining (default 30s, at most 1h).")
    Duration timeout;

    public FleetShutdownCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        Output output = services.output();
        List<DiscoveredComponent> components = services.finder().requireComponents();
        ShutdownRequest request = new ShutdownRequest(
                force, timeout == null ? null : (int) Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        int refused = 0;
        List<Object> answers = new ArrayList<>();
        for (DiscoveredComponent component : components) {
            String who =
                    component.status().name() + " (" + component.status().type().wireName() + ") at " + component.url();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("url", component.url().toString());
            try {
                JsonObject accepted = services.api().shutdown(component.url(), request);
                answer.put("accepted", accepted);
                if (!output.json()) {
                    output.line(who + ": " + output.style().state(accepted.string("state"))
                            + (Boolean.TRUE.equals(accepted.bool("force"))
                                    ? " (forced)"
                                    : " (drains for up to " + accepted.whole("timeout_seconds") + " s)"));
                }
            } catch (ApiException | ComponentUnreachableException | ComponentNoAnswerException e) {
                refused++;
                answer.put("error", e.getMessage());
                if (!output.json()) {
                    output.note("ag: " + who + ": " + e.getMessage());
                }
            }
            answers.add(answer);
        }
        if (output.json()) {
            output.json(answers);
        }
        return refused == 0 ? ExitCode.OK.code() : ExitCode.FAILED.code();
    }
}
