#!/usr/bin/env bash
# Fidelity side by side, one run: `loom profile` (with and without the copula) against a
# Gaussian copula fitted by the Python `copulas` package, all scored by `loom report` on the
# datasets in Tests/LoomIntegrationTests/ProfileData (wine from scikit-learn, fair from statsmodels).
# Prints a Markdown table for docs/BENCHMARKS.md.
#
#   Benchmarks/fidelity.sh "postgres://USER@127.0.0.1:PORT/DB" [PYTHON]
#
# The database must accept psql; schemas fid_src, fid_loom, fid_base and fid_cop are replaced.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: Benchmarks/fidelity.sh DATABASE_URL [PYTHON]}
py=${2:-python3}
loom=${LOOM:-.build/debug/loom}
data=Tests/LoomIntegrationTests/ProfileData
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x "$loom" ] || { echo "build first: swift build --product loom" >&2; exit 2; }
"$py" -c "import copulas, pandas" 2>/dev/null || { echo "needs: $py -m pip install -r Benchmarks/python/requirements.txt" >&2; exit 2; }

# The wine CSV's first line is a count header, not column names.
{ echo "alcohol,malic_acid,ash,alcalinity,magnesium,total_phenols,flavanoids,nonflavanoid,proanthocyanins,color,hue,od280,proline,class"
  tail -n +2 "$data/wine_data.csv"; } > "$work/wine.csv"
cp "$data/fair.csv" "$work/fair.csv"

psql -q "$db" <<SQL
DROP SCHEMA IF EXISTS fid_src CASCADE; DROP SCHEMA IF EXISTS fid_loom CASCADE;
DROP SCHEMA IF EXISTS fid_base CASCADE; DROP SCHEMA IF EXISTS fid_cop CASCADE;
CREATE SCHEMA fid_src; CREATE SCHEMA fid_cop;
CREATE TABLE fid_src.wine (alcohol float8, malic_acid float8, ash float8, alcalinity float8, magnesium int,
  total_phenols float8, flavanoids float8, nonflavanoid float8, proanthocyanins float8, color float8, hue float8,
  od280 float8, proline int, class int);
CREATE TABLE fid_src.fair (rate_marriage int, age float8, yrs_married float8, children float8, religious int,
  educ int, occupation int, occupation_husb int, affairs float8);
CREATE TABLE fid_cop.wine (LIKE fid_src.wine); CREATE TABLE fid_cop.fair (LIKE fid_src.fair);
\copy fid_src.wine FROM '$work/wine.csv' CSV HEADER
\copy fid_src.fair FROM '$work/fair.csv' CSV HEADER
SQL

"$loom" profile --database "$db" --schema fid_src --out "$work/loom.yaml" > "$work/profile.txt"
"$loom" profile --database "$db" --schema fid_src --no-correlations --out "$work/base.yaml" > /dev/null
"$loom" load "$work/loom.yaml" --database "$db" --schema fid_loom --replace --quiet > /dev/null
"$loom" load "$work/base.yaml" --database "$db" --schema fid_base --replace --quiet > /dev/null
"$py" Benchmarks/python/copula_sample.py "$work/wine.csv" "$work/wine_cop.csv" 1 magnesium proline class
"$py" Benchmarks/python/copula_sample.py "$work/fair.csv" "$work/fair_cop.csv" 1 rate_marriage religious educ occupation occupation_husb
psql -q "$db" -c "\copy fid_cop.wine FROM '$work/wine_cop.csv' CSV HEADER" -c "\copy fid_cop.fair FROM '$work/fair_cop.csv' CSV HEADER"

field() { "$py" -c "import json,sys; d=json.load(sys.stdin); v=d.get('$1'); print('-' if v is None else ('%.3f' % v))"; }
copula_note=$(grep -q "^    correlate:" "$work/loom.yaml" && echo "with correlate:" || echo "without correlate: (not in this spec language yet)")
echo "## Fidelity: loom profile vs independent marginals vs copulas.GaussianMultivariate, $(date -u +%Y-%m-%d)"
echo
echo "Loom spec $copula_note. Scores by \`loom report\` (overall = mean of column shapes and pair trends)."
echo
echo "| dataset | rows | synthesizer | overall | column shapes | pair trends | exact copies | DCR synthetic / holdout |"
echo "|---|---:|---|---:|---:|---:|---:|---|"
for t in wine fair; do
  rows=$(psql -tA "$db" -c "SELECT count(*) FROM fid_src.$t")
  for s in loom base cop; do
    j=$("$loom" report --database "$db" --real fid_src.$t --synthetic fid_$s.$t --json)
    name=$([ $s = loom ] && echo "loom profile" || ([ $s = base ] && echo "independent marginals" || echo "copulas GaussianMultivariate"))
    copies=$(echo "$j" | "$py" -c "import json,sys; print('%.2f%%' % (100*json.load(sys.stdin)['exactCopies']))")
    echo "| $t | $rows | $name | $(echo "$j" | field overall) | $(echo "$j" | field columnShapes) | $(echo "$j" | field pairTrends) | $copies | $(echo "$j" | field medianDCRSynthetic) / $(echo "$j" | field medianDCRHoldout) |"
  done
done
