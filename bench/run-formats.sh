#!/usr/bin/env bash
# Times reading and converting every shared dataset with a warm JVM; prints a Markdown table.
# Usage: bench/run-formats.sh [SHARED_DATA_DIR] [WARMUP] [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$root/../shared/data}"
(cd "$root" && mvn -q -B -ntp -DskipTests package -pl bench -am) 1>&2
exec java -cp "$root/bench/target/mre4j-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*" \
  io.mre4j.bench.FormatBenchmark "$data" "${2:-5}" "${3:-10}"
