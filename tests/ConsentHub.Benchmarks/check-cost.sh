#!/usr/bin/env bash
# The hub's own cost of a permission check, per request and per recipient: CPU (utime+stime of the server from
# /proc/PID/stat over a fixed wrk run) and allocated bytes (dotnet.gc.heap.total_allocated over a second run), so a
# change can be judged on a machine other work shares, where requests/s is noise. Build the server first:
#   dotnet build functions/ConsentHub.Server -c Release -nologo -v quiet
#   dotnet build tests/ConsentHub.Benchmarks -c Release -nologo -v quiet      (the harness writes the import file)
# Usage: DATA=/tmp/check-cost SUBJECTS=5000 SECONDS=15 [TRACE=1] tests/ConsentHub.Benchmarks/check-cost.sh
# DATA keeps the imported tenant between runs (the same data for a before and an after); TRACE=1 also samples the
# 1,000-recipient run with dotnet-trace (thread-time samples: the check's share is under CheckEndpoints.Check) and
# prints its top items.
set -euo pipefail
DATA=${DATA:-/tmp/check-cost}; SUBJECTS=${SUBJECTS:-5000}; SECONDS_=${SECONDS:-15}; PORT=${PORT:-5198}
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
dll=$root/functions/ConsentHub.Server/bin/Release/net10.0/ConsentHub.dll
counters=${COUNTERS:-$here/results/tools/dotnet-counters}   # bench.sh installs it there
trace=${DOTNET_TRACE:-$HOME/.dotnet/tools/dotnet-trace}
url=http://127.0.0.1:$PORT
mkdir -p "$DATA"
pid=""
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; true' EXIT
start() {
  ASPNETCORE_ENVIRONMENT=Production ConsentHub__DataDir="$DATA/data" ConsentHub__AdminKey=op ConsentHub__Secrets__AllowDataDir=true \
    ConsentHub__PublicBaseUrl=$url Logging__LogLevel__Default=Warning \
    ConsentHub__RateLimits__ApiKey__PermitLimit=1000000000 ConsentHub__RateLimits__Anonymous__PermitLimit=1000000000 \
    dotnet "$dll" --urls $url >"$DATA/server.log" 2>&1 &
  pid=$!
  until curl -sf $url/health >/dev/null; do sleep 0.2; kill -0 $pid || { tail -20 "$DATA/server.log"; exit 1; }; done
}
if [[ ! -f "$DATA/key" ]]; then
  start
  curl -sf -H 'Authorization: Bearer op' -H 'Content-Type: application/json' $url/api/v1/admin/tenants -d '{"id":"bench","name":"Bench Oy",
    "businessId":"2715049-8","languages":["fi","sv","en"],"defaultLanguage":"fi","policyVersion":"2026-01-01",
    "purposes":[{"id":"direct-marketing","legalBasis":"legitimate-interest","channels":["email","sms"]},
      {"id":"market-research","legalBasis":"consent","channels":["email","phone"],"marketing":true}],
    "newsletters":[{"id":"offers","doubleOptIn":false}],"cookieCategories":[{"id":"necessary","required":true}],"allowedOrigins":[]}' \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["apiKey"])' >"$DATA/key.tmp"
  dotnet "$here/bin/Release/net10.0/ConsentHub.Benchmarks.dll" --mode ndjson --subjects "$SUBJECTS" --out "$DATA/import.ndjson"
  curl -s -H "Authorization: Bearer $(cat "$DATA/key.tmp")" -H 'Content-Type: application/x-ndjson' -H 'Idempotency-Key: cost-1' -X POST \
    -T "$DATA/import.ndjson" $url/api/v1/bench/imports || true; echo
  until curl -sf -H "Authorization: Bearer $(cat "$DATA/key.tmp")" $url/api/v1/bench/imports/cost-1 | grep -q '"status":"completed"'; do sleep 2; done
  echo "$SUBJECTS" >"$DATA/subjects"; mv "$DATA/key.tmp" "$DATA/key"
  kill $pid; wait $pid || true; pid=""
fi
start
export BENCH_SUBJECTS=$(cat "$DATA/subjects") BENCH_TENANT=bench BENCH_KEY=$(cat "$DATA/key")
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' /proc/$pid/stat; }
# Bytes the server allocated while `"$@"` ran: dotnet.gc.heap.total_allocated is reported as bytes per second each
# second, so the counters run from before to after the command and their rates are summed (an idle hub allocates
# next to nothing meanwhile).
allocated_during() {
  rm -f "$DATA/counters.csv"
  "$counters" collect -p $pid --counters 'System.Runtime[dotnet.gc.heap.total_allocated]' --refresh-interval 1 --format csv \
    -o "$DATA/counters.csv" --duration 00:00:00:$(printf %02d $((SECONDS_ + 8))) >/dev/null 2>&1 &
  local cpid=$!
  sleep 3
  "$@"
  wait $cpid 2>/dev/null || true
  [[ -f "$DATA/counters.csv" ]] && awk -F, '$3 ~ /total_allocated/ { v += $NF } END { printf "%.0f", v }' "$DATA/counters.csv" >"$DATA/allocated" \
    || echo 0 >"$DATA/allocated"
}
hz=$(getconf CLK_TCK)
# measure NAME SCRIPT RECIPIENTS CONNECTIONS
measure() {
  local name=$1 script=$2 per=$3 conns=$4 tpid=""
  wrk -s "$here/wrk/$script.lua" -t2 -c"$conns" -d3s $url/ >/dev/null
  if [[ "${TRACE:-}" == 1 && "$name" == check1000 ]]; then
    "$trace" collect -p $pid --profile dotnet-sampled-thread-time --duration 00:00:00:$(printf %02d "$SECONDS_") -o "$DATA/$name.nettrace" >"$DATA/trace.log" 2>&1 &
    tpid=$!
  fi
  local t0 t1; t0=$(ticks)
  wrk -s "$here/wrk/$script.lua" -t2 -c"$conns" -d"${SECONDS_}s" $url/ >"$DATA/wrk-$name.txt"
  t1=$(ticks)
  [[ -n "$tpid" ]] && { wait $tpid || tail -5 "$DATA/trace.log"; }
  # allocations in a second run of the same length (the counters' own session must not count in the CPU figure)
  allocated_during wrk -s "$here/wrk/$script.lua" -t2 -c"$conns" -d"${SECONDS_}s" $url/ >"$DATA/wrk-$name-alloc.txt"
  local n m; n=$(awk '/requests in/ { print $1 }' "$DATA/wrk-$name.txt"); m=$(awk '/requests in/ { print $1 }' "$DATA/wrk-$name-alloc.txt")
  python3 -c "
n=$n; m=$m; per=$per; cpu=($t1-$t0)/$hz; alloc=$(cat "$DATA/allocated")
print(f'$name: {n} requests, {cpu:.1f} s hub CPU, {cpu*1e6/n:.1f} us/request, {cpu*1e6/(n*per):.2f} us/recipient; ' +
      f'{alloc/m:.0f} B allocated/request, {alloc/(m*per):.0f} B/recipient (over {m} requests); {n/$SECONDS_:.0f} requests/s (wall, noisy)')"
  grep -E 'Non-2xx|errors' "$DATA/wrk-$name.txt" || true
}
measure check1000 check1000 1000 8
measure check1 check1 1 32
if [[ "${TRACE:-}" == 1 ]]; then
  "$trace" report "$DATA/check1000.nettrace" topN -n 30 --inclusive
  "$trace" report "$DATA/check1000.nettrace" topN -n 30
fi
