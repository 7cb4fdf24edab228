#!/usr/bin/env bash
# Schema fidelity of `loom profile` on the public sample databases (chinook, northwind): each is
# loaded into its own database, profiled (default k = 10, no copula), loaded back into schema
# `syn`, and compared by `loom report --real public --synthetic syn`. Prints Markdown tables of
# rows per table and children per parent per relationship for docs/BENCHMARKS.md.
#
#   Benchmarks/schema.sh "postgres://USER@HOST:PORT/postgres" [DATASETS_DIR]
#
# Databases bench_chinook and bench_northwind on that server are replaced.
set -euo pipefail
cd "$(dirname "$0")/.."
server=${1:?usage: Benchmarks/schema.sh DATABASE_URL [DATASETS_DIR]}
datasets=${2:-../shared/datasets}
loom=${LOOM:-.build/debug/loom}
[ -x "$loom" ] || { echo "build first: swift build --product loom" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
url() { python3 -c "import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(p._replace(path='/' + sys.argv[2]).geturl())" "$server" "$1"; }

echo "## Sample databases profiled and loaded back, $(date -u +%Y-%m-%d)"
for name in chinook northwind; do
  db=$(url "bench_$name")
  psql -q "$server" -c "DROP DATABASE IF EXISTS bench_$name" -c "CREATE DATABASE bench_$name"
  sed '1,/^\\c chinook;/{/^\\c chinook;/!d;d}' "$datasets/$name.sql" > "$work/$name.sql"
  [ "$name" = northwind ] && cp "$datasets/$name.sql" "$work/$name.sql"
  psql -q "$db" -f "$work/$name.sql" > /dev/null
  "$loom" profile --database "$db" --schema public --no-correlations --out "$work/$name.yaml" > /dev/null
  psql -q "$db" -c "CREATE SCHEMA syn"
  "$loom" load "$work/$name.yaml" --database "$db" --schema syn > /dev/null
  "$loom" report --database "$db" --real public --synthetic syn --json > "$work/$name.json"
  python3 - "$name" "$work/$name.json" <<'PY'
import json, sys
name, r = sys.argv[1], json.load(open(sys.argv[2]))
print(f"\n### {name}\n\n| table | source rows | Loom rows | ratio |\n|---|---:|---:|---:|")
for t in r["tables"]:
    ratio = t["synthetic"] / t["real"] if t["real"] else float("nan")
    print(f"| {t['table']} | {t['real']} | {t['synthetic']} | {ratio:.3f} |")
print("\n| relationship | parents | mean (source / Loom) | KS | top 10% share (source / Loom) |\n|---|---:|---:|---:|---:|")
for f in r["relationships"]:
    parents = sum(b["parents"] for b in f["real"])
    print(f"| {f['child']}.{f['column']} → {f['parent']} | {parents} | {f['realMean']:.3f} / {f['syntheticMean']:.3f} | {f['ks']:.3f} | {f['realTopShare']:.3f} / {f['syntheticTopShare']:.3f} |")
PY
done
