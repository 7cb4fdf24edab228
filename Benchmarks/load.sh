#!/usr/bin/env bash
# Load benchmark, side by side in one run on one private PostgreSQL server:
#   loom load (binary COPY, generation on the fly) vs psql \copy of the same rows
#   pre-generated as a binary COPY file; 1 and 2 connections, logged and unlogged;
#   and Configs/pgbench.yaml vs pgbench -i (client- and server-side generation).
# Prints a Markdown report; figures go into docs/BENCHMARKS.md.
#
#   Benchmarks/load.sh            (expects .build/release/loom; ROWS=5000000 PGBENCH_SCALE=50)
set -euo pipefail
cd "$(dirname "$0")/.."
loom=$PWD/.build/release/loom
rows=${ROWS:-5000000}
scale=${PGBENCH_SCALE:-50}
work=${WORK:-/tmp/loom-load-bench}
[ -x "$loom" ] || { echo "build first: swift build -c release --product loom" >&2; exit 2; }
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

rm -rf "$work"; mkdir -p "$work"; chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
chown postgres "$work" 2>/dev/null || true
as_pg "$bindir/initdb" -D "$work/data" -A trust -U postgres --no-sync -E UTF8 --locale=C >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >> "$work/data/postgresql.conf" <<CONF
port = $port
listen_addresses = ''
unix_socket_directories = '$work'
max_wal_size = 8GB
checkpoint_timeout = 30min
synchronous_commit = off
shared_buffers = 512MB
maintenance_work_mem = 512MB
autovacuum = off
CONF
as_pg "$bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w start >/dev/null
trap 'as_pg "$bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true' EXIT
conn() { echo "host=$work port=$port user=postgres dbname=$1"; }
psqlc() { local db=$1; shift; "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -d "$(conn "$db")" "$@" 2>&1 | grep -v NOTICE || true; }
fresh() { psqlc postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"; }
# Every timed run starts from a flushed server and page cache, so no run pays for the
# writeback of the one before it.
settle() { psqlc postgres -c "CHECKPOINT"; sync; sleep 1; }
now() { date +%s.%N; }

echo "## Load: users.yaml, $rows rows, $(nproc) cores, PostgreSQL $("$bindir/postgres" --version | awk '{print $3}')"
echo
$loom generate Configs/users.yaml --rows "$rows" --format copy-binary --out "$work/file" 2>/dev/null
python3 - "$work/file/users.bin" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
header, body, trailer = data[:19], data[19:-2], data[-2:]
# Split at a row boundary near the middle: walk the tuples.
import struct
pos, target, cut = 0, len(body) // 2, None
while pos < len(body):
    if cut is None and pos >= target: cut = pos
    n = struct.unpack(">h", body[pos:pos+2])[0]; pos += 2
    for _ in range(n):
        l = struct.unpack(">i", body[pos:pos+4])[0]; pos += 4 + max(l, 0)
open(sys.argv[1] + ".1", "wb").write(header + body[:cut] + trailer)
open(sys.argv[1] + ".2", "wb").write(header + body[cut:] + trailer)
PY
bytes=$(stat -c %s "$work/file/users.bin")
ddl=$($loom ddl Configs/users.yaml | sed -n '/CREATE TABLE/,/);/p')

echo "| route | connections | logged | seconds | rows/s | MB/s | loom / psql |"
echo "|---|---:|---|---:|---:|---:|---:|"
for unlogged in no yes; do
  for c in 1 2; do
    create=$ddl; [ $unlogged = yes ] && create=${ddl/CREATE TABLE/CREATE UNLOGGED TABLE}
    fresh bench_psql; psqlc bench_psql -c "$create"
    settle
    t0=$(now)
    if [ $c = 1 ]; then
      psqlc bench_psql -c "\\copy users from '$work/file/users.bin' with (format binary)"
    else
      psqlc bench_psql -c "\\copy users from '$work/file/users.bin.1' with (format binary)" &
      psqlc bench_psql -c "\\copy users from '$work/file/users.bin.2' with (format binary)"; wait
    fi
    t1=$(now); psql_s=$(python3 -c "print($t1-$t0)")
    fresh bench_loom
    settle
    flag=""; [ $unlogged = yes ] && flag="--unlogged"
    out=$($loom load Configs/users.yaml --database "$(conn bench_loom)" --rows "$rows" --jobs $c --shard-rows 250000 $flag --quiet)
    loom_s=$(echo "$out" | sed -n 's/.* rows in \([0-9.]*\) s .*/\1/p' | head -1)
    python3 - "$rows" "$bytes" "$psql_s" "$loom_s" "$c" "$unlogged" <<'PY'
import sys
rows, size, ps, ls, c, u = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
logged = "unlogged" if u == "yes" else "logged"
print(f"| psql \\copy binary file | {c} | {logged} | {ps:.2f} | {rows/ps:,.0f} | {size/ps/1e6:.0f} | |")
print(f"| loom load | {c} | {logged} | {ls:.2f} | {rows/ls:,.0f} | {size/ls/1e6:.0f} | **{ps/ls:.2f}x** |")
PY
  done
done
echo
echo "loom's time is its load phase (COPY of every shard, ledger included), without keys and ANALYZE; psql's is the \\copy alone."
echo
echo "## pgbench tables at scale $scale ($((scale * 100000)) accounts)"
echo
echo "| route | data step seconds | rows/s | loom / route |"
echo "|---|---:|---:|---:|"
fresh bench_loom_pgb
settle
out=$($loom load Configs/pgbench.yaml --database "$(conn bench_loom_pgb)" --scale "$scale" --jobs 2 --shard-rows 500000 --quiet)
loom_s=$(echo "$out" | sed -n 's/.* rows in \([0-9.]*\) s .*/\1/p' | head -1)
for mode in client server; do
  fresh bench_pgb
  settle
  steps=dtgv; [ $mode = server ] && steps=dtGv
  log=$("$bindir/pgbench" -i -s "$scale" -I $steps -h "$work" -p "$port" -U postgres bench_pgb 2>&1)
  gen=$(echo "$log" | sed -n 's/.*side generate \([0-9.]*\) s.*/\1/p')
  python3 - "$scale" "$gen" "$loom_s" "$mode" <<'PY'
import sys
s, g, l, m = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
rows = s * 100_000 + s * 10 + s
print(f"| pgbench -i ({m}-side generation) | {g:.2f} | {rows/g:,.0f} | **{g/l:.2f}x** |")
PY
done
python3 - "$scale" "$loom_s" <<'PY'
import sys
s, l = int(sys.argv[1]), float(sys.argv[2])
rows = s * 100_000 + s * 10 + s
print(f"| loom load Configs/pgbench.yaml (2 connections) | {l:.2f} | {rows/l:,.0f} | |")
PY
