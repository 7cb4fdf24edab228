#!/usr/bin/env bash
# `loom serve` side by side with `loom generate` in one run: CSV throughput of one large range
# (the server pinned to core 0, curl on core 1) next to generate's on core 0 to /dev/null, and
# single-row latency under 50 concurrent clients (wrk, random rows). Prints Markdown; figures go
# into docs/BENCHMARKS.md.
#
#   Benchmarks/serve.sh      (expects .build/release/loom and wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
loom=${LOOM:-.build/release/loom}
rows=${ROWS:-5000000}
spec=Configs/users.yaml
[ -x "$loom" ] || { echo "build first: swift build -c release --product loom" >&2; exit 2; }
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 2; }
work=$(mktemp -d)
port=18$((RANDOM % 900 + 100))
taskset -c 0 "$loom" serve "$spec" --listen 127.0.0.1:$port --token bench --rows "$rows" 2> "$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q "loom serve:" "$work/serve.log" && break; sleep 0.1; done
url=http://127.0.0.1:$port

echo "## loom serve, $(date -u +%Y-%m-%d), $(nproc) cores, $spec"
echo
echo "| what | rows | seconds | rows/s | MB/s |"
echo "|---|---:|---:|---:|---:|"
read -r bytes secs < <(taskset -c 1 curl -s -H "Authorization: Bearer bench" -o /dev/null -w "%{size_download} %{time_total}\n" \
  "$url/v1/tables/users/rows?offset=0&limit=$rows&format=csv")
python3 -c "print(f'| serve, one CSV range over HTTP | $rows | {$secs:.2f} | {$rows/$secs:,.0f} | {$bytes/$secs/1e6:.1f} |')"
start=$(date +%s.%N)
gbytes=$(taskset -c 0 "$loom" generate "$spec" --rows "$rows" --format csv --out - | wc -c)
gsecs=$(python3 -c "import time; print(time.time() - $start)")
python3 -c "print(f'| generate --format csv to a pipe | $rows | {$gsecs:.2f} | {$rows/$gsecs:,.0f} | {$gbytes/$gsecs/1e6:.1f} |')"
echo
cat > "$work/random.lua" <<LUA
math.randomseed(7)
request = function()
  return wrk.format("GET", "/v1/tables/users/rows/" .. math.random(0, $rows - 1), { ["Authorization"] = "Bearer bench" })
end
LUA
echo "Single rows, 50 connections, 20 s, random rows (wrk -t1 -c50 -d20s on core 1):"
echo
echo '```'
taskset -c 1 wrk -t1 -c50 -d20s --latency -s "$work/random.lua" "$url" | grep -E "Latency|50%|90%|99%|Requests/sec|requests in"
echo '```'
