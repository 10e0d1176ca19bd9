#!/usr/bin/env bash
# The few-shot comparison (mre4j fewshot: label-name baseline, MRE verbalizer and type templates, k examples per
# label, several seeds) on SNIPS, ATIS, CAIS and SemEval-14. Reports go to work/fewshot/<data>/, logs to
# work/fewshot-<data>.log; the summary lines are printed at the end. The command line runs from a copy of its jar, so
# that editing and rebuilding the project meanwhile cannot disturb a long run.
# Usage: bench/run-fewshot.sh [DATASET ...]   (default: snips atis cais semeval14)
# Environment: K (default 1,5,10,20), SEEDS (default 5), THREADS (ONNX Runtime threads, default 1).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/../shared/data"
[ -d "$data" ] || { echo "run-fewshot: $data is missing" >&2; exit 2; }
source "$root/bench/datasets.sh"
datasets=("$@")
[ ${#datasets[@]} -gt 0 ] || datasets=(snips atis cais semeval14)
(cd "$root" && mvn -q -B -ntp -DskipTests package) 1>&2
copy="$root/work/run/fewshot-$$"
mkdir -p "$copy"
cp -r "$root/cli/target/mre4j.jar" "$root/cli/target/lib" "$copy/"
trap 'rm -rf "$copy"' EXIT
for name in "${datasets[@]}"; do
  dataset_splits "$name" || exit 2
  echo "run-fewshot: $name" >&2
  # Few-shot learns from the training split only; the dev split is not used.
  java -jar "$copy/mre4j.jar" fewshot --train "$TRAIN" --test "$TEST" --k "${K:-1,5,10,20}" --seeds "${SEEDS:-5}" \
    --threads "${THREADS:-1}" --out "$root/work/fewshot/$name" > "$root/work/fewshot-$name.log" 2>&1 \
    || echo "run-fewshot: $name failed, see work/fewshot-$name.log" >&2
done
for name in "${datasets[@]}"; do
  echo "== $name"
  grep -E '^\*\*' "$root/work/fewshot/$name/report.md" || true
done
