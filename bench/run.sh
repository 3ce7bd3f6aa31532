#!/usr/bin/env bash
# Runs Agency's benchmarks; `./build.sh bench` calls this. Figures are printed and kept in bench/results/.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
cd "$ROOT"
./mvnw -B -ntp -q -Pbench -pl bench -am -DskipTests package
mkdir -p "$HERE/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$HERE/results/discovery-$stamp.txt"
java -XX:+UseSerialGC -cp "$HERE/target/agency-bench.jar" uk.org.phobos.agency.bench.DiscoveryScanBench "$@" | tee "$out"
echo "figures saved to ${out#"$ROOT/"}"
out="$HERE/results/scheduler-$stamp.txt"
java -XX:+UseSerialGC -cp "$HERE/target/agency-bench.jar" uk.org.phobos.agency.bench.SchedulerBench \
  "$ROOT/agency-tool-scheduler/target/ag-tool-scheduler.jar" | tee "$out"
echo "figures saved to ${out#"$ROOT/"}"
