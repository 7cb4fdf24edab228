"""Fit SDV's GaussianCopulaSynthesizer (default settings) to a CSV and write as many sampled
rows as the input has, as CSV with the same columns.

usage: sdv_sample.py IN.csv OUT.csv META.json SEED

META.json is written by fidelity_datasets.py: {"columns": {NAME: {"sdtype": ...}}, ...}.
"""
import json
import sys

import numpy as np
import pandas as pd
from sdv.metadata import Metadata
from sdv.single_table import GaussianCopulaSynthesizer

src, dst, meta_path, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(meta_path) as f:
    meta = json.load(f)
real = pd.read_csv(src, keep_default_na=False, na_values=[""])
metadata = Metadata.load_from_dict({"tables": {"t": {"columns": meta["columns"]}}})
np.random.seed(seed)
synthesizer = GaussianCopulaSynthesizer(metadata)
synthesizer.fit({"t": real})
# SDV samples from its own fixed random state unless told otherwise: seed 1 keeps that default
# (the figures of fidelity.sh), other seeds set the model's random state.
if seed != 1:
    synthesizer._set_random_state(seed)
sample = synthesizer.sample(num_rows=len(real))["t"]  # SDV 2 returns {table: rows}
sample[real.columns].to_csv(dst, index=False)
