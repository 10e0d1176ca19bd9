#!/usr/bin/env bash
# The few-shot comparison (mre4j fewshot: label-name baseline, MRE verbalizer and type templates, k examples per
# label, several seeds) on SNIPS, ATIS, CAIS and SemEval-14. Reports go to work/fewshot/<data>/, logs to
# work/fewshot-<data>.log; the summary lines are printed at the end. The command line runs from a copy of its jar, so
# that editing and rebuilding the project meanwhile cannot disturb a long run.
# Usage: bench/run-fewshot.sh [DATASET ...]   (default: snips atis cais semeval14)
# Environment: K (default 1,5,10,20), SEEDS (default 5), THREADS (ONNX Runtime threads, default 1), W (the verbalizer
# weight, default: the command's), SPLIT=dev (score on the dev split instead of test, into
# work/fewshot-dev/<data>[-w<W>]/; datasets without a dev split are skipped): how the design was chosen.
# JOINT=1 also trains a joint model per k and seed (fewshot --joint; minutes per dataset instead of seconds).
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
source "$root/bench/java-env.sh"
out="$root/work/fewshot"; suffix=""; extra=()
[ "${SPLIT:-test}" = dev ] && out="$root/work/fewshot-dev"
[ -n "${W:-}" ] && { suffix="-w$W"; extra=(--verbalizer-weight "$W"); }
[ "${JOINT:-0}" = 1 ] && extra+=(--joint)
done_names=()
for name in "${datasets[@]}"; do
  dataset_splits "$name" || exit 2
  scored="$TEST"
  if [ "${SPLIT:-test}" = dev ]; then
    [ "$DEV" = - ] && { echo "run-fewshot: $name has no dev split, skipped" >&2; continue; }
    scored="$DEV"
  fi
  echo "run-fewshot: $name$suffix" >&2
  # Few-shot learns from the training split only; the other split is only scored.
  java -jar "$copy/mre4j.jar" fewshot --train "$TRAIN" --test "$scored" --k "${K:-1,5,10,20}" --seeds "${SEEDS:-5}" \
    --threads "${THREADS:-1}" "${extra[@]}" --out "$out/$name$suffix" > "$out-$name$suffix.log" 2>&1 \
    || echo "run-fewshot: $name failed, see $out-$name$suffix.log" >&2
  done_names+=("$name$suffix")
done
for name in "${done_names[@]}"; do
  echo "== $name"
  grep -E '^\*\*' "$out/$name/report.md" || true
done
