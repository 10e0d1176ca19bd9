#!/usr/bin/env bash
# Inference speed of a model bundle: prints "| data | documents | batch docs/s | batch CPU ms/doc | single p50 ms |
# single p99 ms | single docs/s |".
# Usage: bench/run-infer.sh MODEL DATA [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -q -B -ntp -DskipTests install -pl bench -am) 1>&2
source "$root/bench/java-env.sh"
exec java $MRE4J_JAVA_OPTS -cp "$root/bench/target/mre4j-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*" \
  io.mre4j.bench.InferenceBenchmark "$@"
