"""Multi-table fidelity of one database: the real tables (schema `public`) against Loom's (schemas
`syn`, `base` and `k1`, loaded by Benchmarks/multitable.sh) and against SDV's HMASynthesizer fitted on
the real tables and sampled at scale 1. All three are scored by SDMetrics' multi-table
QualityReport with the same metadata; prints a Markdown table (synthesizer × overall, column
shapes, column pair trends, cardinality, intertable trends) and one of single-table overalls.

usage: multitable_quality.py DATABASE_URL NAME WORKDIR SEED

The metadata comes from the catalog, not from a list per database:
- tables with no rows are left out (with their relationships);
- a single-column primary key is the table's primary key (sdtype id); SDV Community rejects
  composite primary keys, so such tables have none and their columns are typed as below;
- a single-column foreign key to its parent's single-column primary key is a relationship
  (sdtype id); self-references are left out (SDV rejects circular relationships) and their
  column is typed as below;
- booleans are categorical; text is categorical when it has at most half as many distinct values
  as non-null rows, otherwise free text, left out; numbers are numerical; date and timestamp are
  datetime; other types (bytea, arrays, json, ...) are left out.
HMA_SKIP=1 scores Loom and the baseline only; HMA_TWICE=1 fits and samples HMA again and says
whether the rows are the same. Set PYTHONHASHSEED for HMA figures that repeat across runs.
"""
import contextlib
import json
import os
import random
import subprocess
import sys
import time
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
url, name, work, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

NUMBERS = {"int2", "int4", "int8", "numeric", "float4", "float8", "money"}
TEXTS = {"text", "varchar", "bpchar", "name", "citext"}
DATES = {"date", "timestamp", "timestamptz"}


def psql(sql):
    return subprocess.run(["psql", "-X", "-qtA", url, "-c", sql], check=True,
                          capture_output=True, text=True).stdout.strip()


def quote(ident):
    return '"' + ident.replace('"', '""') + '"'


catalog = json.loads(psql("""
SELECT json_build_object(
  'columns', (SELECT json_agg(json_build_object('table', c.relname, 'column', a.attname,
                'type', t.typname) ORDER BY c.relname, a.attnum)
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
              JOIN pg_type t ON t.oid = a.atttypid
              WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
                AND a.attnum > 0 AND NOT a.attisdropped),
  'keys', (SELECT json_agg(json_build_object('table', c.relname, 'type', k.contype,
             'columns', (SELECT json_agg(a.attname ORDER BY u.i) FROM unnest(k.conkey)
                         WITH ORDINALITY u(n, i) JOIN pg_attribute a
                         ON a.attrelid = k.conrelid AND a.attnum = u.n),
             'parent', p.relname,
             'parentColumns', (SELECT json_agg(a.attname ORDER BY u.i) FROM unnest(k.confkey)
                         WITH ORDINALITY u(n, i) JOIN pg_attribute a
                         ON a.attrelid = k.confrelid AND a.attnum = u.n)))
           FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
           LEFT JOIN pg_class p ON p.oid = k.confrelid
           WHERE c.relnamespace = 'public'::regnamespace AND k.contype IN ('p', 'f')))
"""))

columns = {}
for c in catalog["columns"]:
    columns.setdefault(c["table"], {})[c["column"]] = c["type"]
rows = {t: int(psql(f"SELECT count(*) FROM public.{quote(t)}")) for t in columns}
empty = sorted(t for t, n in rows.items() if n == 0)
tables = [t for t in columns if rows[t] > 0]

primary = {}
for k in catalog["keys"]:
    if k["type"] == "p" and k["table"] in tables and len(k["columns"]) == 1:
        primary[k["table"]] = k["columns"][0]
composite = sorted(k["table"] for k in catalog["keys"]
                   if k["type"] == "p" and k["table"] in tables and len(k["columns"]) > 1)
relationships, skipped = [], []
for k in catalog["keys"]:
    if k["type"] != "f" or k["table"] not in tables:
        continue
    label = f"{k['table']}.{','.join(k['columns'])} → {k['parent']}"
    if k["parent"] not in tables:
        skipped.append(f"{label} (empty parent)")
    elif len(k["columns"]) > 1:
        skipped.append(f"{label} (composite)")
    elif k["parent"] == k["table"]:
        skipped.append(f"{label} (self-reference)")
    elif primary.get(k["parent"]) != k["parentColumns"][0] or primary.get(k["table"]) == k["columns"][0]:
        skipped.append(f"{label} (not to the parent's primary key, or the child's own key)")
    else:
        relationships.append({"parent_table_name": k["parent"],
                              "parent_primary_key": k["parentColumns"][0],
                              "child_table_name": k["table"], "child_foreign_key": k["columns"][0]})
keys = {(r["child_table_name"], r["child_foreign_key"]) for r in relationships}
keys |= set(primary.items())

meta = {"tables": {}, "relationships": relationships}
left_out = []
for t in tables:
    cols = {}
    for c, typ in columns[t].items():
        if (t, c) in keys:
            cols[c] = {"sdtype": "id"}
        elif typ == "bool":
            cols[c] = {"sdtype": "categorical"}
        elif typ in NUMBERS:
            cols[c] = {"sdtype": "numerical"}
        elif typ in DATES:
            cols[c] = {"sdtype": "datetime"}
        elif typ in TEXTS:
            distinct, nonnull = psql(f"SELECT count(DISTINCT {quote(c)}), count({quote(c)}) "
                                     f"FROM public.{quote(t)}").split("|")
            if int(distinct) <= int(nonnull) / 2:
                cols[c] = {"sdtype": "categorical"}
            else:
                left_out.append(f"{t}.{c} (free text)")
        else:
            left_out.append(f"{t}.{c} ({typ})")
    meta["tables"][t] = {"columns": cols}
    if t in primary:
        meta["tables"][t]["primary_key"] = primary[t]


def read(schema):
    data = {}
    for t in tables:
        cols = meta["tables"][t]["columns"]
        path = os.path.join(work, f"{name}_{schema}_{t}.csv")
        select = ", ".join(quote(c) for c in cols)
        subprocess.run(["psql", "-X", "-q", url, "-c",
                        f"\\copy (SELECT {select} FROM {schema}.{quote(t)}) TO '{path}' CSV HEADER"],
                       check=True)
        df = pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=str)
        for c, m in cols.items():
            if m["sdtype"] == "numerical":
                df[c] = pd.to_numeric(df[c])
            elif m["sdtype"] == "datetime":
                df[c] = pd.to_datetime(df[c], format="mixed")
            elif m["sdtype"] == "id" and columns[t][c] in NUMBERS:
                df[c] = pd.to_numeric(df[c]).astype("Int64")
        data[t] = df
    return data


def subset(names):
    names = [t for t in tables if t in names]
    return {"tables": {t: meta["tables"][t] for t in names},
            "relationships": [r for r in relationships
                              if r["parent_table_name"] in names and r["child_table_name"] in names]}


def depth(m):
    """Tables on the longest parent-to-child chain, as SDV counts the schema's depth."""
    children = {}
    for r in m["relationships"]:
        children.setdefault(r["parent_table_name"], []).append(r["child_table_name"])

    def down(t):
        return 1 + max((down(c) for c in children.get(t, [])), default=0)
    return max(down(t) for t in m["tables"])


def connected(m):
    names = list(m["tables"])
    seen, todo = {names[0]}, [names[0]]
    while todo:
        t = todo.pop()
        for r in m["relationships"]:
            for a, b in ((r["parent_table_name"], r["child_table_name"]),
                         (r["child_table_name"], r["parent_table_name"])):
                if a == t and b not in seen:
                    seen.add(b)
                    todo.append(b)
    return len(seen) == len(names)


def hma_subset():
    """SDV Community's HMA refuses more than 5 tables or a depth over 2: the connected tables
    within those limits with the most relationships, then the most rows."""
    from itertools import combinations
    best = None
    for n in range(2, min(5, len(tables)) + 1):
        for names in combinations(tables, n):
            m = subset(names)
            if depth(m) <= 2 and connected(m):
                k = (len(m["relationships"]), sum(rows[t] for t in names))
                if best is None or k > best[0]:
                    best = (k, list(names))
    return best[1] if best else []


def score(m, real, synthetic):
    from sdmetrics.reports.multi_table import QualityReport
    from sdmetrics.reports.single_table import QualityReport as TableReport
    real = {t: real[t] for t in m["tables"]}
    synthetic = {t: synthetic[t] for t in m["tables"]}
    report = QualityReport()
    report.generate(real, synthetic, m, verbose=False)
    props = report.get_properties().set_index("Property")["Score"]
    per_table = {}
    for t, table_meta in m["tables"].items():
        if sum(c["sdtype"] != "id" for c in table_meta["columns"].values()) == 0:
            continue
        tr = TableReport()
        tr.generate(real[t], synthetic[t], table_meta, verbose=False)
        per_table[t] = tr.get_score()
    return {"overall": report.get_score(), "shapes": props.get("Column Shapes"),
            "pairs": props.get("Column Pair Trends"), "cardinality": props.get("Cardinality"),
            "intertable": props.get("Intertable Trends"), "tables": per_table,
            "rows": {t: len(synthetic[t]) for t in m["tables"]}}


def hma(m, real):
    from sdv.metadata import Metadata
    from sdv.multi_table import HMASynthesizer
    random.seed(seed)
    np.random.seed(seed)
    synthesizer = HMASynthesizer(Metadata.load_from_dict(m))
    start = time.time()
    synthesizer.fit({t: real[t] for t in m["tables"]})
    fitted = time.time() - start
    sample = synthesizer.sample_scale(scale=1.0)  # SDV 2: sample() takes num_rows
    took = f"fit {fitted:.1f} s, sample {time.time() - start - fitted:.1f} s"
    return {t: sample[t][list(m["tables"][t]["columns"])] for t in m["tables"]}, took


def f(v):
    return "-" if v is None or pd.isna(v) else f"{v:.3f}"


def table(title, results):
    print(f"\n{title}\n")
    print("| synthesizer | overall | column shapes | pair trends | cardinality | intertable trends |")
    print("|---|---:|---:|---:|---:|---:|")
    for s, r in results.items():
        print(f"| {s} | {f(r['overall'])} | {f(r['shapes'])} | {f(r['pairs'])} | "
              f"{f(r['cardinality'])} | {f(r['intertable'])} |")
    names = list(results)
    print("\nSingle-table QualityReport overall per table (rows: real / "
          + " / ".join(names) + "):\n")
    print("| table | rows | " + " | ".join(names) + " |")
    print("|---|---|" + "---:|" * len(names))
    for t in results[names[0]]["rows"]:
        if t not in results[names[0]]["tables"]:
            continue
        counts = " / ".join([str(rows[t])] + [str(results[n]["rows"][t]) for n in names])
        print(f"| {t} | {counts} | " + " | ".join(f(results[n]["tables"].get(t)) for n in names) + " |")


LOOM, BASE, K1, SDV = "loom profile", "independent marginals", "loom profile --min-count 1", "SDV HMASynthesizer"
real, syn, base, k1 = read("public"), read("syn"), read("base"), read("k1")
full = {LOOM: score(meta, real, syn), BASE: score(meta, real, base), K1: score(meta, real, k1)}
notes = []
part_tables = hma_subset() if depth(meta) > 2 or len(tables) > 5 else tables
part = subset(part_tables)
part_results = {LOOM: score(part, real, syn), BASE: score(part, real, base), K1: score(part, real, k1)}
if os.environ.get("HMA_SKIP"):
    notes.append("SDV HMA skipped (HMA_SKIP).")
else:
    try:
        with contextlib.redirect_stdout(sys.stderr):  # SDV prints its progress
            sample, took = hma(part, real)
        part_results[SDV] = score(part, real, sample)
        notes.append(f"SDV HMA on {', '.join(part_tables)}: {took}.")
        if os.environ.get("HMA_TWICE"):
            with contextlib.redirect_stdout(sys.stderr):
                again, _ = hma(part, real)
            same = all(again[t].equals(sample[t]) for t in part_tables)
            notes.append(f"A second fit and sample with the same seeds gave {'the same' if same else 'different'} rows.")
    except Exception as e:  # reported, not hidden: the Loom rows still stand
        notes.append(f"SDV HMA failed: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")

print(f"\n### {name}\n")
print(f"{len(tables)} tables with rows, {sum(rows[t] for t in tables)} rows, "
      f"{len(relationships)} relationships, schema depth {depth(meta)}. " + " ".join(notes))
if empty:
    print(f"Empty tables left out: {', '.join(empty)}.")
if composite:
    print(f"Composite primary keys (no primary key in the metadata): {', '.join(composite)}.")
if skipped:
    print(f"Foreign keys not scored as relationships: {'; '.join(skipped)}.")
if left_out:
    print(f"Columns left out: {', '.join(left_out)}.")
table(f"All {len(tables)} tables:", full)
if part_tables != tables:
    table(f"The {len(part_tables)} tables SDV Community's HMA accepts ({', '.join(part_tables)}; "
          f"{len(part['relationships'])} relationships):", part_results)
with open(os.path.join(work, f"{name}_scores.json"), "w") as out:
    json.dump({"meta": meta, "full": full, "part": part_results, "notes": notes}, out, default=float, indent=1)
