package uk.org.phobos.agency.sandbox.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * The POSIX shell script a probe runs inside the sandbox, and its command line. Paths travel as
 * arguments, never spliced into the script, so no path can change what the script does. Each
 * finding is one line starting with {@value #MARK}; checks refer to hidden paths by their 1-based
 * index so that no path has to be echoed.
 */
final class ProbeScript {
    static final String MARK = "agency-probe:";

    private static final String SCRIPT = String.join(
            "\n",
            "echo " + MARK + "ran",
            "allowed=$1; forbidden_count=$2; shift 2",
            "i=0",
            "while [ \"$i\" -lt \"$forbidden_count\" ]; do",
            "  i=$((i+1))",
            "  if ( : > \"$1\" ) 2>/dev/null; then echo " + MARK + "forbidden-write-succeeded $i; fi",
            "  shift",
            "done",
            "if ( : > \"$allowed\" ) 2>/dev/null; then echo " + MARK + "allowed-write-ok; fi",
            "i=0",
            "for check in \"$@\"; do",
            "  i=$((i+1))",
            "  path=${check#?:}",
            "  case $check in",
            "    e:*) if [ -e \"$path\" ] || [ -L \"$path\" ]; then echo " + MARK + "hidden-visible $i; fi ;;",
            "    r:*) if n=$(wc -c < \"$path\" 2>/dev/null) && [ \"$n\" -gt 0 ]; then echo " + MARK
                    + "hidden-visible $i; fi ;;",
            "  esac",
            "done",
            "if [ -r /proc/self/status ]; then",
            "  caps=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status)",
            "  case $caps in *[!0]*) echo " + MARK + "capabilities $caps ;; esac",
            "fi",
            "echo " + MARK + "done",
            "");

    /** {@code /bin/sh -c <script> <name> <allowed> <n> <forbidden...> <checks...>}. */
    List<String> command(ProbePlan plan) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "agency-sandbox-probe"));
        argv.add(plan.allowedFile().toString());
        argv.add(Integer.toString(plan.forbiddenFiles().size()));
        plan.forbiddenFiles().forEach(file -> argv.add(file.toString()));
        plan.hiddenChecks().forEach(check -> argv.add(check.argument()));
        return argv;
    }
}
