"""Score synthetic CSVs against the real one with SDMetrics' single-table QualityReport and
print one JSON object per synthetic file, one a line:
{"file", "overall", "columnShapes", "pairTrends"}.

usage: sdmetrics_score.py REAL.csv META.json SYNTHETIC.csv ...

META.json is written by fidelity_datasets.py; its "columns" are SDMetrics' metadata.
"""
import json
import sys

import pandas as pd
from sdmetrics.reports.single_table import QualityReport

real_path, meta_path, synthetic_paths = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(meta_path) as f:
    meta = json.load(f)
metadata = {"columns": meta["columns"]}


def read(path):
    df = pd.read_csv(path, keep_default_na=False, na_values=[""])
    # Categories as text on both sides, so that 1 and 1.0 or '1' compare equal.
    for c, m in meta["columns"].items():
        if m["sdtype"] == "categorical":
            df[c] = df[c].map(lambda v: None if pd.isna(v) else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
    return df[list(meta["columns"])]


real = read(real_path)
for path in synthetic_paths:
    report = QualityReport()
    report.generate(real, read(path), metadata, verbose=False)
    props = report.get_properties().set_index("Property")["Score"]
    print(json.dumps({"file": path, "overall": report.get_score(),
                      "columnShapes": float(props["Column Shapes"]),
                      "pairTrends": float(props["Column Pair Trends"])}))
