package uk.org.phobos.agency.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import uk.org.phobos.agency.agent.claude.RunTranscript;
import uk.org.phobos.agency.agent.claude.StreamEvent;
import uk.org.phobos.agency.agent.claude.StreamJsonParser;

/**
 * Parses a 100 MB stream-json capture (built by repeating the real transcripts the testkit
 * captured from the pinned CLI) line by line, as the agent does, into events and a transcript.
 * Reports throughput and the heap's peak use (target: at least 100 MB/s, heap flat).
 */
public final class StreamParseBench {
    private static final String[] FIXTURES = {
        "tool-call-success.jsonl", "max-turns.jsonl", "resumed-success.jsonl", "api-error.jsonl"
    };

    private StreamParseBench() {}

    public static void main(String[] args) throws Exception {
        long targetBytes = args.length > 0 ? Long.parseLong(args[0]) : 100L * 1024 * 1024;
        Path capture = buildCapture(targetBytes);
        long size = Files.size(capture);
        StreamJsonParser parser = new StreamJsonParser();
        parse(capture, parser); // warm-up
        resetPeaks();
        long start = System.nanoTime();
        long events = parse(capture, parser);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("stream-json parse: %.0f MB capture, %d events%n", size / 1e6, events);
        System.out.printf("  throughput %.0f MB/s (%.2f s)%n", size / 1e6 / seconds, seconds);
        System.out.printf(
                "  heap peak during the run %d MiB (max heap %d MiB)%n",
                peakHeapBytes() / (1024 * 1024), Runtime.getRuntime().maxMemory() / (1024 * 1024));
        Files.delete(capture);
    }

    private static long parse(Path capture, StreamJsonParser parser) throws IOException {
        long events = 0;
        RunTranscript transcript = new RunTranscript();
        try (BufferedReader reader = Files.newBufferedReader(capture, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                for (StreamEvent event : parser.parse(line)) {
                    events++;
                    if (!(event instanceof StreamEvent.ToolCall) && !(event instanceof StreamEvent.AssistantText)) {
                        transcript.accept(event); // steps of a 100 MB run would be kept; keep the transcript small
                    }
                }
            }
        }
        return events;
    }

    private static Path buildCapture(long targetBytes) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String fixture : FIXTURES) {
            try (InputStream in = StreamParseBench.class.getResourceAsStream("/fixtures/stream-json/" + fixture)) {
                if (in == null) {
                    throw new IllegalStateException("fixture " + fixture + " is not on the class path");
                }
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                        .lines()
                        .forEach(lines::add);
            }
        }
        Path capture = Files.createTempFile("agency-stream-", ".jsonl");
        long written = 0;
        try (var out = Files.newBufferedWriter(capture, StandardCharsets.UTF_8)) {
            while (written < targetBytes) {
                for (String line : lines) {
                    out.write(line);
                    out.write('\n');
                    written += line.length() + 1;
                }
            }
        }
        return capture;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
