#!/usr/bin/env bash
# Runs Agency's benchmarks; `./build.sh bench` calls this (after `./build.sh build`).
# Figures are printed and kept in bench/results/. Usage: bench/run.sh [discovery|parse|scheduler|agent|cli|all]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
cd "$ROOT"
what="${1:-all}"

./mvnw -B -ntp -q -Pbench -pl bench -am -DskipTests package
JAR="$HERE/target/agency-bench.jar"
mkdir -p "$HERE/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

run() { # name, java args...
  local name="$1"; shift
  local out="$HERE/results/$name-$stamp.txt"
  java "$@" | tee "$out"
  echo "figures saved to ${out#"$ROOT/"}"
}

if [[ "$what" == all || "$what" == discovery ]]; then
  run discovery -XX:+UseSerialGC -cp "$JAR" uk.org.phobos.agency.bench.DiscoveryScanBench
fi

if [[ "$what" == all || "$what" == parse ]]; then
  # A small heap on purpose: parsing must not keep what it has read.
  run parse -XX:+UseSerialGC -Xmx256m -cp "$JAR" uk.org.phobos.agency.bench.StreamParseBench
fi

if [[ "$what" == all || "$what" == cli ]]; then
  # Start-up of bin/ag (hyperfine): --version and status URL, and the variants that explain the figures.
  out="$HERE/results/cli-$stamp.txt"
  "$HERE/cli-startup.sh" | tee "$out"
  echo "figures saved to ${out#"$ROOT/"}"
fi

if [[ "$what" == all || "$what" == agent ]]; then
  # What the JVM itself takes for a task's process start and durable writes: the floor under AgentBench's figure.
  run task-floor -XX:+UseSerialGC -cp "$JAR" uk.org.phobos.agency.bench.TaskFloorBench 200
  handoff="$(mktemp)"
  out="$HERE/results/agent-$stamp.txt"
  java -XX:+UseSerialGC -Dagency.bench.keep=true -Dagency.bench.handoff="$handoff" \
    -cp "$JAR" uk.org.phobos.agency.bench.AgentBench "$ROOT/bin/ag-agent-claude" 200 | tee "$out"
  url="$(sed -n 1p "$handoff")"; pid="$(sed -n 3p "$handoff")"
  trap 'kill "$pid" 2>/dev/null || true; rm -f "$handoff"' EXIT
  if command -v wrk >/dev/null; then
    echo "GET /status over HTTPS keep-alive, wrk 2 threads 16 connections (10 s warm-up, then 20 s):" | tee -a "$out"
    wrk -t2 -c16 -d10s "$url/status" >/dev/null
    wrk -t2 -c16 -d20s "$url/status" | tee -a "$out"
    echo "  RSS after wrk: $(( $(grep VmRSS /proc/"$pid"/status | tr -dc 0-9) / 1024 )) MiB" | tee -a "$out"
  else
    echo "wrk is not installed (./build.sh bench installs it): skipped the /status throughput run" | tee -a "$out"
  fi
  echo "figures saved to ${out#"$ROOT/"}"
fi

if [[ "$what" == all || "$what" == scheduler ]]; then
  run scheduler -XX:+UseSerialGC -cp "$JAR" uk.org.phobos.agency.bench.SchedulerBench \
    "$ROOT/agency-tool-scheduler/target/ag-tool-scheduler.jar"
fi
