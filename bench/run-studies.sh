#!/usr/bin/env bash
# The MRE study (mre4j study: joint against text-only and word-only models, over several seeds) on ATIS, SNIPS, CAIS
# and our chABSA split. Reports go to work/study/<data>/; the verdict lines are printed at the end. The command line
# runs from a copy of its jar, so that editing and rebuilding the project meanwhile cannot disturb a long run.
# Usage: bench/run-studies.sh [SEEDS] [DATASET ...]   (defaults: 3; atis cais chabsa snips)
# ENGINE=gen runs the SLG ablation instead (mre4j study --engine gen: one generator per seed, decoded free, with the
# first-token constraint and under the full grammar), into work/study/<data>-gen/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/../shared/data"
[ -d "$data" ] || { echo "run-studies: $data is missing" >&2; exit 2; }
source "$root/bench/datasets.sh"
seeds="${1:-3}"
engine="${ENGINE:-joint}"
suffix=""; summary='^\*\*'   # the joint report's verdict line; the ablation's table rows otherwise
[ "$engine" = joint ] || { suffix="-$engine"; summary='^\| '; }
shift || true
datasets=("$@")
[ ${#datasets[@]} -gt 0 ] || datasets=(atis cais chabsa snips)
(cd "$root" && mvn -q -B -ntp -DskipTests package) 1>&2
copy="$root/work/run/study-$$"
mkdir -p "$copy"
cp -r "$root/cli/target/mre4j.jar" "$root/cli/target/lib" "$copy/"
trap 'rm -rf "$copy"' EXIT
jar="$copy/mre4j.jar"
source "$root/bench/java-env.sh"
"$root/bench/split-chabsa.sh" "$data/chabsa-dev" "$root/work/chabsa-split" > /dev/null
for name in "${datasets[@]}"; do
  dataset_splits "$name" || exit 2
  splits=(--train "$TRAIN" --test "$TEST")
  [ "$DEV" = - ] || splits+=(--dev "$DEV")
  echo "run-studies: $name$suffix, $seeds seed(s)" >&2
  java $MRE4J_JAVA_OPTS -jar "$jar" study --engine "$engine" "${splits[@]}" --seeds "$seeds" --out "$root/work/study/$name$suffix" \
    > "$root/work/study-$name$suffix.log" 2>&1 || echo "run-studies: $name failed, see work/study-$name$suffix.log" >&2
done
for name in "${datasets[@]}"; do
  echo "== $name$suffix"
  grep -E "$summary" "$root/work/study/$name$suffix/report.md" || true
done
