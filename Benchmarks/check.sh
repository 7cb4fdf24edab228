#!/usr/bin/env bash
# How `loom check` scales with the size of a spec: wide tables (generators, expressions,
# conditions, references), long expression chains and deep table trees at 5k, 10k and 20k,
# timed side by side in one run. Linear checking shows a ratio near 2 between each size and
# the one before. Prints a Markdown table; figures go into docs/BENCHMARKS.md.
#
#   Benchmarks/check.sh      (expects .build/release/loom)
set -euo pipefail
cd "$(dirname "$0")/.."
loom=${LOOM:-.build/release/loom}
[ -x "$loom" ] || { echo "build first: swift build -c release --product loom" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

echo "## loom check by spec size, $(date -u +%Y-%m-%d), $(nproc) cores"
echo
echo "| shape | size | seconds | ratio to the size before |"
echo "|---|---:|---:|---:|"
for shape in wide chain tables; do
  prev=
  for n in 5000 10000 20000; do
    python3 Benchmarks/python/large_spec.py "$shape" "$n" > "$work/$shape-$n.yaml"
    s=$(python3 - "$loom" "$work/$shape-$n.yaml" <<'PY'
import subprocess, sys, time
t = time.perf_counter()
subprocess.run([sys.argv[1], "check", sys.argv[2]], stdout=subprocess.DEVNULL, check=True)
print(f"{time.perf_counter() - t:.3f}")
PY
)
    ratio=$([ -n "$prev" ] && python3 -c "print(f'{$s / $prev:.2f}')" || echo "")
    echo "| $shape | $n | $s | $ratio |"
    prev=$s
  done
done
