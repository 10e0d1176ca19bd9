#!/usr/bin/env bash
# Trains one joint model and prints test scores and timing. Usage: bench/run-train.sh TRAIN DEV|- TEST [key=value ...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -q -B -ntp -DskipTests install -pl bench -am) 1>&2
source "$root/bench/java-env.sh"
exec java $MRE4J_JAVA_OPTS -cp "$root/bench/target/mre4j-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*" \
  io.mre4j.bench.TrainBenchmark "$@"
