#!/usr/bin/env bash
# The agent's start-up next to its floor: a bare Javalin app (BareJavalin: HTTPS GET /status from a key store
# file, nothing else) on the same classpath (the agent's fat jar) with the same JVM flags and a class-data
# archive of its own, started in turns with bin/ag-agent-claude (whose certificate is already issued, as on
# every start but the first). Timed from the start of the process to the first /status answered (curl, polled
# every 20 ms). Needs ./build.sh build and the bench module compiled. Usage: bench/startup-floor.sh [ROUNDS]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ROUNDS="${1:-5}"
AGENT_JAR="$ROOT/dist/ag-agent-claude.jar"
CLASSES="$HERE/target/classes"
[ -x "$ROOT/bin/ag-agent-claude" ] && [ -d "$CLASSES" ] || { echo "run ./build.sh build and build bench/ first" >&2; exit 1; }

work="$(mktemp -d)"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
# The services' launcher flags, as build.sh writes them.
flags="$(sed -n 's/^exec java \${AGENCY_JVM_FLAGS:-\(.*\)} \${AGENCY_JAVA_OPTS.*/\1/p' "$ROOT/bin/ag-agent-claude")"
keytool -genkeypair -keyalg EC -groupname secp256r1 -alias bare -dname CN=localhost -validity 2 \
  -keystore "$work/bare.p12" -storetype PKCS12 -storepass bare-password >/dev/null 2>&1
printf '#!/bin/sh\necho "2.1.332 (Claude Code)"\n' >"$work/claude"
chmod +x "$work/claude"
export AGENCY_ROOT="$work/agency"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Runs "$@" in the background and prints the milliseconds until https://127.0.0.1:$port/status answers.
time_first_status() {
  local port="$1"
  shift
  local start end
  start=$(date +%s%N)
  "$@" >"$work/out" 2>"$work/err" &
  pid=$!
  until curl -sk -o /dev/null "https://127.0.0.1:$port/status"; do
    kill -0 "$pid" 2>/dev/null || { echo "it did not start:" >&2; cat "$work/err" >&2; exit 1; }
    sleep 0.02
  done
  end=$(date +%s%N)
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
  echo $(((end - start) / 1000000))
}

# Class-data sharing takes classes from jars only, so the bare app's class goes into a jar of its own.
(cd "$CLASSES" && jar cf "$work/bare.jar" uk/org/phobos/agency/bench/BareJavalin*.class)
bare() { exec java $flags "$@" -cp "$work/bare.jar:$AGENT_JAR" uk.org.phobos.agency.bench.BareJavalin "$port" "$work/bare.p12" bare-password; }
# The bare app's own archive, recorded as build.sh records the services'.
port=$(free_port)
time_first_status "$port" bare -XX:DumpLoadedClassList="$work/bare.classes" >/dev/null
# shellcheck disable=SC2086 # the flags are words
"$ROOT/scripts/dump-class-archive.sh" "$work/bare.classes" "$work/bare.jar:$AGENT_JAR" "$work/bare.jsa" "$work/dump.log" $flags
# The agent's first start issues its certificate; what follows are restarts.
port=$(free_port)
time_first_status "$port" "$ROOT/bin/ag-agent-claude" --port "$port" --claude-bin "$work/claude" >/dev/null

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
bare_ms=() agent_ms=()
for _ in $(seq "$ROUNDS"); do
  port=$(free_port)
  bare_ms+=("$(time_first_status "$port" bare -Xshare:on -XX:SharedArchiveFile="$work/bare.jsa")")
  port=$(free_port)
  agent_ms+=("$(time_first_status "$port" "$ROOT/bin/ag-agent-claude" --port "$port" --claude-bin "$work/claude")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "first /status, ms, $ROUNDS rounds in turns:"
echo "  bare Javalin (floor): ${bare_ms[*]} (median $(median "${bare_ms[@]}"))"
echo "  bin/ag-agent-claude:  ${agent_ms[*]} (median $(median "${agent_ms[@]}"))"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
