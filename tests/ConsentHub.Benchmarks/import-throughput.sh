#!/usr/bin/env bash
# Bulk import throughput: a Release server (build it first: dotnet build functions/ConsentHub.Server -c Release) on a
# fresh data folder, one import of 2*N statements (contact points and a ban per subject), the server's CPU per
# statement, and with WRK=<seconds> the single-route PUT …/contact-points from 64 wrk clients in the same run to compare.
# Usage: N=50000 WRK=15 tests/ConsentHub.Benchmarks/import-throughput.sh
set -euo pipefail
N=${N:-50000}; PORT=${PORT:-5197}; DIR=$(mktemp -d); WT=${WT:-$(cd "$(dirname "$0")/../.." && pwd)}
DLL=$WT/functions/ConsentHub.Server/bin/Release/net10.0/ConsentHub.dll
python3 - "$N" > "$DIR/body.ndjson" <<'PY'
import json,sys
n=int(sys.argv[1])
for i in range(n):
    print(json.dumps({"type":"contact-points","subjectId":f"s{i}","emails":[f"p{i}@example.fi"],"source":"crm"}))
    print(json.dumps({"type":"objection","subjectId":f"s{i}","scope":"direct-marketing","channel":"email","source":"crm","evidence":{"recordedBy":"crm"}}))
PY
ls -la "$DIR/body.ndjson"
ConsentHub__DataDir=$DIR/data ASPNETCORE_ENVIRONMENT=Production ConsentHub__Secrets__AllowDataDir=true ConsentHub__AdminKey=op \
  ConsentHub__PublicBaseUrl=http://127.0.0.1:$PORT ConsentHub__RateLimits__ApiKey__PermitLimit=100000000 env ${EXTRA_ENV:-} dotnet "$DLL" --urls http://127.0.0.1:$PORT > "$DIR/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for i in $(seq 100); do curl -sf http://127.0.0.1:$PORT/health >/dev/null && break; sleep 0.2; done
KEY=$(curl -sf -H 'Authorization: Bearer op' -H 'Content-Type: application/json' http://127.0.0.1:$PORT/api/v1/admin/tenants -d '{"id":"bench","name":"Bench Oy","businessId":"2715049-8","languages":["fi"],"defaultLanguage":"fi","policyVersion":"1","purposes":[{"id":"direct-marketing","legalBasis":"legitimate-interest","channels":["email","sms"]}],"newsletters":[],"cookieCategories":[{"id":"necessary","required":true}],"allowedOrigins":[]}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["apiKey"])')
CPU0=$(awk '{print $14+$15}' /proc/$PID/stat)
START=$(date +%s.%N)
curl -sS -H "Authorization: Bearer $KEY" -H 'Content-Type: application/x-ndjson' -H 'Idempotency-Key: bench-1' --data-binary @"$DIR/body.ndjson" http://127.0.0.1:$PORT/api/v1/bench/imports; echo
END=$(date +%s.%N)
CPU1=$(awk '{print $14+$15}' /proc/$PID/stat)
python3 -c "print('server CPU ms per statement:', round(($CPU1-$CPU0)*10/(2*$N), 3), ' => statements/s if it had both cores:', round(2*2*$N/(($CPU1-$CPU0)/100)))"
curl -sS -H "Authorization: Bearer $KEY" http://127.0.0.1:$PORT/api/v1/bench/imports/bench-1 | python3 -c 'import json,sys;d=json.load(sys.stdin);d.pop("rejected");print(d)'
python3 -c "print('wall statements/s:', round(2*$N/($END-$START)))"
if [ -n "${WRK:-}" ]; then sleep 5; C0=$(awk '{print $14+$15}' /proc/$PID/stat); KEY=$KEY wrk -t2 -c64 -d${WRK}s -s "$WT/tests/ConsentHub.Benchmarks/import-put.lua" http://127.0.0.1:$PORT > "$DIR/wrk.out"; C1=$(awk '{print $14+$15}' /proc/$PID/stat); grep -E "Requests/sec|Non-2xx|requests in" "$DIR/wrk.out"; R=$(grep "requests in" "$DIR/wrk.out" | awk '{print $1}'); python3 -c "print('single-route PUT: server CPU ms per write:', round(($C1-$C0)*10/$R, 3))"; fi
kill $PID; wait $PID 2>/dev/null || true
rm -rf "$DIR"
