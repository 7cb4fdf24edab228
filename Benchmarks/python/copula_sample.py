"""Fit a Gaussian copula (copulas.multivariate.GaussianMultivariate) to a CSV and write as
many sampled rows as the input has, as CSV with the same columns, for `loom report`.

usage: copula_sample.py IN.csv OUT.csv SEED [INTEGER_COLUMN ...]

`copulas` models numbers only: a column that is not numeric (text categories) is coded as the
rank of its value in sorted order (NULL as one more code), modelled as a number, and rounded and
clipped back to a code. Numeric NULLs are filled with the column's mean. Integer columns are
rounded.
"""
import sys

import numpy as np
import pandas as pd
from copulas.multivariate import GaussianMultivariate

src, dst, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
integer_columns = sys.argv[4:]
real = pd.read_csv(src, keep_default_na=False, na_values=[""])
codes = {}
coded = real.copy()
for c in real.columns:
    if pd.api.types.is_numeric_dtype(real[c]):
        coded[c] = real[c].fillna(real[c].mean())
    else:
        values = sorted(real[c].dropna().unique().tolist())
        if real[c].isna().any():
            values.append(None)
        codes[c] = values
        index = {v: i for i, v in enumerate(values)}
        coded[c] = real[c].map(lambda v: index[None if pd.isna(v) else v]).astype("float64")
np.random.seed(seed)
model = GaussianMultivariate()
model.fit(coded)
sample = model.sample(len(real))
for c, values in codes.items():
    k = sample[c].round().clip(0, len(values) - 1).astype("int64")
    sample[c] = [values[i] for i in k]
for c in integer_columns:
    sample[c] = sample[c].round().astype("int64")
sample.to_csv(dst, index=False)
