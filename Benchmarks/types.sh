#!/usr/bin/env bash
# What jsonb and array columns cost next to a text column of about the same size: one table
# per column kind (an id and the column), generated and encoded side by side in one run on one
# core, no database. The cost that matters is per byte written (rows of the same size), so the
# ratio is text MB/s over the kind's MB/s. Prints a Markdown table; figures go into
# docs/BENCHMARKS.md.
#
#   Benchmarks/types.sh      (expects .build/release/loom)
set -euo pipefail
cd "$(dirname "$0")/.."
loom=${LOOM:-.build/release/loom}
rows=${ROWS:-1000000}
[ -x "$loom" ] || { echo "build first: swift build -c release --product loom" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cat > "$work/types.yaml" <<'YAML'
dataset: types
tables:
  text_column:
    rows: 1000
    columns:
      id: { type: bigint, gen: sequence }
      v: { type: text, gen: { words: [6, 10] } }
  jsonb_column:
    rows: 1000
    columns:
      id: { type: bigint, gen: sequence }
      v: { type: jsonb, gen: { json: { plan: { choice: [free, pro, team] }, seats: { uniform: { min: 1, max: 500 } }, trial: { gen: { bernoulli: 0.2 }, optional: 0.3 }, city: { dict: cities } } } }
  integer_array:
    rows: 1000
    columns:
      id: { type: bigint, gen: sequence }
      v: { type: "integer[]", gen: { array: { of: { uniform: { min: 1, max: 99999 } }, length: { uniform: { min: 4, max: 12 } } } } }
  text_array:
    rows: 1000
    columns:
      id: { type: bigint, gen: sequence }
      v: { type: "text[]", gen: { array: { of: { words: 1 }, length: { uniform: { min: 3, max: 8 } } } } }
YAML

report='
import json, sys
rows = [json.loads(l) for l in sys.stdin if l.startswith("{")]
text = next(r for r in rows if r["table"] == "text_column")
for r in rows:
    ratio = text["mb_per_sec"] / r["mb_per_sec"]
    print("| %s | %.1f | %s | %.1f | %.2fx |" % (r["table"], r["bytes"] / r["rows"], format(round(r["rows_per_sec"]), ","), r["mb_per_sec"], ratio))
'
echo "## jsonb and arrays next to text, $(date -u +%Y-%m-%d), $(nproc) cores, $rows rows per table"
echo
for fmt in copy-binary copy; do
  echo "| $fmt | bytes/row | rows/s | MB/s | cost per byte vs text |"
  echo "|---|---:|---:|---:|---:|"
  taskset -c 0 "$loom" bench "$work/types.yaml" --rows "$rows" --format $fmt --json | python3 -c "$report"
  echo
done
