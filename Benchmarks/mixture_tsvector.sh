#!/usr/bin/env bash
# What a `mixture` column costs next to one `normal` column, a mixture of text (store codes and
# a pattern for the rest) next to each of its parts, and a `tsvector` column (the lexemes of a
# sentence column) next to the sentence column alone: one table each, generated
# and encoded on core 0, no database. Prints one JSON line per table and format; figures go
# into docs/BENCHMARKS.md.
#
#   Benchmarks/mixture_tsvector.sh      (expects .build/release/loom; ROWS=5000000; TABLES="codes tail")
set -euo pipefail
cd "$(dirname "$0")/.."
loom=${LOOM:-.build/release/loom}
rows=${ROWS:-5000000}
[ -x "$loom" ] || { echo "build first: swift build -c release --product loom" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cat > "$work/bench.yaml" <<'YAML'
dataset: bench
tables:
  normal:
    rows: 1000
    columns:
      id: { type: bigint, gen: sequence }
      x:  { type: double precision, gen: { normal: { mean: 50, sd: 5 } } }
  mixture:
    rows: 1000
    columns:
      id: { type: bigint, gen: sequence }
      x:  { type: double precision, gen: { mixture: [ { weight: 0.6, normal: { mean: 50, sd: 5 } }, { weight: 0.3, lognormal: { mu: 5.3, sigma: 0.1 } }, { weight: 0.1, normal: { mean: 400, sd: 20 } } ] } }
  text:
    rows: 1000
    columns:
      id:   { type: bigint, gen: sequence }
      body: { type: text, gen: { sentence: [5, 30] } }
  tsvector:
    rows: 1000
    columns:
      id:   { type: bigint, gen: sequence }
      body: { type: text, gen: { sentence: [5, 30] } }
      tsv:  { type: tsvector, gen: { tsvector: body } }
  codes:
    rows: 1000
    columns:
      id:   { type: bigint, gen: sequence }
      code: { type: text, gen: { choice: { "STORE-1": 3, "STORE-2": 1, "STORE-3": 1, "STORE-4": 2 } } }
  tail:
    rows: 1000
    columns:
      id:   { type: bigint, gen: sequence }
      code: { type: text, gen: { pattern: "X[0-9A-F]{8}" } }
  codes_and_tail:
    rows: 1000
    columns:
      id:   { type: bigint, gen: sequence }
      code: { type: text, gen: { mixture: [ { weight: 7, choice: { "STORE-1": 3, "STORE-2": 1, "STORE-3": 1, "STORE-4": 2 } }, { weight: 3, pattern: "X[0-9A-F]{8}" } ] } }
YAML
for table in ${TABLES:-normal mixture text tsvector codes tail codes_and_tail}; do
  for format in copy copy-binary; do
    taskset -c 0 "$loom" bench "$work/bench.yaml" --table "$table" --rows "$rows" --format "$format" --json
  done
done
