package uk.org.phobos.agency.cli.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.out.HumanDuration;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.cli.out.Style;
import uk.org.phobos.agency.cli.out.Table;
import uk.org.phobos.agency.core.discovery.Fleet;
import uk.org.phobos.agency.core.discovery.FleetMember;
import uk.org.phobos.agency.core.discovery.Health;
import uk.org.phobos.agency.core.service.DurationConverter;

/** {@code ag discover}: a table of every component that answers. */
@Command(
        name = "discover",
        description = {
            "Scan for components (https://127.0.0.1:9000-9299/status unless --discovery-range says otherwise) and"
                    + " list them: URL, type, name, state, version, uptime, current task, health.",
            "Health is ok when the last scan got an answer; with --watch, a component that stops answering turns"
                    + " degraded (1-2 missed scans), then down (3 or more)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag discover",
            "  ag discover --watch 2s                 scan again every 2 seconds until Ctrl-C",
            "  ag discover --discovery-range 9000-9009 --json",
            "%nExit codes: 0 something answered, 3 nothing did."
        })
public final class DiscoverCommand implements Callable<Integer> {
    private final CliServices services;

    @Option(
            names = "--watch",
            paramLabel = "INTERVAL",
            converter = DurationConverter.class,
            description = "Scan again every INTERVAL (e.g. 2s) until Ctrl-C.")
    Duration watch;

    public DiscoverCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() throws InterruptedException {
        Output output = services.output();
        Fleet fleet = services.finder().watch(services.clock());
        List<FleetMember> members = fleet.refresh();
        if (watch == null) {
            if (members.isEmpty()) {
                services.finder().requireComponents(); // throws with where it looked
            }
            print(members, output);
            return ExitCode.OK.code();
        }
        while (true) {
            if (output.terminal() && !output.json()) {
                output.text("\u001b[H\u001b[2J");
            }
            print(members, output);
            Thread.sleep(Math.max(200, watch.toMillis()));
            members = fleet.refresh();
        }
    }

    private void print(List<FleetMember> members, Output output) {
        if (output.json()) {
            List<Object> all = new ArrayList<>();
            for (FleetMember member : members) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("url", member.url().toString());
                entry.put("health", member.health().wireName());
                entry.put("status", services.finder().rawStatus(member.url()));
                all.add(entry);
            }
            output.json(all);
            return;
        }
        if (members.isEmpty()) {
            output.line("no component answered on "
                    + services.finder().targets().get(0).ports());
            return;
        }
        Style style = output.style();
        ComponentView view = new ComponentView(services.records(), style);
        Instant now = services.clock().instant();
        Table table = new Table("URL", "TYPE", "NAME", "STATE", "VERSION", "UPTIME", "TASK", "HEALTH");
        for (FleetMember member : members) {
            boolean answered = member.health() == Health.OK;
            table.row(
                    member.url().toString(),
                    member.status().type().wireName(),
                    member.status().name(),
                    answered
                            ? style.state(member.status().state())
                            : style.dim(member.status().state()),
                    member.status().version(),
                    answered
                            ? new HumanDuration(
                                            Duration.ofSeconds(member.status().uptimeSeconds()))
                                    .toString()
                            : "-",
                    answered ? view.currentTask(member.status(), now) : "-",
                    style.state(member.health().wireName()));
        }
        table.lines(style).forEach(output::line);
    }
}
