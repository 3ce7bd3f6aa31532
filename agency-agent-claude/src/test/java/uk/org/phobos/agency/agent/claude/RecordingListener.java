package uk.org.phobos.agency.agent.claude;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a run reported, in order: "started" first, then the stdout lines. */
final class RecordingListener implements RunListener {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile ProcessIdentity started;

    @Override
    public void started(ProcessIdentity process) {
        started = process;
        calls.add("started");
    }

    @Override
    public void line(String rawLine) {
        calls.add("line");
        lines.add(rawLine);
    }

    ProcessIdentity startedWith() {
        return started;
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    boolean saw(String fragment) {
        return lines.stream().anyMatch(line -> line.contains(fragment));
    }
}
