#!/usr/bin/env bash
# Side-by-side generation benchmark, one run: Loom vs Python Faker and mimesis on the
# Configs/users.yaml row shape (COPY text, one core, no database), plus Loom's other
# encodings and its memory while streaming 100M rows to /dev/null.
# Prints a Markdown report; figures go into docs/BENCHMARKS.md.
#
#   make bench            (builds a release loom first)
#   Benchmarks/run.sh     (expects .build/release/loom)
set -euo pipefail
cd "$(dirname "$0")/.."
loom=.build/release/loom
spec=Configs/users.yaml
loom_rows=${LOOM_ROWS:-5000000}
faker_rows=${FAKER_ROWS:-20000}
mimesis_rows=${MIMESIS_ROWS:-200000}
stream_rows=${STREAM_ROWS:-100000000}

[ -x "$loom" ] || { echo "build first: swift build -c release --product loom" >&2; exit 2; }
python3 -c "import faker, mimesis" 2>/dev/null || pip install -q -r Benchmarks/python/requirements.txt

json() { python3 -c "import json,sys; d=json.loads(sys.stdin.read().strip().splitlines()[-1]); print(d['$1'])"; }

echo "## Generation on one core (rows/s), $(date -u +%Y-%m-%d), $(nproc) cores"
echo
echo "| generator | rows | rows/s | MB/s |"
echo "|---|---:|---:|---:|"
declare -A rps
for fmt in copy copy-binary csv jsonl; do
  out=$(taskset -c 0 $loom bench $spec --rows "$loom_rows" --format $fmt --json)
  r=$(echo "$out" | json rows_per_sec); m=$(echo "$out" | json mb_per_sec)
  rps[loom-$fmt]=$r
  printf "| loom (%s) | %s | %.0f | %.1f |\n" "$fmt" "$loom_rows" "$r" "$m"
done
for lib in mimesis faker; do
  n=$([ $lib = faker ] && echo "$faker_rows" || echo "$mimesis_rows")
  out=$(taskset -c 0 python3 Benchmarks/python/users_rows.py --lib $lib --rows "$n" --json)
  r=$(echo "$out" | json rows_per_sec); b=$(echo "$out" | json bytes); s=$(echo "$out" | json seconds)
  rps[$lib]=$r
  printf "| python %s %s (COPY text) | %s | %.0f | %.1f |\n" "$lib" "$(echo "$out" | json version)" "$n" "$r" "$(python3 -c "print($b/$s/1e6)")"
done
echo
python3 - "${rps[loom-copy]}" "${rps[mimesis]}" "${rps[faker]}" <<'PY'
import sys
loom, mimesis, faker = map(float, sys.argv[1:])
print(f"Ratios (COPY text): Loom / mimesis = **{loom / mimesis:.0f}x**, Loom / Faker = **{loom / faker:.0f}x**")
PY
echo
echo "## Memory while streaming to /dev/null (max RSS)"
echo
echo "| rows | max RSS (MiB) | seconds |"
echo "|---:|---:|---:|"
for n in 1000000 "$stream_rows"; do
  python3 - "$loom" "$spec" "$n" <<'PY'
import resource, subprocess, sys, time
loom, spec, n = sys.argv[1:]
t = time.perf_counter()
with open("/dev/null", "wb") as devnull:
    subprocess.run([loom, "generate", spec, "--rows", n, "--format", "copy"], stdout=devnull, check=True)
secs = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"| {int(n):,} | {rss:.1f} | {secs:.1f} |")
PY
done
echo
echo "## Drift sketching on the worker's path (COPY binary, one core)"
echo
echo "| sketching | rows/s | vs none |"
echo "|---|---:|---:|"
base=""
for mode in none stride every; do
  case $mode in
    none) args=(); label="none" ;;
    stride) args=(--sketch); label="sampled (the table's stride)" ;;
    every) args=(--sketch --sketch-every 1); label="every row" ;;
  esac
  out=$(taskset -c 0 $loom bench $spec --rows "$loom_rows" --format copy-binary --json "${args[@]}")
  r=$(echo "$out" | json rows_per_sec)
  [ -z "$base" ] && base=$r
  [ "$mode" = stride ] && label="$label, 1 in $(echo "$out" | json sketch_every)"
  printf "| %s | %.0f | %.3f |\n" "$label" "$r" "$(python3 -c "print($r/$base)")"
done
