#!/usr/bin/env bash
# Machine-learning utility side by side with scikit-learn, one run: for each labelled dataset,
# `loom profile` → `loom load` → `loom report --target` (Loom's own logistic regression and
# random forest, trained on real and on synthetic rows, tested on a real holdout), and
# scikit-learn's LogisticRegression and RandomForestClassifier on the same rows, split and
# encoding (Benchmarks/python/utility_sklearn.py). Prints a Markdown table for docs/BENCHMARKS.md.
#
#   Benchmarks/utility.sh DATABASE_URL PYTHON     (PYTHON with scikit-learn and pandas; schemas util_* are replaced)
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: Benchmarks/utility.sh DATABASE_URL PYTHON}
py=${2:?usage: Benchmarks/utility.sh DATABASE_URL PYTHON}
loom=${LOOM:-.build/release/loom}
data=Tests/LoomIntegrationTests/ProfileData
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
[ -x "$loom" ] || { echo "build first: swift build -c release --product loom" >&2; exit 2; }

{ echo "alcohol,malic_acid,ash,alcalinity,magnesium,total_phenols,flavanoids,nonflavanoid,proanthocyanins,color,hue,od280,proline,class"
  tail -n +2 "$data/wine_data.csv"; } > "$work/wine.csv"
"$py" - "$work/cancer.csv" <<'PY'
import sys
from sklearn.datasets import load_breast_cancer
d = load_breast_cancer(as_frame=True).frame
d.columns = [c.replace(" ", "_") for c in d.columns]
d["target"] = d["target"].map({0: "malignant", 1: "benign"})
d.to_csv(sys.argv[1], index=False)
PY
psql -q "$db" <<SQL > /dev/null 2>&1
DROP SCHEMA IF EXISTS util_src CASCADE; DROP SCHEMA IF EXISTS util_syn CASCADE; CREATE SCHEMA util_src;
CREATE TABLE util_src.fair (rate_marriage int, age float8, yrs_married float8, children float8, religious int, educ int,
  occupation int, occupation_husb int, affairs float8);
CREATE TABLE util_src.wine (alcohol float8, malic_acid float8, ash float8, alcalinity float8, magnesium int,
  total_phenols float8, flavanoids float8, nonflavanoid float8, proanthocyanins float8, color float8, hue float8,
  od280 float8, proline int, class int);
\copy util_src.fair FROM '$data/fair.csv' CSV HEADER
\copy util_src.wine FROM '$work/wine.csv' CSV HEADER
CREATE TABLE util_src.fairlabel AS SELECT rate_marriage, age, yrs_married, children, religious, educ, occupation,
  occupation_husb, affairs > 0 AS cheated FROM util_src.fair;
DROP TABLE util_src.fair;
SQL
cols=$(head -1 "$work/cancer.csv" | sed 's/,target$//' | tr ',' '\n' | sed 's/$/ float8/' | paste -sd, -)
psql -q "$db" -c "CREATE TABLE util_src.cancer ($cols, target text)" -c "\copy util_src.cancer FROM '$work/cancer.csv' CSV HEADER" > /dev/null
"$loom" profile --database "$db" --schema util_src --out "$work/spec.yaml" > /dev/null
"$loom" load "$work/spec.yaml" --database "$db" --schema util_syn --replace --quiet > /dev/null

echo "## Utility: loom report --target next to scikit-learn $("$py" -c 'import sklearn; print(sklearn.__version__)'), $(date -u +%Y-%m-%d)"
echo
echo "| dataset | label (positive) | rows | model | AUC real → real: loom | sklearn | AUC synthetic → real: loom | sklearn |"
echo "|---|---|---:|---|---:|---:|---:|---:|"
for spec in "fairlabel cheated true" "wine class 2" "cancer target malignant"; do
  set -- $spec; t=$1; target=$2; positive=$3
  "$loom" report --database "$db" --real util_src.$t --synthetic util_syn.$t --target "$target" --json > "$work/$t.json"
  numeric=$(psql -tA "$db" -c "SELECT string_agg(column_name, ',') FROM information_schema.columns WHERE table_schema = 'util_src' AND table_name = '$t' AND data_type IN ('integer', 'double precision', 'numeric', 'bigint', 'smallint', 'real')")
  for s in src syn; do psql -q "$db" -c "\copy (SELECT * FROM util_$s.$t) TO '$work/$t-$s.csv' CSV HEADER"; done
  "$py" Benchmarks/python/utility_sklearn.py "$work/$t-src.csv" "$work/$t-syn.csv" "$target" "$positive" "$numeric" > "$work/$t-sk.json"
  "$py" - "$work/$t.json" "$work/$t-sk.json" "$t" "$target ($positive)" "$(psql -tA "$db" -c "SELECT count(*) FROM util_src.$t")" <<'PY'
import json, sys
loom = {m["model"]: m for m in json.load(open(sys.argv[1]))["utility"]["models"]}
sk = json.load(open(sys.argv[2]))
for name in ["logistic regression", "random forest"]:
    l, s = loom[name], sk[name]
    print(f"| {sys.argv[3]} | {sys.argv[4]} | {sys.argv[5]} | {name} | {l['real']:.3f} | {s['real']:.3f} | {l['synthetic']:.3f} | {s['synthetic']:.3f} |")
PY
done
