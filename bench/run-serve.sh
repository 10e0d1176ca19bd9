#!/usr/bin/env bash
# Load benchmark of `mre4j serve`: wrk on loopback against POST /v1/extract at rising concurrency, with one text and
# with 32 texts per request. Reports requests/s, texts/s, p50 and p99 latency, the status mix and the documents per
# engine call (dynamic batching), read from the server's /metrics. Writes work/serve-bench/results.md.
# Usage: bench/run-serve.sh [MODEL]   (default work/atis.mre, trained on ../shared/data/atis first if missing)
# DURATION=seconds per run (default 20), CONNECTIONS="1 4 16 32 64", BATCHES="1 32", PORT (default 18080),
# WARMUP=seconds of each of the two warm-up runs (default 30: one text, then 32 texts per request);
# SERVE_OPTS are passed to `mre4j serve` (for example "--workers 2 --queue 64").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
model="${1:-work/atis.mre}"
duration="${DURATION:-20}"
connections="${CONNECTIONS:-1 4 16 32 64}"
batches="${BATCHES:-1 32}"
port="${PORT:-18080}"
out="$root/work/serve-bench"
mkdir -p "$out"

if ! command -v wrk > /dev/null; then
  echo "run-serve: installing Debian's wrk" >&2
  sudo=""; if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get install -y -q wrk > /dev/null || { $sudo apt-get update -q && $sudo apt-get install -y -q wrk > /dev/null; }
fi
if [ ! -f "$model" ]; then
  data="$root/../shared/data"
  echo "run-serve: training $model on $data/atis (about 4 minutes)" >&2
  ./mre4j train --train "$data/atis/train" --dev "$data/atis/valid" --out "$model" >&2
fi

# The server runs from a copy of the command, so that a rebuild of cli/target during the run cannot disturb it.
./mre4j --version > /dev/null
rm -rf "$out/app"
mkdir -p "$out/app"
cp -r cli/target/mre4j.jar cli/target/lib "$out/app/"
source "$root/bench/java-env.sh"
java ${MRE4J_JAVA_OPTS:-} -jar "$out/app/mre4j.jar" serve --model "$model" --port "$port" ${SERVE_OPTS:-} \
  > "$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 600); do
  if curl -sf "$base/readyz" > /dev/null 2>&1; then break; fi
  if ! kill -0 "$server" 2> /dev/null; then cat "$out/server.log" >&2; exit 1; fi
  sleep 1
done
curl -sf "$base/readyz" > /dev/null || { echo "run-serve: the server never became ready" >&2; exit 1; }
echo "run-serve: $(head -1 "$out/server.log")" >&2

metric() { curl -sf "$base/metrics" | awk -v name="$1" '$1 == name {print $2}'; }

# Warm-up, not measured: the JIT and PyTorch's first calls. 5 s at 4 connections was too short: the first measured
# rows then ran up to twice as slow as their repeats (the JIT kept compiling the batched paths).
wrk -t1 -c32 -d"${WARMUP:-30}s" -s bench/serve.lua "$base" -- 1 > /dev/null
wrk -t1 -c8 -d"${WARMUP:-30}s" -s bench/serve.lua "$base" -- 32 > /dev/null

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
results="$out/results.md"
{
  echo "| texts per request | connections | requests/s | texts/s | p50 ms | p99 ms | statuses | socket errors | texts per engine call |"
  echo "|---:|---:|---:|---:|---:|---:|---|---:|---:|"
} > "$results"
for batch in $batches; do
  for c in $connections; do
    docs_before=$(metric mre4j_documents_processed_total)
    calls_before=$(metric mre4j_engine_calls_total)
    line=$(wrk -t1 -c"$c" -d"${duration}s" --timeout 10s -s bench/serve.lua "$base" -- "$batch" | grep '^RESULT ')
    docs=$(( $(metric mre4j_documents_processed_total) - docs_before ))
    calls=$(( $(metric mre4j_engine_calls_total) - calls_before ))
    echo "${line#RESULT }" > "$out/wrk-b$batch-c$c.json"
    python3 - "$batch" "$c" "$docs" "$calls" "${line#RESULT }" >> "$results" <<'PY'
import json, sys
batch, c, docs, calls = (int(x) for x in sys.argv[1:5])
r = json.loads(sys.argv[5])
rate = r["requests"] / r["seconds"]
mix = ", ".join(f"{s}: {n:,}" for s, n in sorted(r["statuses"].items()))
per_call = f"{docs / calls:.1f}" if calls else "-"
print(f"| {batch} | {c} | {rate:,.0f} | {rate * batch:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {mix} | "
      f"{r['socket_errors']} | {per_call} |")
PY
    tail -1 "$results" >&2
  done
done
echo "rejected on purpose (503): $(curl -sf "$base/metrics" | grep '^mre4j_rejected_requests_total' | tr '\n' ' ')" \
  >> "$out/server.log"
echo
echo "bench/run-serve.sh $model, $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD), $(nproc) cores," \
  "load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
echo
cat "$results"
