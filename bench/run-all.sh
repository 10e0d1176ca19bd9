#!/usr/bin/env bash
# The comparison table of the joint-model issue: mre4j and its peers (Apache OpenNLP, Stanford CoreNLP, fastText),
# trained and measured one after another in this run on the same splits of ../shared/data. Each (data, system) pair
# runs in its own JVM, so peak memory is that pair's own. Every system trains and predicts on one thread. Writes work/bench/results.jsonl and prints a Markdown table.
# Usage: bench/run-all.sh [DATASET ...] [-- SYSTEM ...]   (defaults: atis snips cais chabsa semeval14; every system)
# RESULTS=FILE writes the JSON lines there instead (the file is emptied first).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/../shared/data"
if [ ! -d "$data" ]; then
  echo "run-all: $data is missing; the benchmark needs the shared datasets" >&2
  exit 2
fi
source "$root/bench/datasets.sh"
datasets=()
systems=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do datasets+=("$1"); shift; done
if [ $# -gt 0 ]; then shift; systems=("$@"); fi
[ ${#datasets[@]} -gt 0 ] || datasets=(atis snips cais chabsa semeval14)
[ ${#systems[@]} -gt 0 ] || systems=(mre4j opennlp corenlp fasttext)
if [[ " ${systems[*]} " == *" fasttext "* ]] && ! command -v fasttext > /dev/null; then
  echo "run-all: installing Debian's fasttext" >&2
  apt-get install -y -q fasttext > /dev/null
fi
(cd "$root" && mvn -q -B -ntp -DskipTests install -pl bench -am) 1>&2
source "$root/bench/java-env.sh"
out="$root/work/bench"
mkdir -p "$out"
results="${RESULTS:-$out/results.jsonl}"
: > "$results"
"$root/bench/split-chabsa.sh" "$data/chabsa-dev" "$root/work/chabsa-split" > /dev/null
# Run from a copy of the jars, so that rebuilding the project meanwhile cannot disturb a long run.
copy="$root/work/run/bench-$$"
mkdir -p "$copy"
cp -r "$root/bench/target/lib" "$root/bench/target/mre4j-bench-0.1.0-SNAPSHOT.jar" "$copy/"
trap 'rm -rf "$copy"' EXIT
cp="$copy/mre4j-bench-0.1.0-SNAPSHOT.jar:$copy/lib/*"
for name in "${datasets[@]}"; do
  dataset_splits "$name" || exit 2
  for system in "${systems[@]}"; do
    echo "run-all: $name / $system" >&2
    opts=()
    [ "$system" != mre4j ] || opts=($MRE4J_JAVA_OPTS)   # mre4j's heap cap (java-env.sh); peers keep the default
    java "${opts[@]}" -cp "$cp" io.mre4j.bench.PipelineBenchmark "$system" "$name" "$TRAIN" "$DEV" "$TEST" "$results" \
      > "$out/$name-$system.log" 2>&1 || echo "run-all: $name / $system failed, see $out/$name-$system.log" >&2
  done
done
java -cp "$cp" io.mre4j.bench.ResultsTable "$results"
