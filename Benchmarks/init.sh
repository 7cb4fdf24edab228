#!/usr/bin/env bash
# `loom init` on wide schemas: 50, 100 and 200 tables of 12 columns each (keys, a foreign key
# chain, CHECKs, jsonb and arrays), timed side by side in one run, wall clock of the whole
# command (connect, read the catalog, plan, write the spec). Prints a Markdown table; figures go
# into docs/BENCHMARKS.md.
#
#   Benchmarks/init.sh DATABASE_URL      (expects .build/release/loom; creates and drops schemas bench_init_N)
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: Benchmarks/init.sh DATABASE_URL}
loom=${LOOM:-.build/release/loom}
[ -x "$loom" ] || { echo "build first: swift build -c release --product loom" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

schema() {  # N: CREATE statements of N tables in schema bench_init_N
  local n=$1 s=bench_init_$1
  echo "DROP SCHEMA IF EXISTS $s CASCADE; CREATE SCHEMA $s;"
  for ((i = 0; i < n; i++)); do
    parent=$([ $i -gt 0 ] && echo ", parent_id integer NOT NULL REFERENCES $s.t$((i - 1))" || true)
    echo "CREATE TABLE $s.t$i (id integer PRIMARY KEY, code char(4) UNIQUE, price numeric(10,2) CHECK (price > 0),
      qty integer CHECK (qty BETWEEN 0 AND 50), status text CHECK (status IN ('a', 'b')), created_at timestamptz,
      updated_at timestamptz, note text, flag boolean, tags text[], payload jsonb$parent);"
  done
}

echo "## loom init by schema size, $(date -u +%Y-%m-%d), $(nproc) cores"
echo
echo "| tables | columns | seconds (best of 3) |"
echo "|---:|---:|---:|"
for n in 50 100 200; do
  schema $n | psql -q "$db" > /dev/null 2>&1
  best=$(python3 - "$loom" "$db" "bench_init_$n" "$work/spec.yaml" <<'PY'
import subprocess, sys, time
loom, db, schema, out = sys.argv[1:]
times = []
for _ in range(3):
    t = time.perf_counter()
    subprocess.run([loom, "init", "--database", db, "--schema", schema, "--rows", "100", "--out", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times.append(time.perf_counter() - t)
print(f"{min(times):.3f}")
PY
)
  echo "| $n | $((n * 12 - 1)) | $best |"
  psql -q "$db" -c "DROP SCHEMA bench_init_$n CASCADE" > /dev/null 2>&1
done
