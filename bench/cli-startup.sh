#!/usr/bin/env bash
# Start-up of the command line, measured with hyperfine: `ag --version` and `ag status URL` against a live
# agent (its CLI is a fake that answers at once), as bin/ag runs them, and the variants that show where
# the time went. Needs ./build.sh build (bin/, dist/) and the bench jar. Usage: bench/cli-startup.sh [RUNS]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
RUNS="${1:-40}"
JAR="$ROOT/dist/ag-director-cli.jar"
ARCHIVE="$ROOT/dist/ag-director-cli.jsa"
BENCH_JAR="$HERE/target/agency-bench.jar"

command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)" >&2; exit 1; }
[ -x "$ROOT/bin/ag" ] && [ -f "$ARCHIVE" ] || { echo "run ./build.sh build first" >&2; exit 1; }

work="$(mktemp -d)"
agent_pid=""
cleanup() {
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null && wait "$agent_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/claude" <<'FAKE'
#!/usr/bin/env bash
[ "${1:-}" = "--version" ] && { echo "2.1.332 (Claude Code)"; exit 0; }
echo '{"type":"result","subtype":"success","is_error":false,"result":"ok","num_turns":1,"session_id":"s"}'
FAKE
chmod +x "$work/claude"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
export AGENCY_ROOT="$work/agency"
"$ROOT/bin/ag-agent-claude" --port "$port" --claude-bin "$work/claude" --log-level warn >"$work/agent.out" 2>"$work/agent.err" &
agent_pid=$!
for _ in $(seq 150); do grep -q "listening on" "$work/agent.out" 2>/dev/null && break; sleep 0.2; done
grep -q "listening on" "$work/agent.out" || { echo "the agent did not start:" >&2; cat "$work/agent.err" >&2; exit 1; }
url="https://127.0.0.1:$port"
"$ROOT/bin/ag" status "$url" >/dev/null

cli_flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xss512k -Xshare:auto"
cds="-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:SharedArchiveFile=$ARCHIVE -Xlog:cds=off"
# The floor under `ag status URL`: one bare TLS request (TlsStatusFloor), from a jar of its own with a static
# class-data archive made as build.sh makes the command line's.
(cd "$HERE/target/classes" && jar cf "$work/floor.jar" uk/org/phobos/agency/bench/TlsStatusFloor*.class)
floor="java $cli_flags -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:SharedArchiveFile=$work/floor.jsa -Xlog:cds=off -cp $work/floor.jar uk.org.phobos.agency.bench.TlsStatusFloor $url $AGENCY_ROOT/tls/ca.pem"
# shellcheck disable=SC2086 # the flags are words
java $cli_flags -XX:DumpLoadedClassList="$work/floor.classes" -cp "$work/floor.jar" \
  uk.org.phobos.agency.bench.TlsStatusFloor "$url" "$AGENCY_ROOT/tls/ca.pem" >/dev/null
# shellcheck disable=SC2086
"$ROOT/scripts/dump-class-archive.sh" "$work/floor.classes" "$work/floor.jar" "$work/floor.jsa" "$work/floor.log" $cli_flags
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --warmup 3 --runs "$RUNS" --style basic --export-markdown "$work/table.md" \
  -n "reference: java -version (the machine's floor for any JVM)" "java -version" \
  -n "ag --version (bin/ag)" "$ROOT/bin/ag --version" \
  -n "ag --version, java -jar, default JVM flags" "java -jar $JAR --version" \
  -n "ag status URL (bin/ag)" "$ROOT/bin/ag status $url" \
  -n "floor: one bare TLS request (TlsStatusFloor), launcher flags, own archive" "$floor" \
  -n "ag status URL, launcher flags without the archive" "java $cli_flags -jar $JAR status $url" \
  -n "ag status URL, java -jar, default JVM flags" "java -jar $JAR status $url" \
  -n "ag status URL, launcher flags and archive, C2 allowed" "java -XX:+UseSerialGC -XX:-UsePerfData $cds -jar $JAR status $url" \
  -n "reference: AgencyClient (HttpClient + data binding), launcher flags" \
     "java $cli_flags -cp $BENCH_JAR uk.org.phobos.agency.bench.SharedClientStatus $url $AGENCY_ROOT"
echo
cat "$work/table.md"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on this machine inflates every figure)"
