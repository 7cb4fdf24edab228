"""Fit a Gaussian copula (copulas.multivariate.GaussianMultivariate) to a CSV and write as
many sampled rows as the input has, as CSV with the same columns, for `loom report`.

usage: copula_sample.py IN.csv OUT.csv SEED [INTEGER_COLUMN ...]
"""
import sys

import numpy as np
import pandas as pd
from copulas.multivariate import GaussianMultivariate

src, dst, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
integer_columns = sys.argv[4:]
real = pd.read_csv(src)
np.random.seed(seed)
model = GaussianMultivariate()
model.fit(real)
sample = model.sample(len(real))
for c in integer_columns:
    sample[c] = sample[c].round().astype("int64")
sample.to_csv(dst, index=False)
