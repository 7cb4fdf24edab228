#!/usr/bin/env bash
# Coordinator and cluster benchmark, side by side in one run. Prints a Markdown report;
# figures go into docs/BENCHMARKS.md ("Coordinator and cluster").
#
#   1. `loom bench-protocol`: one CoordinatorSession and two WorkerSessions in process, no
#      sockets, workers finish every shard at once: assignments/s and RSS at PROTOCOL_SHARDS
#      shards, without and with the JSON wire codec, pinned to core 0.
#   2. Real null-sink clusters: `loom coordinator --sink null` over Configs/users.yaml and two
#      `loom worker --sink null --slots NULL_SLOTS`, once per ROWS:SHARD_ROWS in NULL_RUNS
#      (default 100k shards of 1000 rows, then 1M shards of 100 rows); the coordinator's CPU
#      seconds and max RSS from /usr/bin/time -v, CPU per assignment. (1M shards of 1000 rows,
#      NULL_RUNS=1000000000:1000, takes well over ten minutes on 2 cores.)
#   3. Cluster overhead: `loom load --jobs 2` vs `loom run --workers 2` of the same PG_ROWS rows
#      into one private PostgreSQL server, alternated REPEATS times, each on a fresh database.
#
#   Benchmarks/cluster.sh                                  (expects .build/release/loom)
#   LOOM=.build-bench/release/loom Benchmarks/cluster.sh
#   SECTIONS="protocol null postgres" PROTOCOL_SHARDS=1000000 PROTOCOL_SLOTS="1 8"
#   NULL_RUNS="100000000:1000 100000000:100" NULL_SLOTS=8 PG_ROWS=4000000 PG_SHARD_ROWS=250000
#   REPEATS=3   (the defaults)
set -euo pipefail
cd "$(dirname "$0")/.."
loom=$(realpath "${LOOM:-.build/release/loom}")
sections=${SECTIONS:-protocol null postgres}
protocol_shards=${PROTOCOL_SHARDS:-1000000}
protocol_slots=${PROTOCOL_SLOTS:-1 8}
null_runs=${NULL_RUNS:-100000000:1000 100000000:100}
null_slots=${NULL_SLOTS:-8}
pg_rows=${PG_ROWS:-4000000}
pg_shard_rows=${PG_SHARD_ROWS:-250000}
repeats=${REPEATS:-3}
work=${WORK:-/tmp/loom-cluster-bench}
spec=Configs/users.yaml

[ -x "$loom" ] || { echo "build first: swift build -c release --product loom (or set LOOM=path)" >&2; exit 2; }
[ -x /usr/bin/time ] || { apt-get install -y --no-install-recommends time >/dev/null 2>&1 || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }; }
rm -rf "$work"; mkdir -p "$work"; chmod 755 "$work"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
has() { [[ " $sections " == *" $1 "* ]]; }
# A field of /usr/bin/time -v output.
tv() { sed -n "s/^[[:space:]]*$2: //p" "$1" | head -1; }

echo "# Coordinator and cluster, $(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
echo

if has protocol; then
  echo "## Protocol state machine alone (\`loom bench-protocol\`, core 0, $protocol_shards shards, 2 workers)"
  echo
  echo "| wire codec | slots per worker | assignments/s | seconds | coordinator's side: assignments/s | messages per assignment | bytes per assignment | RSS after building | peak RSS |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for slots in $protocol_slots; do
    for codec in "" --codec; do
      out=$(taskset -c 0 "$loom" bench-protocol --shards "$protocol_shards" --workers 2 --slots "$slots" $codec --json)
      python3 - "$out" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
a = d["assignments"]
codec = "JSON encode + decode" if d["codec"] else "none"
per = f'{d["wire_bytes"] / a:.0f}' if d["codec"] else ""
print(f'| {codec} | {d["slots"]} | {d["assignments_per_sec"]:,.0f} | {d["seconds"]:.2f} | {d["assignments_per_coordinator_sec"]:,.0f} | {d["messages"] / a:.2f} | {per} | '
      f'{d["rss_after_build_kib"] / 1024:.1f} MiB | {d["peak_rss_kib"] / 1024:.1f} MiB |')
PY
    done
  done
  base=$(taskset -c 0 "$loom" bench-protocol --shards 1 --workers 1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["rss_baseline_kib"])')
  echo
  echo "RSS of the process before it builds a session: $(python3 -c "print(f'{$base/1024:.1f}')") MiB. Command:"
  echo "\`taskset -c 0 loom bench-protocol --shards $protocol_shards --workers 2 --slots S [--codec] --json\`."
  echo
fi

if has null; then
  for spec_run in $null_runs; do
    null_rows=${spec_run%%:*}; null_shard_rows=${spec_run##*:}
    shards=$(( (null_rows + null_shard_rows - 1) / null_shard_rows ))
    echo "## Real cluster, null sink: $null_rows rows in $shards shards of $null_shard_rows rows, 2 workers of $null_slots slots"
    echo
    port=$(free_port)
    run=$work/null-$shards
    t0=$(now)
    /usr/bin/time -v -o "$run.coordinator.time" "$loom" coordinator "$spec" --sink null --rows "$null_rows" \
      --shard-rows "$null_shard_rows" --bind "tcp://127.0.0.1:$port" >"$run.coordinator.out" 2>"$run.coordinator.err" &
    coord=$!
    sleep 0.5
    pids=()
    for w in 1 2; do
      /usr/bin/time -v -o "$run.worker$w.time" "$loom" worker --connect "tcp://127.0.0.1:$port" --sink null --slots "$null_slots" \
        >"$run.worker$w.out" 2>"$run.worker$w.err" &
      pids+=($!)
    done
    wait $coord
    t1=$(now)
    for p in "${pids[@]}"; do wait "$p" || true; done
    python3 - "$shards" "$null_rows" "$t0" "$t1" "$(tv "$run.coordinator.time" 'User time (seconds)')" \
      "$(tv "$run.coordinator.time" 'System time (seconds)')" "$(tv "$run.coordinator.time" 'Maximum resident set size (kbytes)')" \
      "$(tv "$run.worker1.time" 'User time (seconds)')" "$(tv "$run.worker1.time" 'System time (seconds)')" \
      "$(tv "$run.worker2.time" 'User time (seconds)')" "$(tv "$run.worker2.time" 'System time (seconds)')" \
      "$(cat "$run.coordinator.out")" <<'PY'
import re, sys
shards, rows = int(sys.argv[1]), int(sys.argv[2])
t0, t1, cu, cs, rss, w1u, w1s, w2u, w2s = map(float, sys.argv[3:12])
line = sys.argv[12].strip().splitlines()[-1] if sys.argv[12].strip() else ""
m = re.search(r"finished job \S+: (\d+) shards", line)
assert m and int(m.group(1)) == shards, f"coordinator did not finish: {line!r}"
wall = t1 - t0
cpu = cu + cs
print("| figure | value |")
print("|---|---:|")
print(f"| coordinator wall seconds | {wall:.1f} |")
print(f"| assignments/s (shards / wall) | {shards / wall:,.0f} |")
print(f"| rows/s | {rows / wall / 1e6:.2f} M |")
print(f"| coordinator CPU seconds (user + sys) | {cu:.1f} + {cs:.1f} = {cpu:.1f} |")
print(f"| coordinator CPU per assignment | {cpu / shards * 1e6:.0f} µs |")
print(f"| assignments per coordinator CPU second | {shards / cpu:,.0f} |")
print(f"| coordinator max RSS | {rss / 1024:.1f} MiB |")
print(f"| workers' CPU seconds (user + sys, both) | {w1u + w2u:.1f} + {w1s + w2s:.1f} |")
PY
    echo
    echo "Commands: \`loom coordinator $spec --sink null --rows $null_rows --shard-rows $null_shard_rows --bind tcp://127.0.0.1:PORT\`"
    echo "under \`/usr/bin/time -v\`, and twice \`loom worker --connect tcp://127.0.0.1:PORT --sink null --slots $null_slots\`."
    echo
  done
fi

if has postgres; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  chown postgres "$work" 2>/dev/null || true
  as_pg "$bindir/initdb" -D "$work/data" -A trust -U postgres --no-sync -E UTF8 --locale=C >/dev/null
  port=$(free_port)
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
  settle() { psqlc postgres -c "CHECKPOINT"; sync; sleep 1; }

  echo "## Cluster overhead: \`loom run --workers 2\` vs \`loom load --jobs 2\`, $pg_rows rows, shards of $pg_shard_rows, PostgreSQL $("$bindir/postgres" --version | awk '{print $3}')"
  echo
  echo "Each command's stderr is time-stamped: its load phase ends at its first \`creating\` line (the"
  echo "first key; the same JobStore step in both), its finish phase (keys, ANALYZE, exit) runs from there."
  echo
  echo "| round | load: load phase s | load: finish s | load: wall s | run: load phase s | run: finish s | run: wall s |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  results=$work/postgres.tsv
  : > "$results"
  stamp() { python3 -u -c 'import sys, time
for line in sys.stdin: sys.stdout.write(f"{time.time():.3f} {line}")'; }
  # Seconds from $1 to the first "creating" line of the stamped log $2.
  phase() { awk -v t0="$1" '/ creating / { printf "%.3f", $1 - t0; exit }' "$2"; }
  for i in $(seq 1 "$repeats"); do
    fresh bench_load; settle
    t0=$(now)
    "$loom" load "$spec" --database "$(conn bench_load)" --rows "$pg_rows" --jobs 2 --shard-rows "$pg_shard_rows" \
      2>&1 >"$work/load$i.out" | stamp > "$work/load$i.err"
    t1=$(now)
    grep -q "^loaded job" "$work/load$i.out" || { echo "loom load failed; see $work/load$i.err" >&2; exit 1; }
    lp=$(phase "$t0" "$work/load$i.err")
    fresh bench_run; settle
    t2=$(now)
    "$loom" run "$spec" --database "$(conn bench_run)" --rows "$pg_rows" --workers 2 --shard-rows "$pg_shard_rows" \
      --monitor-listen "127.0.0.1:$(free_port)" 2>&1 >"$work/run$i.out" | stamp > "$work/run$i.err"
    t3=$(now)
    grep -q "^finished job" "$work/run$i.out" || { echo "loom run failed; see $work/run$i.err" >&2; exit 1; }
    rp=$(phase "$t2" "$work/run$i.err")
    loaded=$("$bindir/psql" -X -qtA -d "$(conn bench_run)" -c "select count(*) from users")
    [ "$loaded" = "$pg_rows" ] || { echo "loom run loaded $loaded rows, not $pg_rows" >&2; exit 1; }
    [ -n "$lp" ] && [ -n "$rp" ] || { echo "no 'creating' line in $work/load$i.err or $work/run$i.err" >&2; exit 1; }
    echo "$lp $(python3 -c "print($t1 - $t0)") $rp $(python3 -c "print($t3 - $t2)")" >> "$results"
    python3 - $lp $t0 $t1 $rp $t2 $t3 $i <<'PY'
import sys
lp, t0, t1, rp, t2, t3 = map(float, sys.argv[1:7])
print(f"| {sys.argv[7]} | {lp:.2f} | {t1 - t0 - lp:.2f} | {t1 - t0:.2f} | {rp:.2f} | {t3 - t2 - rp:.2f} | {t3 - t2:.2f} |")
PY
  done
  python3 - "$results" "$pg_rows" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
n = int(sys.argv[2])
med = lambda k: statistics.median(r[k] for r in rows)
lp, lw, rp, rw = med(0), med(1), med(2), med(3)
lf, rf = statistics.median(r[1] - r[0] for r in rows), statistics.median(r[3] - r[2] for r in rows)
print(f"| median | {lp:.2f} | {lf:.2f} | {lw:.2f} | {rp:.2f} | {rf:.2f} | {rw:.2f} |")
print()
ratio = lambda k: [r[k] / r[k + 2] for r in rows]
lpr, wr = ratio(0), ratio(1)
print(f"Run relative to load, paired per round (load seconds / run seconds), median of {len(rows)}: "
      f"load phase **{statistics.median(lpr):.2f}x** ({', '.join(f'{x:.2f}' for x in lpr)}), "
      f"whole command **{statistics.median(wr):.2f}x** ({', '.join(f'{x:.2f}' for x in wr)}).")
PY
  echo
  echo "Commands, each on a fresh database after a CHECKPOINT and \`sync\`:"
  echo "\`loom load $spec --database URL --rows $pg_rows --jobs 2 --shard-rows $pg_shard_rows\` and"
  echo "\`loom run $spec --database URL --rows $pg_rows --workers 2 --shard-rows $pg_shard_rows\` (with its monitor)."
fi
