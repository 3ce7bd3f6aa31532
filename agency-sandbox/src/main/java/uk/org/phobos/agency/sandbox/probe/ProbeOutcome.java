package uk.org.phobos.agency.sandbox.probe;

import java.util.List;
import java.util.Optional;

/** What the probe script printed and how it exited. */
record ProbeOutcome(int exitCode, List<String> lines) {
    ProbeOutcome {
        lines = List.copyOf(lines);
    }

    boolean saw(String finding) {
        return lines.contains(ProbeScript.MARK + finding);
    }

    /** The argument of the first finding called {@code finding}, if the script reported one. */
    Optional<String> firstArgumentOf(String finding) {
        String prefix = ProbeScript.MARK + finding + " ";
        return lines.stream()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()))
                .findFirst();
    }

    /** The first lines that are not the script's own: what bwrap or the shell complained about. */
    Optional<String> complaint() {
        List<String> other = lines.stream()
                .filter(line -> !line.startsWith(ProbeScript.MARK))
                .limit(3)
                .toList();
        return other.isEmpty() ? Optional.empty() : Optional.of(String.join(" / ", other));
    }
}
