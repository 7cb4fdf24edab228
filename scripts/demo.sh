#!/usr/bin/env bash
# The demo: validate a spec, preview it, measure generation, then load it with a local
# cluster (a coordinator and two worker processes over ZeroMQ) into the embedded PostgreSQL
# under .loom/, verify the load, and show that running it again changes nothing.
set -euo pipefail
spec=${1:-Configs/users.yaml}
rows=${ROWS:-1000000}
loom=.build/release/loom
echo "== loom check $spec"; $loom check "$spec"
echo; echo "== loom preview $spec --rows 8"; $loom preview "$spec" --rows 8
echo; echo "== loom bench $spec --rows 2000000"; $loom bench "$spec" --rows 2000000
echo; echo "== loom run $spec --rows $rows --workers 2   (coordinator + 2 workers, embedded PostgreSQL)"
$loom run "$spec" --rows "$rows" --workers 2 --shard-rows 100000 --replace
echo; echo "== loom verify $spec --rows $rows"; $loom verify "$spec" --rows "$rows" --shard-rows 100000
echo; echo "== loom load again: already loaded, nothing changes"; $loom load "$spec" --rows "$rows" --shard-rows 100000 --quiet
echo; $loom db status
echo "stop the server with: $loom db stop"
