#!/usr/bin/env bash
# Profiling speed and the generation speed of a learned table: a table of 100,000 rows × 20
# columns (an id, two linked categories, a boolean, 14 numbers of which some on a grid of 5 or
# 0.25, a date, a midnight timestamp, `md5()` text) under a parent table of 20,000 rows whose
# segment drives its fan-out, made with generate_series; `loom profile` of both (timed), then
# `loom bench` of the learned child table on one core, with and without its `avoid_copies:`.
#
#   Benchmarks/profile_speed.sh "postgres://USER@HOST:PORT/DB"
#
# Schema speed_src on that database is replaced. LOOM picks the binary (default: the release
# build, .build/release/loom).
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: Benchmarks/profile_speed.sh DATABASE_URL}
loom=${LOOM:-.build/release/loom}
[ -x "$loom" ] || { echo "build first: swift build -c release --product loom" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

psql -q "$db" > /dev/null <<'SQL'
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS speed_src CASCADE;
CREATE SCHEMA speed_src;
SELECT setseed(0.42);
CREATE TABLE speed_src.accounts (id int PRIMARY KEY, segment text NOT NULL);
INSERT INTO speed_src.accounts
SELECT i, CASE WHEN i % 4 = 0 THEN 'large' ELSE 'small' END FROM generate_series(1, 20000) i;
CREATE TABLE speed_src.wide (
  id bigint PRIMARY KEY, account_id int NOT NULL REFERENCES speed_src.accounts(id),
  region text, country text, active boolean,
  n1 float8, n2 float8, n3 float8, n4 float8, n5 float8, n6 float8, n7 float8,
  n8 int, n9 int, n10 int, n11 numeric(10,2), n12 numeric(10,2), n13 int, n14 float8,
  day date, at timestamp, code text);
INSERT INTO speed_src.wide
SELECT i, a, r, CASE r WHEN 'north' THEN 'NO' WHEN 'south' THEN 'ZA' WHEN 'east' THEN 'JP' ELSE 'US' END,
       random() < 0.3,
       z, z * 2 + random(), random() * 100, exp(random() * 3), random() ^ 2, 50 + 10 * z, random() * 1000,
       (random() * 100)::int, (random() * 20)::int * 5, (random() * 1000)::int, (random() * 400)::int * 0.25,
       round((random() * 500)::numeric, 2), (random() * 10)::int, random(),
       DATE '2020-01-01' + (random() * 1500)::int,
       TIMESTAMP '2020-01-01' + (random() * 1500)::int * INTERVAL '1 day',
       md5(i::text)
FROM (SELECT i,
             -- 60% of the rows go to the 5,000 large accounts (ids divisible by 4)
             CASE WHEN random() < 0.6 THEN 4 * (1 + (random() * 4999)::int)
                  ELSE 4 * (1 + (random() * 4999)::int) - 1 - (random() * 2)::int END AS a,
             (ARRAY['north', 'south', 'east', 'west'])[1 + (i % 4)] AS r,
             sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z
      FROM generate_series(1, 100000) i) s;
ANALYZE speed_src.accounts, speed_src.wide;
SQL

TIMEFORMAT='%R %U %S'
for run in 1 2; do
  { time "$loom" profile --database "$db" --schema speed_src --out "$work/speed.yaml" > "$work/profile.txt"; } 2> "$work/time"
  read -r wall user sys < "$work/time"
  echo "profile run $run: $wall s wall, $(python3 -c "print(round($user + $sys, 2))") s CPU"
done
grep -c "step:" "$work/speed.yaml" | sed 's/^/columns with a step: /'
grep -o "per_parent: { accounts: { histogram: { by: [a-z]*" "$work/speed.yaml" | sed 's/^/fan-out: /' || echo "fan-out: unconditioned"
core=$(($(nproc) - 1))
taskset -c "$core" "$loom" bench "$work/speed.yaml" --table wide --rows 2000000 --format copy-binary | tail -1
grep -v "^    avoid_copies:" "$work/speed.yaml" > "$work/plain.yaml"
taskset -c "$core" "$loom" bench "$work/plain.yaml" --table wide --rows 2000000 --format copy-binary | tail -1 | sed 's/^/without avoid_copies: /'
