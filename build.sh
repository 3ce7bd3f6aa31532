#!/usr/bin/env bash
# The one entry point of the Agency build. Run `./build.sh help` for the targets.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

MVN=("$ROOT/mvnw" -B -ntp)
DIST="$ROOT/dist"
BIN="$ROOT/bin"
RUN_DIR="$ROOT/.run"
# Services that `run` starts, in order: binary name and default port.
RUN_SERVICES=("ag-agent-claude" "ag-tool-scheduler" "ag-view-web")

usage() {
  cat <<'USAGE'
Usage: ./build.sh TARGET

  build      fat jars into dist/, launchers into bin/
  test       the whole suite: unit, integration and system tests (what CI runs)
  test-unit  the fast unit tests only (under a minute)
  test-sys   the system tests only (real jars, real Claude Code CLI against a stand-in API)
  run        build what is missing and start the stack (agent, scheduler, web view)
  stop       stop what `run` started (drained: SIGTERM, then SIGKILL after 40 s)
  bench      benchmarks under bench/ (figures go to bench/results/)
  check      formatting, static analysis (Error Prone) and unit tests
  format     rewrite sources with the project formatter
  setup      install the tools the tests need (pinned Claude Code CLI, Debian packages)
  clean      remove build output, dist/, bin/ and .run/
USAGE
}

log() { printf '==> %s\n' "$*" >&2; }

require_java() {
  if ! command -v java >/dev/null 2>&1; then
    echo "build.sh: Java 17 or newer is required (java not found on PATH)" >&2
    exit 1
  fi
}

apt_install() {
  # Installs Debian packages that are missing; needs root (CI and the dev machines run as root).
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

setup() {
  # bubblewrap: the Linux sandbox of agency-sandbox; its integration tests start it for real.
  # chromium: the dashboard's browser tests drive Debian's headless Chromium over the DevTools protocol.
  if [ "$(uname -s)" = "Linux" ]; then
    apt_install bubblewrap chromium
  fi
  "$ROOT/scripts/install-claude-cli.sh" >/dev/null
}

build() {
  require_java
  log "building fat jars"
  "${MVN[@]}" -q -DskipTests package
  mkdir -p "$DIST" "$BIN"
  local found=0 names=()
  for jar in "$ROOT"/agency-*/target/ag-*.jar; do
    [ -e "$jar" ] || continue
    local name
    name="$(basename "$jar" .jar)"
    cp "$jar" "$DIST/$name.jar"
    write_launcher "$name"
    names+=("$name")
    found=$((found + 1))
  done
  if [ -e "$BIN/ag-director-cli" ]; then
    # A copy, not a link: a link costs the launcher a readlink process on every start.
    rm -f "$BIN/ag"
    cp "$BIN/ag-director-cli" "$BIN/ag"
    cli_class_archive
    log "recording the services' class-data archives"
    for name in "${names[@]}"; do
      [ "$name" = ag-director-cli ] || service_class_archive "$name"
    done
  fi
  log "dist/ holds $found service jar(s); launchers are in bin/"
}

# Class data sharing for the command line: a training run (the common commands, in process, against a stand-in
# agent) lists the classes it loads, and scripts/dump-class-archive.sh writes them into a static archive,
# dist/ag-director-cli.jsa, which the launcher maps at start-up instead of reading, parsing and verifying those
# classes from the jar (bench/README.md, section cli, has the figures). A missing or stale archive is merely
# skipped by the launcher.
cli_class_archive() {
  local jar="$DIST/ag-director-cli.jar" archive="$DIST/ag-director-cli.jsa" log="$DIST/ag-director-cli.training.log"
  local list
  list="$(mktemp)"
  rm -f "$archive"
  # shellcheck disable=SC2046
  if ! java $(jvm_flags ag-director-cli) -XX:DumpLoadedClassList="$list" \
      -cp "$jar" uk.org.phobos.agency.cli.training.TrainingRun >"$log" 2>&1 \
      || ! "$ROOT/scripts/dump-class-archive.sh" "$list" "$jar" "$archive" "$log" $(jvm_flags ag-director-cli); then
    log "could not record the command line's class-data archive (see dist/ag-director-cli.training.log): bin/ag works, only slower to start"
  fi
  rm -f "$list"
}

# Class data sharing for a service: scripts/service-class-archive.sh starts it once, asks its /status and stops
# it; a service without an archive starts all the same, only slower.
service_class_archive() {
  local name="$1"
  # shellcheck disable=SC2046
  if ! "$ROOT/scripts/service-class-archive.sh" "$DIST/$name.jar" "$DIST/$name.jsa" "$DIST/ag-director-cli.jar" \
      $(jvm_flags "$name"); then
    log "could not record $name's class-data archive (see dist/$name.training.log): it works, only slower to start"
  fi
}

# JVM flags per binary, measured (bench/README.md): services run long and serve HTTPS, so they keep
# the C2 compiler; the command line runs for a moment, so C1 alone starts it faster, the serial collector
# sets up fastest, and no perf-data file is mapped (nobody attaches jstat to a 200 ms process).
jvm_flags() {
  local common="-XX:+UseSerialGC -Xss512k -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=1000 -Dorg.eclipse.jetty.util.referencesPerCacheLine=16"
  case "$1" in
    ag-director-cli) echo "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xss512k -Xshare:auto" ;;
    *) echo "$common -Xms16m -Xmx256m -XX:MaxMetaspaceSize=128m" ;;
  esac
}

# The flags that map a binary's class-data archive (a static one: it holds the JDK's classes too). The command
# line maps it at the address it was recorded for instead of relocating every pointer in it (25 ms and more of
# each start here); a service keeps the JDK's default, a random address, as address-space layout randomisation wants,
# since it pays that once and then serves the network for days.
archive_flags() {
  case "$1" in
    ag-director-cli) echo '-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:SharedArchiveFile="$archive" -Xlog:cds=off' ;;
    *) echo '-XX:SharedArchiveFile="$archive" -Xlog:cds=off' ;;
  esac
}

# Every launcher is POSIX sh, which starts in a fraction of bash's time (that counts for a command line). It
# maps the binary's class-data archive when there is one at least as new as the jar (the JVM would otherwise
# warn about a stale archive on every run).
write_launcher() {
  local name="$1"
  cat >"$BIN/$name" <<LAUNCHER
#!/bin/sh
# Launcher for $name (written by ./build.sh build). AGENCY_JVM_FLAGS replaces the JVM flags below,
# AGENCY_JAVA_OPTS adds to them.
set -eu
self=\$0
if [ -L "\$self" ]; then self=\$(readlink -f "\$self"); fi
case \$self in */*) dist=\${self%/*}/../dist ;; *) dist=../dist ;; esac
jar=\$dist/$name.jar
archive=\$dist/$name.jsa
if [ -f "\$archive" ] && [ "\$archive" -nt "\$jar" ]; then
  set -- $(archive_flags "$name") -jar "\$jar" "\$@"
else
  set -- -jar "\$jar" "\$@"
fi
# shellcheck disable=SC2086 # the flags are words
exec java \${AGENCY_JVM_FLAGS:-$(jvm_flags "$name")} \${AGENCY_JAVA_OPTS:-} "\$@"
LAUNCHER
  chmod +x "$BIN/$name"
}

# Arguments `run` gives each service: the scheduler submits through the web view's internal API
# and falls back to the first agent.
run_args() {
  case "$1" in
    ag-tool-scheduler) echo "--web-url https://127.0.0.1:8444 --agent-url https://127.0.0.1:9000" ;;
    *) echo "" ;;
  esac
}

run() {
  # The agent's sandbox: without bwrap it would run every task unsandboxed (--sandbox auto says so).
  if [ "$(uname -s)" = "Linux" ]; then
    apt_install bubblewrap
  fi
  build
  mkdir -p "$RUN_DIR"
  local started=0
  for name in "${RUN_SERVICES[@]}"; do
    if [ ! -x "$BIN/$name" ]; then
      log "$name is not built yet (its module has no service yet): skipped"
      continue
    fi
    if [ -f "$RUN_DIR/$name.pid" ] && kill -0 "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null; then
      log "$name is already running (pid $(cat "$RUN_DIR/$name.pid"))"
      continue
    fi
    if [ "$name" = "ag-view-web" ]; then
      web_password
    fi
    : >"$RUN_DIR/$name.out"
    # shellcheck disable=SC2046
    nohup "$BIN/$name" $(run_args "$name") >"$RUN_DIR/$name.out" 2>"$RUN_DIR/$name.log" </dev/null &
    echo $! >"$RUN_DIR/$name.pid"
    if wait_for_line "$RUN_DIR/$name.out" "listening on" 30; then
      grep -m1 "listening on" "$RUN_DIR/$name.out"
      grep -m1 "dashboard on" "$RUN_DIR/$name.out" || true
      started=$((started + 1))
    else
      echo "$name did not start within 30 s; its log is $RUN_DIR/$name.log" >&2
      tail -n 20 "$RUN_DIR/$name.log" >&2 || true
      exit 1
    fi
  done
  if [ "$started" -eq 0 ]; then
    log "no service was started"
  else
    log "started $started service(s); logs in .run/, stop them with ./build.sh stop"
  fi
}

# The dashboard password: AG_WEB_PASSWORD when set; otherwise one is generated on the first run, printed
# once, and only its Argon2id hash is kept (AGENCY_ROOT/web/password.argon2, 0600), so later runs work.
web_password() {
  if [ -n "${AG_WEB_PASSWORD:-}" ]; then
    return 0
  fi
  local generated
  generated="$("$BIN/ag-view-web" set-password --generate --if-missing)"
  if [ -n "$generated" ]; then
    log "dashboard password (shown only this once; its hash is in \$AGENCY_ROOT/web/): $generated"
  fi
}

wait_for_line() {
  local file="$1" pattern="$2" seconds="$3"
  local deadline=$((SECONDS + seconds))
  while [ $SECONDS -lt $deadline ]; do
    grep -q "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

stop() {
  [ -d "$RUN_DIR" ] || { log "nothing is running"; return 0; }
  for pidfile in "$RUN_DIR"/*.pid; do
    [ -e "$pidfile" ] || continue
    local name pid
    name="$(basename "$pidfile" .pid)"
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      log "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      local deadline=$((SECONDS + 40))
      while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
      if kill -0 "$pid" 2>/dev/null; then
        log "$name did not stop in 40 s: killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$pidfile"
  done
}

case "${1:-help}" in
  build) build ;;
  test)
    require_java
    setup
    "${MVN[@]}" verify
    ;;
  test-unit)
    require_java
    "${MVN[@]}" test
    ;;
  test-sys)
    require_java
    setup
    "${MVN[@]}" verify -pl agency-system-tests -am -DskipUnitTests=true
    ;;
  run) run ;;
  stop) stop ;;
  bench)
    require_java
    apt_install wrk hyperfine
    build
    "$ROOT/bench/run.sh" "${2:-all}"
    ;;
  check)
    require_java
    "${MVN[@]}" -Perrorprone spotless:check test
    ;;
  format)
    require_java
    "${MVN[@]}" -q spotless:apply
    ;;
  setup) setup ;;
  clean)
    "${MVN[@]}" -q clean
    rm -rf "$DIST" "$BIN" "$RUN_DIR"
    ;;
  help | -h | --help) usage ;;
  *)
    echo "build.sh: unknown target '$1'" >&2
    usage >&2
    exit 2
    ;;
esac
