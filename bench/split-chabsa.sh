#!/usr/bin/env bash
# Our fixed split of chabsa-dev by company file (never by sentence): files sorted by name; every 5th file (the 5th,
# 10th, ...) is test, every 5th file starting from the 4th is dev, the rest train. Makes folders of symbolic links,
# so nothing is copied. Usage: bench/split-chabsa.sh [CHABSA_DIR] [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$(cd "${1:-$root/../shared/data/chabsa-dev}" && pwd)"
out="${2:-$root/work/chabsa-split}"
rm -rf "$out"
mkdir -p "$out/train" "$out/dev" "$out/test"
i=0
for f in $(ls "$src" | grep '_ann\.json$' | sort); do
  i=$((i + 1))
  if [ $((i % 5)) -eq 0 ]; then part=test; elif [ $((i % 5)) -eq 4 ]; then part=dev; else part=train; fi
  ln -s "$src/$f" "$out/$part/$f"
done
for part in train dev test; do echo "$part: $(ls "$out/$part" | wc -l) files"; done
