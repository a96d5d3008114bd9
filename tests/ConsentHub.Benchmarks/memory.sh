#!/usr/bin/env bash
# The hub's memory per subject after a restart, as bench.sh measures it (RSS from /proc after the first answered
# check; the managed heap after a full collection, from dotnet-gcdump + dotnet-counters), less the same figures of a
# hub whose tenant has no subjects, without the rest of the benchmark. Build the server and the harness first:
#   dotnet build tests/ConsentHub.Benchmarks -c Release -nologo -v quiet
# Usage: DATA=/tmp/memory SUBJECTS=20000 [RUNS=2] tests/ConsentHub.Benchmarks/memory.sh
# DATA keeps both prepared folders (the tenant with SUBJECTS subjects through the bulk import, each with an e-mail, a
# phone, an objection, a consent and a newsletter state; and the same tenant with none) for a before and an after.
# Extra environment (e.g. DOTNET_GCgen0size) reaches the server as it is.
set -euo pipefail
DATA=${DATA:-/tmp/memory}; SUBJECTS=${SUBJECTS:-20000}; RUNS=${RUNS:-2}; PORT=${PORT:-5311}
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
dll=${DLL:-$root/functions/ConsentHub.Server/bin/Release/net10.0/ConsentHub.dll}
counters=${COUNTERS:-$here/results/tools/dotnet-counters} gcdump=${GCDUMP:-$here/results/tools/dotnet-gcdump}   # bench.sh installs them there
harness() { dotnet "$here/bin/Release/net10.0/ConsentHub.Benchmarks.dll" --mode "$@"; }
url=http://127.0.0.1:$PORT
pid=""
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; true' EXIT
start() {   # start DIR
  ASPNETCORE_ENVIRONMENT=Production ConsentHub__DataDir="$1/data" ConsentHub__AdminKey=op ConsentHub__Secrets__AllowDataDir=true \
    ConsentHub__PublicBaseUrl=$url Logging__LogLevel__Default=Warning \
    dotnet "$dll" --urls $url >"$1/server.log" 2>&1 &
  pid=$!
}
stop() { kill "$pid"; wait "$pid" || true; pid=""; }
first_check() {   # until a permissions/check of DIR's tenant is answered 200
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST $url/api/v1/bench/permissions/check -H "Authorization: Bearer $(cat "$1/key")" \
      -H 'Content-Type: application/json' -d '{"purpose":"direct-marketing","channel":"email","recipients":["person1@example.fi"]}')" == 200 ]]; do
    kill -0 $pid 2>/dev/null || { tail -20 "$1/server.log"; exit 1; }
    sleep 0.1
  done
}
prepare() {   # prepare DIR SUBJECTS
  [[ -f "$1/key" ]] && return 0
  mkdir -p "$1"
  start "$1"
  until curl -sf $url/health >/dev/null; do sleep 0.2; kill -0 $pid || { tail -20 "$1/server.log"; exit 1; }; done
  curl -sf -H 'Authorization: Bearer op' -H 'Content-Type: application/json' $url/api/v1/admin/tenants -d '{"id":"bench","name":"Bench Oy",
    "businessId":"2715049-8","languages":["fi","sv","en"],"defaultLanguage":"fi","policyVersion":"2026-01-01",
    "purposes":[{"id":"direct-marketing","legalBasis":"legitimate-interest","channels":["email","sms"]},
      {"id":"market-research","legalBasis":"consent","channels":["email","phone"],"marketing":true}],
    "newsletters":[{"id":"offers","doubleOptIn":false}],"cookieCategories":[{"id":"necessary","required":true}],"allowedOrigins":[]}' \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["apiKey"])' >"$1/key.tmp"
  if [[ "$2" -gt 0 ]]; then
    harness ndjson --subjects "$2" --out "$1/import.ndjson"
    curl -s -H "Authorization: Bearer $(cat "$1/key.tmp")" -H 'Content-Type: application/x-ndjson' -H 'Idempotency-Key: memory-1' -X POST \
      -T "$1/import.ndjson" $url/api/v1/bench/imports >/dev/null || true
    until curl -sf -H "Authorization: Bearer $(cat "$1/key.tmp")" $url/api/v1/bench/imports/memory-1 | grep -q '"status":"completed"'; do sleep 2; done
    harness quiet --db "$1/data/consenthub.db"
    rm -f "$1/import.ndjson"
  fi
  stop
  mv "$1/key.tmp" "$1/key"
}
rss() { awk '/^VmRSS:/ { print $2 * 1024 }' /proc/$pid/status; }
heap() {   # as bench.sh: gcdump's collect induces a full collection, counters read the heap it left
  rm -f "$DATA/counters.csv"
  "$gcdump" collect -p $pid -o "$DATA/heap.gcdump" >/dev/null 2>&1 || { echo 0; return; }
  rm -f "$DATA/heap.gcdump"
  "$counters" collect -p $pid --counters System.Runtime --format csv -o "$DATA/counters.csv" --duration 00:00:00:03 >/dev/null 2>&1 || true
  awk -F, '$3 ~ /^dotnet.gc.last_collection.heap.size/ { if ($1 != at) { at = $1; sum = 0 } sum += $NF } END { print (at == "" ? 0 : sum) }' "$DATA/counters.csv"
}
measure() {   # measure DIR: prints "rss heap" after a restart and the first answered check
  start "$1"
  first_check "$1"
  sleep 2
  local r; r=$(rss)
  echo "$r $(heap)"
  stop
}
prepare "$DATA/empty" 0
prepare "$DATA/full" "$SUBJECTS"
for run in $(seq "$RUNS"); do
  read -r er eh < <(measure "$DATA/empty")
  read -r fr fh < <(measure "$DATA/full")
  python3 -c "
n=$SUBJECTS; er=$er; eh=$eh; fr=$fr; fh=$fh
print(f'run $run: {n} subjects: RSS {fr/2**20:.1f} MiB (no subjects {er/2**20:.1f} MiB): {(fr-er)/n:.0f} B per subject; ' +
      f'heap {fh/2**20:.1f} MiB (no subjects {eh/2**20:.1f} MiB): {(fh-eh)/n:.0f} B per subject')"
done
