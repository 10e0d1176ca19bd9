#!/usr/bin/env bash
# Inference speed of a model bundle: prints "| data | documents | batch docs/s | batch CPU ms/doc | single p50 ms |
# single p99 ms | single docs/s |".
# Usage: bench/run-infer.sh MODEL DATA [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -q -B -ntp -DskipTests install -pl bench -am) 1>&2
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$root/work/djl}"
# One MKL/OpenMP thread: with MKL choosing its own, simultaneous trainings drifted apart in their last bits (docs/model.md).
export MKL_NUM_THREADS="${MKL_NUM_THREADS:-1}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
exec java -cp "$root/bench/target/mre4j-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*" \
  io.mre4j.bench.InferenceBenchmark "$@"
