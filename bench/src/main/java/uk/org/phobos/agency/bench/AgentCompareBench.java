package uk.org.phobos.agency.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Two builds of the agent side by side, both {@code --sandbox off} with the fake CLI that answers at
 * once, taking turns task by task (A, B, A, B, ...), so that both see the same load on a shared
 * machine: the way to tell whether a change to the agent made its per-task overhead smaller. Prints,
 * for each, the first task (a cold agent), then the same figures as {@link AgentBench}.
 * Usage: {@code AgentCompareBench LAUNCHER_A LAUNCHER_B [TASKS]}; a launcher is {@code
 * bin/ag-agent-claude} or a copy of it beside an older {@code dist/ag-agent-claude.jar}.
 */
public final class AgentCompareBench {
    private AgentCompareBench() {}

    public static void main(String[] args) throws Exception {
        Path a = Path.of(args[0]);
        Path b = Path.of(args[1]);
        int tasks = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path work = Files.createTempDirectory("agency-agent-compare-");
        Path fake = AgentBench.writeInstantClaude(work);
        List<String> off = List.of("--sandbox", "off");
        String loadBefore = AgentBench.loadAverage();
        AgentBench.RunningAgent first = AgentBench.RunningAgent.start("A", a, fake, work.resolve("a"), off);
        AgentBench.RunningAgent second = null;
        try {
            second = AgentBench.RunningAgent.start("B", b, fake, work.resolve("b"), off);
            double firstA = first.runOne();
            double firstB = second.runOne();
            for (int i = 0; i < 20; i++) { // warm-up
                first.runOne();
                second.runOne();
            }
            double[] millisA = new double[tasks];
            double[] millisB = new double[tasks];
            for (int i = 0; i < tasks; i++) {
                millisA[i] = first.runOne();
                millisB[i] = second.runOne();
            }
            System.out.printf(
                    "agent A (%s) against agent B (%s), --sandbox off, %d tasks each after 20 warm-up tasks, taking"
                            + " turns, timed with the %s client; load average %s before, %s after%n",
                    a, b, tasks, AgentBench.TIMING_CLIENT, loadBefore, AgentBench.loadAverage());
            report(first, firstA, millisA);
            report(second, firstB, millisB);
        } finally {
            first.stop();
            if (second != null) {
                second.stop();
            }
        }
    }

    private static void report(AgentBench.RunningAgent agent, double firstTask, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "  %s: first /status %.0f ms, idle %.0f ms, first task %.1f ms; per task min %.2f, p10 %.2f,"
                        + " median %.2f, p90 %.2f, p99 %.2f, max %.2f ms%n",
                agent.label(),
                agent.firstStatusMillis(),
                agent.startupMillis(),
                firstTask,
                sorted[0],
                AgentBench.pct(sorted, 10),
                AgentBench.pct(sorted, 50),
                AgentBench.pct(sorted, 90),
                AgentBench.pct(sorted, 99),
                sorted[sorted.length - 1]);
    }
}
