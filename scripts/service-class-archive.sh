#!/usr/bin/env bash
# Records a service's class-data archive (CDS): starts the service jar once, with the JVM flags its launcher
# uses, in a throwaway AGENCY_ROOT on ports the system picks, asks its /status three times through the command
# line (the first TLS handshake and request load most of what a first answer needs), then stops it with
# SIGTERM. The JVM lists every class it loads as it goes; scripts/dump-class-archive.sh then writes a static
# archive of them. The launcher maps the archive at start-up instead of reading, parsing and verifying those
# classes from the jar (bench/README.md, "Start-up").
#
# Usage: scripts/service-class-archive.sh SERVICE_JAR ARCHIVE CLI_JAR [JVM_FLAG...]   (JAVA=... picks the JVM)
# The archive is written beside ARCHIVE and renamed into place only when the service stopped cleanly and the
# archive is complete: a truncated archive would crash the JVM that maps it. Exits non-zero, archive absent,
# when anything failed; the service's and the JVM's output is then in NAME.training.log beside ARCHIVE.
set -euo pipefail

[ $# -ge 3 ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
jar="$1" archive="$2" cli_jar="$3"
shift 3
name="$(basename "$jar" .jar)"
java="${JAVA:-java}" # the JVM that will map the archive: an archive maps only into the JVM build that wrote it
log="${archive%.jsa}.training.log"

work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
  rm -f "$archive.tmp"
}
trap cleanup EXIT

args=(--port 0)
case "$name" in
  ag-agent-claude)
    # The agent checks its CLI with --version at start-up; the stand-in answers like the real one.
    printf '#!/bin/sh\necho "0.0.0 (Claude Code)"\n' >"$work/claude"
    chmod +x "$work/claude"
    args+=(--claude-bin "$work/claude")
    ;;
  ag-view-web) args+=(--internal-port 0 --discovery-range 1-1) ;;
esac

rm -f "$archive" "$archive.tmp"
export AGENCY_ROOT="$work/root"
AG_WEB_PASSWORD="training-only-$$" "$java" "$@" -XX:DumpLoadedClassList="$work/classes.list" \
  -jar "$jar" "${args[@]}" >"$work/out" 2>"$log" &
pid=$!

deadline=$((SECONDS + 60))
until grep -q " listening on " "$work/out" 2>/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
    echo "$name did not start for its training run; its output is in $log" >&2
    exit 1
  fi
  sleep 0.1
done
url="$(sed -n 's/.* listening on //p' "$work/out" | head -n 1)"
for _ in 1 2 3; do
  "$java" -XX:TieredStopAtLevel=1 -jar "$cli_jar" status "$url" >/dev/null 2>>"$log"
done

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
if [ "$status" -ne 0 ]; then
  echo "$name exited $status after SIGTERM in its training run, no archive recorded; its output is in $log" >&2
  exit 1
fi
JAVA="$java" "$(dirname "$0")/dump-class-archive.sh" "$work/classes.list" "$jar" "$archive" "$log" "$@"
