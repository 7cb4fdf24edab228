#!/usr/bin/env bash
# The demo: validate a spec, preview it, measure generation, then load it into the embedded
# PostgreSQL (started under .loom/), verify the load, and run the load again (a no-op).
set -euo pipefail
spec=${1:-Configs/users.yaml}
rows=${ROWS:-1000000}
loom=.build/release/loom
echo "== loom check $spec"; $loom check "$spec"
echo; echo "== loom preview $spec --rows 8"; $loom preview "$spec" --rows 8
echo; echo "== loom bench $spec --rows 2000000"; $loom bench "$spec" --rows 2000000
echo; echo "== loom load $spec --rows $rows   (embedded PostgreSQL under .loom/)"
$loom load "$spec" --rows "$rows" --replace
echo; echo "== loom verify $spec --rows $rows"; $loom verify "$spec" --rows "$rows"
echo; echo "== loom load again: already loaded, nothing changes"; $loom load "$spec" --rows "$rows" --quiet
echo; $loom db status
echo "stop the server with: $loom db stop"
