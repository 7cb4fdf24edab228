#!/usr/bin/env bash
# `loom stream` into PostgreSQL: the highest rate this machine sustains and the lag it keeps.
# For each target rate, Configs/users.yaml is bulk-loaded at 1,000 rows into its own schema, a
# column stamped by PostgreSQL's clock_timestamp() is added, and 10 s of new users are streamed.
# Achieved rate and lag are measured on the database's clock (rows / span of commit times;
# commit time − the row's signup_at), so they do not trust the streamer's own figures. A bulk
# load of the same table in the same run gives the ratio against Loom's fastest path.
# Prints a Markdown table; figures go into docs/BENCHMARKS.md.
#
#   Benchmarks/stream.sh DATABASE_URL [RATE ...]     (expects .build/release/loom)
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: Benchmarks/stream.sh DATABASE_URL [RATE ...]}
shift
rates=("${@:-500 2000 10000 40000 100000 150000}")
read -r -a rates <<< "${rates[*]}"
loom=${LOOM:-.build/release/loom}
[ -x "$loom" ] || { echo "build first: swift build -c release --product loom" >&2; exit 2; }
seconds=10

q() { psql -qAtX "$db" -c "$1"; }

q "DROP SCHEMA IF EXISTS bench_bulk CASCADE" > /dev/null 2>&1 || true
start=$(date +%s.%N)
"$loom" load Configs/users.yaml --database "$db" --schema bench_bulk --rows 1000000 --replace --quiet > /dev/null 2>&1
bulk=$(python3 -c "import sys; print(f'{1e6 / ($(date +%s.%N) - $start):.0f}')")
q "DROP SCHEMA bench_bulk CASCADE" > /dev/null

echo "## loom stream, Configs/users.yaml, $seconds s per rate, $(date -u +%Y-%m-%d), $(nproc) cores"
echo
echo "bulk load of the same table in this run: $bulk rows/s"
echo
echo "| target rows/s | achieved rows/s | achieved / target | lag p50 s | lag p99 s | lag max s | stream / bulk |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for rate in "${rates[@]}"; do
  s=bench_stream_$rate
  q "DROP SCHEMA IF EXISTS $s CASCADE; DELETE FROM loom.streams WHERE id LIKE '%@$s:%'" > /dev/null 2>&1 || true
  "$loom" load Configs/users.yaml --database "$db" --schema "$s" --rows 1000 --replace --quiet > /dev/null 2>&1
  q "ALTER TABLE $s.users ADD COLUMN inserted_at timestamptz DEFAULT clock_timestamp(); UPDATE $s.users SET inserted_at = NULL"
  "$loom" stream Configs/users.yaml --database "$db" --schema "$s" --rate "$rate/s" --duration "${seconds}s" > /dev/null 2>&1
  q "SELECT $rate, round((count(*) - 1) / extract(epoch FROM max(inserted_at) - min(inserted_at))),
       round((count(*) - 1) / extract(epoch FROM max(inserted_at) - min(inserted_at)) / $rate, 3),
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM inserted_at - signup_at))::numeric, 3),
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM inserted_at - signup_at))::numeric, 3),
       round(max(extract(epoch FROM inserted_at - signup_at))::numeric, 3),
       round((count(*) - 1) / extract(epoch FROM max(inserted_at) - min(inserted_at)) / $bulk, 4)
     FROM $s.users WHERE inserted_at IS NOT NULL" | awk -F'|' '{printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7}'
  q "DROP SCHEMA $s CASCADE" > /dev/null 2>&1
done
