package uk.org.phobos.agency.cli.task;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import uk.org.phobos.agency.cli.out.HumanDuration;
import uk.org.phobos.agency.cli.out.Style;

/**
 * The last line of a terminal while a task runs: a spinner, the time so far, what happened last. Lines
 * printed through {@link #print} go above it. Only used when stdout is a terminal.
 */
final class ProgressLine implements AutoCloseable {
    private static final String SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";

    private final PrintStream out;
    private final Style style;
    private final Clock clock;
    private final Instant started;
    private final ScheduledExecutorService ticker;
    private final ScheduledFuture<?> ticks;
    private String activity = "starting";
    private int tick;
    private boolean shown;
    private boolean closed;

    ProgressLine(PrintStream out, Style style, Clock clock) {
        this.out = out;
        this.style = style;
        this.clock = clock;
        this.started = clock.instant();
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ag-progress");
            thread.setDaemon(true);
            return thread;
        });
        this.ticks = ticker.scheduleAtFixedRate(this::redraw, 0, 120, TimeUnit.MILLISECONDS);
    }

    synchronized void activity(String what) {
        activity = what;
    }

    /** Prints {@code text} (one or more lines) above the progress line. */
    synchronized void print(String text) {
        clear();
        out.println(text);
        draw();
    }

    private synchronized void redraw() {
        if (closed) {
            return;
        }
        clear();
        draw();
    }

    private void draw() {
        if (closed) {
            return;
        }
        char frame = SPINNER.charAt(tick++ % SPINNER.length());
        out.print(style.cyan(String.valueOf(frame)) + " "
                + style.dim(
                        new HumanDuration(Duration.between(started, clock.instant())).toString() + " · " + activity));
        out.flush();
        shown = true;
    }

    private void clear() {
        if (shown) {
            out.print("\r\u001b[2K");
            shown = false;
        }
    }

    @Override
    public synchronized void close() {
        clear();
        out.flush();
        closed = true;
        ticks.cancel(false);
        ticker.shutdownNow();
    }
}
