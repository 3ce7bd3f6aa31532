package uk.org.phobos.agency.cli.task;

import uk.org.phobos.agency.cli.CliServices;
import uk.org.phobos.agency.cli.ExitCode;
import uk.org.phobos.agency.cli.json.JsonObject;
import uk.org.phobos.agency.cli.out.Output;
import uk.org.phobos.agency.core.api.Task;
import uk.org.phobos.agency.core.api.TaskState;

/** Follows or waits for a submitted task and reports how it ended; shared with the REPL. */
public final class TaskFollower {
    private final CliServices services;

    public TaskFollower(CliServices services) {
        this.services = services;
    }

    /**
     * Waits ({@code follow} false: silently) or follows until the task ends, prints how it ended, and returns
     * the exit code for it. With {@code interruptNotice}, a Ctrl-C meanwhile says that the task keeps running.
     */
    public int await(Submission submission, boolean follow, boolean interruptNotice) throws InterruptedException {
        Output output = services.output();
        TaskPrinter printer = new TaskPrinter(output.style());
        JsonObject finalJson;
        EventPrinter events = follow ? new EventPrinter(output, services.json(), services.clock()) : null;
        InterruptNotice notice = interruptNotice ? new InterruptNotice(output, stoppedWatching(submission)) : null;
        try {
            finalJson = new TaskWatcher(services.api())
                    .await(submission.address(), submission.webView(), events == null ? TaskEventSink.NONE : events);
        } finally {
            if (notice != null) {
                notice.close();
            }
            if (events != null) {
                events.close();
            }
        }
        Task task = services.records().task(finalJson);
        boolean completed = task.state() == TaskState.COMPLETED;
        if (output.json()) {
            output.json(finalJson);
        } else if (events != null) {
            events.finalOutput(task.output());
            output.line(printer.outcome(task));
        } else {
            if (task.output() != null && !task.output().isBlank()) {
                output.line(task.output().strip());
            }
            if (!completed || output.terminal()) {
                output.note(printer.outcome(task));
            }
        }
        return completed ? ExitCode.OK.code() : ExitCode.FAILED.code();
    }

    private static String stoppedWatching(Submission submission) {
        if (submission.webView() != null && !submission.address().onAgent()) {
            // `ag cancel` asks agents, which do not know a queue id
            return "stopped watching task " + submission.taskId() + "; it stays with the web view at "
                    + submission.webView().base() + " (see or cancel it on the dashboard)";
        }
        return "stopped watching task " + submission.taskId() + "; it keeps running on "
                + submission.address().base() + " (stop it with `ag cancel " + submission.taskId() + "`)";
    }
}
