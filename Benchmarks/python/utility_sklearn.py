"""scikit-learn's logistic regression and random forest on the split and features `loom report
--target` uses: rows in the order the database returns them, the same 70/30 split by a fixed
scramble of the row position, the same encoding (numbers standardised by the training rows,
categories one-hot over the 20 most frequent training values). Prints AUC trained on real rows
and trained on synthetic rows, tested on the real holdout, as JSON.

    python utility_sklearn.py REAL.csv SYNTHETIC.csv TARGET POSITIVE [NUMERIC_COLUMNS,...]
"""
import json
import sys

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

real_path, syn_path, target, positive = sys.argv[1:5]
numeric = set(sys.argv[5].split(",")) if len(sys.argv) > 5 and sys.argv[5] else set()
real = pd.read_csv(real_path, dtype=str, keep_default_na=False, na_values=[""])
syn = pd.read_csv(syn_path, dtype=str, keep_default_na=False, na_values=[""])
# psql writes booleans as t/f; the database's text form (what Loom reads) is true/false.
for frame in (real, syn):
    frame.replace({"t": "true", "f": "false"}, inplace=True)
features = [c for c in real.columns if c != target]


def in_training(i):
    return ((i * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF) >> 54 < 717


train_idx = [i for i in range(len(real)) if in_training(i)]
hold_idx = [i for i in range(len(real)) if not in_training(i)]
train, hold = real.iloc[train_idx], real.iloc[hold_idx]


def encoder(frame):
    parts = []
    for c in features:
        if c in numeric:
            x = pd.to_numeric(frame[c], errors="coerce")
            mean, sd = x.mean(), x.std(ddof=1)
            parts.append(("num", c, mean, sd if sd and sd > 0 else 1.0))
        else:
            top = frame[c].value_counts().sort_index().sort_values(ascending=False, kind="stable").index[:20]
            parts.append(("cat", c, list(top), None))
    return parts


def encode(parts, frame):
    cols = []
    for kind, c, a, b in parts:
        if kind == "num":
            x = pd.to_numeric(frame[c], errors="coerce").fillna(a)
            cols.append(((x - a) / b).to_numpy()[:, None])
        else:
            cols.append(np.stack([(frame[c] == v).to_numpy(dtype=float) for v in a], axis=1) if a else np.zeros((len(frame), 0)))
    return np.hstack(cols)


parts = encoder(train)
x_train, x_hold, x_syn = encode(parts, train), encode(parts, hold), encode(parts, syn)
y = lambda f: (f[target] == positive).to_numpy(dtype=int)
y_train, y_hold, y_syn = y(train), y(hold), y(syn)
out = {}
for name, make in [
    ("logistic regression", lambda: LogisticRegression(max_iter=1000)),
    ("random forest", lambda: RandomForestClassifier(n_estimators=100, random_state=1)),
]:
    a = make().fit(x_train, y_train).predict_proba(x_hold)[:, 1]
    b = make().fit(x_syn, y_syn).predict_proba(x_hold)[:, 1]
    out[name] = {"real": roc_auc_score(y_hold, a), "synthetic": roc_auc_score(y_hold, b)}
print(json.dumps(out))
