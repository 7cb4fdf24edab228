#!/usr/bin/env python3
"""Rows-per-second baseline for Python Faker and mimesis, side by side with Loom.

Generates the same row shape as Loom's ``Configs/users.yaml`` with either
library, encodes every row as a PostgreSQL ``COPY ... FROM STDIN`` text line
(tab-separated, ``\\N`` for NULL, backslash/tab/newline/CR escaped) and writes
the UTF-8 bytes into an in-memory buffer that is emptied every 1 MiB, i.e. the
equivalent of writing to /dev/null. Only generation and encoding are measured.

Columns, in order::

    id          bigint sequence starting at 1
    first_name  library first name
    last_name   library last name
    email       lower("{first}.{last}{id}@example.com"), built from the row's names
    age         normal(38, 12) clamped to [18, 90], rounded to an integer
    country     US .40, DE .15, FR .10, GB .10, JP .10, BR .15
    signup_at   library datetime in 2021-01-01 .. 2025-12-31, "YYYY-MM-DD HH:MM:SS+00"
    income      lognormal(mu 10.8, sigma 0.6), printed with 2 decimals
    segment     loyal .5, bargain_hunter .3, window_shopper .2
    active      bernoulli(0.85), printed t/f

Names and signup_at come from the library under test; the numeric and
categorical columns come from a ``random.Random`` seeded with the same seed,
identical for both libraries. ``random.seed(seed)`` is also called so any
library code that uses the global generator is deterministic too.

Usage::

    pip install -r Benchmarks/python/requirements.txt
    python3 Benchmarks/python/users_rows.py --lib faker --rows 20000
    python3 Benchmarks/python/users_rows.py --lib mimesis --rows 200000 --seed 7 --json

One untimed warm-up of min(1000, N) rows runs first; then N rows (ids 1..N)
are timed with ``time.perf_counter``. With ``--json`` a single JSON object is
printed: {"lib", "version", "rows", "seconds", "rows_per_sec", "bytes"}.
Exit status 2 means the requested library is not installed.
"""

from __future__ import annotations

import argparse
import bisect
import io
import itertools
import json
import random
import sys
import time
from datetime import datetime, timezone
from importlib import metadata
from typing import Callable, Sequence

REQUIREMENTS_HINT = "pip install -r Benchmarks/python/requirements.txt"
WARMUP_ROWS = 1000
BATCH_ROWS = 1000  # rows joined and encoded at once
DISCARD_BYTES = 1 << 20  # the buffer is emptied once it holds this much

COUNTRIES = (("US", 0.40), ("DE", 0.15), ("FR", 0.10), ("GB", 0.10), ("JP", 0.10), ("BR", 0.15))
SEGMENTS = (("loyal", 0.5), ("bargain_hunter", 0.3), ("window_shopper", 0.2))
SIGNUP_START = datetime(2021, 1, 1, tzinfo=timezone.utc)
SIGNUP_END = datetime(2025, 12, 31, 23, 59, 59, tzinfo=timezone.utc)

# A row factory maps a row id to one encoded COPY line (with trailing "\n").
RowFactory = Callable[[int], str]


# --- COPY text encoding -------------------------------------------------------

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value: str | None) -> str:
    """Encode a text value as a COPY text field (NULL becomes \\N)."""
    if value is None:
        return "\\N"
    return value.translate(_COPY_ESCAPES)


def copy_timestamptz(value: datetime) -> str:
    """Format a UTC datetime as 'YYYY-MM-DD HH:MM:SS+00' (seconds truncated)."""
    return f"{value:%Y-%m-%d %H:%M:%S}+00"


# --- library-independent columns ----------------------------------------------


def weighted_picker(rng: random.Random, choices: Sequence[tuple[str, float]]) -> Callable[[], str]:
    """Return a function drawing one value from (value, weight) pairs."""
    values = [value for value, _ in choices]
    cumulative = list(itertools.accumulate(weight for _, weight in choices))
    total = cumulative[-1]
    last = len(values) - 1

    def pick() -> str:
        return values[min(bisect.bisect_right(cumulative, rng.random() * total), last)]

    return pick


class SharedColumns:
    """age, country, income, segment and active, drawn from one seeded Random."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.country = weighted_picker(self.rng, COUNTRIES)
        self.segment = weighted_picker(self.rng, SEGMENTS)

    def age(self) -> str:
        return str(round(min(90.0, max(18.0, self.rng.gauss(38.0, 12.0)))))

    def income(self) -> str:
        return f"{round(self.rng.lognormvariate(10.8, 0.6), 2):.2f}"

    def active(self) -> str:
        return "t" if self.rng.random() < 0.85 else "f"


def encode_row(row_id: int, first: str, last: str, signup_at: datetime, shared: SharedColumns) -> str:
    """Build and encode one users row as a COPY text line."""
    email = f"{first}.{last}{row_id}@example.com".lower()
    return "\t".join((
        str(row_id),
        copy_text(first),
        copy_text(last),
        copy_text(email),
        shared.age(),
        shared.country(),
        copy_timestamptz(signup_at),
        shared.income(),
        shared.segment(),
        shared.active(),
    )) + "\n"


# --- one factory per library --------------------------------------------------


class LibraryMissing(Exception):
    """The requested generator library is not installed."""


def faker_rows(seed: int) -> tuple[str, RowFactory]:
    """Row factory backed by Faker (en_US); returns (version, make_row)."""
    try:
        from faker import Faker
    except ImportError as error:
        raise LibraryMissing("Faker") from error

    fake = Faker("en_US")
    fake.seed_instance(seed)
    shared = SharedColumns(seed)

    def make_row(row_id: int) -> str:
        first = fake.first_name()
        last = fake.last_name()
        signup_at = fake.date_time_between(SIGNUP_START, SIGNUP_END, tzinfo=timezone.utc)
        return encode_row(row_id, first, last, signup_at, shared)

    return metadata.version("Faker"), make_row


def mimesis_rows(seed: int) -> tuple[str, RowFactory]:
    """Row factory backed by mimesis (Locale.EN); returns (version, make_row)."""
    try:
        from mimesis import Datetime, Person
        from mimesis.locales import Locale
    except ImportError as error:
        raise LibraryMissing("mimesis") from error

    person = Person(Locale.EN, seed=seed)
    clock = Datetime(seed=seed)
    shared = SharedColumns(seed)
    # Datetime.datetime takes a year range: 2021-01-01 00:00 .. 2025-12-31 23:59:59.
    start_year, end_year = SIGNUP_START.year, SIGNUP_END.year

    def make_row(row_id: int) -> str:
        first = person.first_name()
        last = person.last_name()
        signup_at = clock.datetime(start_year, end_year)
        return encode_row(row_id, first, last, signup_at, shared)

    return metadata.version("mimesis"), make_row


LIBRARIES: dict[str, Callable[[int], tuple[str, RowFactory]]] = {
    "faker": faker_rows,
    "mimesis": mimesis_rows,
}


# --- the measured loop --------------------------------------------------------


def generate(make_row: RowFactory, rows: int) -> int:
    """Generate rows with ids 1..rows into a discarded buffer; return bytes written."""
    sink = io.BytesIO()
    total = 0
    batch: list[str] = []
    for row_id in range(1, rows + 1):
        batch.append(make_row(row_id))
        if len(batch) == BATCH_ROWS or row_id == rows:
            total += sink.write("".join(batch).encode("utf-8"))
            batch.clear()
            if sink.tell() >= DISCARD_BYTES:
                sink.seek(0)
                sink.truncate()
    return total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lib", required=True, choices=sorted(LIBRARIES))
    parser.add_argument("--rows", required=True, type=int, help="rows to time (> 0)")
    parser.add_argument("--seed", type=int, default=42, help="seed for the library and Python's random (default 42)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a human line")
    args = parser.parse_args(argv)
    if args.rows <= 0:
        parser.error("--rows must be positive")

    random.seed(args.seed)
    try:
        version, make_row = LIBRARIES[args.lib](args.seed)
    except LibraryMissing as missing:
        print(
            f"users_rows.py: Python package '{missing}' is not installed; "
            f"run: {REQUIREMENTS_HINT}",
            file=sys.stderr,
        )
        return 2

    generate(make_row, min(WARMUP_ROWS, args.rows))  # warm-up, untimed

    started = time.perf_counter()
    total_bytes = generate(make_row, args.rows)
    seconds = time.perf_counter() - started
    rows_per_sec = args.rows / seconds if seconds > 0 else float("inf")

    if args.json:
        print(json.dumps({
            "lib": args.lib,
            "version": version,
            "rows": args.rows,
            "seconds": round(seconds, 6),
            "rows_per_sec": round(rows_per_sec, 1),
            "bytes": total_bytes,
        }))
    else:
        print(
            f"{args.lib} {version}: {args.rows:,} rows in {seconds:.3f} s = "
            f"{rows_per_sec:,.0f} rows/s ({total_bytes:,} bytes of COPY text)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
