#!/usr/bin/env bash
# Multi-table fidelity on the public sample databases (chinook, northwind): each is loaded into its
# own database (schema public, as Benchmarks/schema.sh does), profiled by `loom profile` (the
# default: copula and conditional model) and loaded into schema `syn`, and profiled with
# --no-correlations --no-conditionals (independent marginals) and loaded into schema `base`, and
# with --min-count 1 (no k-threshold, as HMA has none) and loaded into schema `k1`.
# Benchmarks/python/multitable_quality.py builds SDV metadata from the catalog, fits SDV's
# HMASynthesizer to the real tables (scale 1, seeded) and scores all three with SDMetrics'
# multi-table QualityReport (overall, column shapes, column pair trends, cardinality, intertable
# trends) and per table with the single-table QualityReport. Prints Markdown for
# docs/BENCHMARKS.md.
#
#   Benchmarks/multitable.sh "postgres://USER@HOST:PORT/postgres" [PYTHON] [DATASETS_DIR]
#
# Databases bench_chinook and bench_northwind on that server are replaced. PYTHON needs pandas,
# sdmetrics and sdv (Benchmarks/python/requirements.txt, SDV as its comments say). HMA_SKIP=1
# scores Loom and the baseline only; HMA_TWICE=1 fits and samples HMA a second time and says
# whether its rows were the same.
set -euo pipefail
cd "$(dirname "$0")/.."
server=${1:?usage: Benchmarks/multitable.sh DATABASE_URL [PYTHON] [DATASETS_DIR]}
py=${2:-python3}
datasets=${3:-../shared/datasets}
loom=${LOOM:-.build/debug/loom}
[ -x "$loom" ] || { echo "build first: swift build --product loom" >&2; exit 2; }
"$py" -c "import pandas, sdmetrics, sdv" 2>/dev/null ||
  { echo "needs: $py -m pip install -r Benchmarks/python/requirements.txt && $py -m pip install --no-deps sdv==2.0.0 rdt==2.0.0" >&2; exit 2; }
export PYTHONWARNINGS=ignore
# HMA is seeded and samples the same rows twice in one process, but its fit iterates over sets of
# strings: without a fixed hash seed its figures move from run to run (northwind: 0.58-0.61).
export PYTHONHASHSEED=${PYTHONHASHSEED:-0}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
chmod 755 "$work"  # psql's \copy writes as this user; kept readable for a server on this host
url() { python3 -c "import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(p._replace(path='/' + sys.argv[2]).geturl())" "$server" "$1"; }

echo "## Multi-table quality: the sample databases, loom profile vs SDV HMA, $(date -u +%Y-%m-%d)"
echo
echo "SDMetrics $("$py" -c 'import sdmetrics; print(sdmetrics.__version__)') multi-table QualityReport, SDV $("$py" -c 'import sdv; print(sdv.__version__)') HMASynthesizer."
for name in chinook northwind; do
  db=$(url "bench_$name")
  psql -q "$server" -c "DROP DATABASE IF EXISTS bench_$name" -c "CREATE DATABASE bench_$name"
  sed '1,/^\\c chinook;/{/^\\c chinook;/!d;d}' "$datasets/$name.sql" > "$work/$name.sql"
  [ "$name" = northwind ] && cp "$datasets/$name.sql" "$work/$name.sql"
  psql -q "$db" -f "$work/$name.sql" > /dev/null
  "$loom" profile --database "$db" --schema public --out "$work/$name.yaml" > /dev/null
  "$loom" profile --database "$db" --schema public --no-correlations --no-conditionals \
    --out "$work/$name.base.yaml" > /dev/null
  "$loom" profile --database "$db" --schema public --min-count 1 --out "$work/$name.k1.yaml" > /dev/null
  psql -q "$db" -c "CREATE SCHEMA syn" -c "CREATE SCHEMA base" -c "CREATE SCHEMA k1"
  "$loom" load "$work/$name.yaml" --database "$db" --schema syn --quiet > /dev/null
  "$loom" load "$work/$name.base.yaml" --database "$db" --schema base --quiet > /dev/null
  "$loom" load "$work/$name.k1.yaml" --database "$db" --schema k1 --quiet > /dev/null
  "$py" Benchmarks/python/multitable_quality.py "$db" "$name" "$work" 1 2> "$work/$name.err" ||
    { cat "$work/$name.err" >&2; exit 1; }
done
