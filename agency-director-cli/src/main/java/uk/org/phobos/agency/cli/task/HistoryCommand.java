package uk.org.phobos.agency.cli.task;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import uk.org.phobos.agency.cli.CliException;
import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ComponentUrlConverter;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.HumanDuration;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.cli.out.Style;
import uk.org.phobos.agency.cli.out.Table;
import uk.org.phobos.agency.core.api.HistoryPage;
import uk.org.phobos.agency.core.api.PageRequest;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.discovery.DiscoveredComponent;

/** {@code ag history}: recent tasks, newest first. */
@Command(
        name = "history",
        description = "List recent tasks, newest first: of one agent (--agent), or of every discovered agent merged.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ag history",
            "  ag history --agent https://127.0.0.1:9000 --page 2 --limit 50",
            "%nExit codes: 0 listed, 3 no agent reachable."
        })
public final class HistoryCommand implements Callable<Integer> {
    private final CliServices services;

    @Option(
            names = "--agent",
            paramLabel = "URL",
            converter = ComponentUrlConverter.class,
            description = "Only this agent's tasks.")
    URI agent;

    @Option(names = "--page", paramLabel = "N", defaultValue = "1", description = "Page, from 1 (default 1).")
    int page;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "Tasks per page and agent, 1-100 (default 20).")
    int limit;

    public HistoryCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        if (page < 1 || limit < 1 || limit > PageRequest.MAX_LIMIT) {
            throw new CliException(ExitCode.USAGE, "--page must be 1 or more and --limit 1-" + PageRequest.MAX_LIMIT);
        }
        Output output = services.output();
        List<URI> agents = new ArrayList<>();
        if (agent != null) {
            agents.add(agent);
        } else {
            for (DiscoveredComponent found : services.finder().requireAgents()) {
                agents.add(found.url());
            }
        }
        List<Object> pages = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        long total = 0;
        int totalPages = 0;
        for (URI url : agents) {
            JsonObject json = services.api().history(url, page, limit);
            HistoryPage<Task> history = services.records().history(json);
            total += history.total();
            totalPages = Math.max(totalPages, history.totalPages());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("agent", url.toString());
            entry.put("history", json);
            pages.add(entry);
            history.entries().forEach(task -> rows.add(new Row(url, task)));
        }
        if (output.json()) {
            output.json(agent != null ? ((Map<?, ?>) pages.get(0)).get("history") : pages);
            return ExitCode.OK.code();
        }
        rows.sort(Comparator.comparing((Row row) -> created(row.task())).reversed());
        print(rows, output, agents.size() > 1);
        output.note("page " + page + " of " + Math.max(1, totalPages) + " · " + total + " task"
                + (total == 1 ? "" : "s") + (agents.size() > 1 ? " on " + agents.size() + " agents" : ""));
        return ExitCode.OK.code();
    }

    private void print(List<Row> rows, Output output, boolean manyAgents) {
        if (rows.isEmpty()) {
            output.line("no tasks yet");
            return;
        }
        Style style = output.style();
        Table table = manyAgents
                ? new Table("TASK", "STATE", "CREATED", "TOOK", "AGENT", "PROMPT")
                : new Table("TASK", "STATE", "CREATED", "TOOK", "PROMPT");
        Instant now = services.clock().instant();
        for (Row row : rows) {
            Task task = row.task();
            String state =
                    style.state(task.state() == null ? null : task.state().wireName());
            String created = task.createdAt() == null
                    ? "-"
                    : new HumanDuration(Duration.between(task.createdAt(), now)) + " ago";
            String took = task.durationSeconds() == null
                    ? "-"
                    : HumanDuration.ofSeconds(task.durationSeconds()).toString();
            String prompt = OneLine.of(task.prompt(), 50);
            if (manyAgents) {
                table.row(task.taskId(), state, created, took, row.agent().getAuthority(), prompt);
            } else {
                table.row(task.taskId(), state, created, took, prompt);
            }
        }
        table.lines(style).forEach(output::line);
    }

    private static Instant created(Task task) {
        return task.createdAt() == null ? Instant.EPOCH : task.createdAt();
    }

    private record Row(URI agent, Task task) {}
}
