#!/usr/bin/env bash
# Bulk import throughput: a Release server (build it first: dotnet build functions/ConsentHub.Server -c Release) on a
# fresh data folder, one import of LINES*N statements, the server's CPU per statement, and with WRK=<seconds> the
# single-route PUT …/contact-points from 64 wrk clients in the same run to compare.
# LINES=5 (default): the benchmark's shape (Run/ImportData.cs): per subject contact points with an e-mail and a phone,
# two consents, a newsletter state and an objection. LINES=2: contact points with an e-mail and an objection.
# The tenant has no propagation targets (no provider settings, no webhooks): the figure is the import's own CPU.
# PERF=<file>: a CPU profile of the server during the import (perf record; start it with EXTRA_ENV=DOTNET_PerfMapEnabled=1).
# EXTRA_ENV=ConsentHub__Propagation__Enabled=false leaves propagation out of the figure.
# Usage: N=50000 WRK=15 tests/ConsentHub.Benchmarks/import-throughput.sh
set -euo pipefail
N=${N:-50000}; LINES=${LINES:-5}; PORT=${PORT:-5197}; DIR=$(mktemp -d); WT=${WT:-$(cd "$(dirname "$0")/../.." && pwd)}
DLL=$WT/functions/ConsentHub.Server/bin/Release/net10.0/ConsentHub.dll
python3 - "$N" "$LINES" > "$DIR/body.ndjson" <<'PY'
import json,sys
n,lines=int(sys.argv[1]),int(sys.argv[2])
def line(d): print(json.dumps(d, separators=(",", ":")))
for i in range(n):
    s=f"s{i}"
    if lines == 2:
        line({"type":"contact-points","subjectId":s,"emails":[f"p{i}@example.fi"],"source":"crm"})
        line({"type":"objection","subjectId":s,"scope":"direct-marketing","channel":"email","source":"crm","evidence":{"recordedBy":"crm"}})
        continue
    line({"type":"contact-points","subjectId":s,"emails":[f"person{i}@example.fi"],"phones":[f"+35840{i:07d}"],"source":"crm"})
    line({"type":"consent","subjectId":s,"purpose":"market-research","channel":"email","granted":i%3!=0,"policyVersion":"2026-01-01","source":"crm"})
    line({"type":"consent","subjectId":s,"purpose":"market-research","channel":"phone","granted":i%2==0,"policyVersion":"2026-01-01","source":"crm"})
    line({"type":"newsletter","subjectId":s,"newsletter":"offers","subscribed":False,"source":"crm"})
    line({"type":"objection","subjectId":s,"scope":"direct-marketing","channel":"email" if i%4==0 else "sms","source":"crm","evidence":{"recordedBy":"migration"}})
PY
ls -la "$DIR/body.ndjson"
ConsentHub__DataDir=$DIR/data ASPNETCORE_ENVIRONMENT=Production ConsentHub__Secrets__AllowDataDir=true ConsentHub__AdminKey=op \
  ConsentHub__PublicBaseUrl=http://127.0.0.1:$PORT ConsentHub__RateLimits__ApiKey__PermitLimit=100000000 env ${EXTRA_ENV:-} dotnet "$DLL" --urls http://127.0.0.1:$PORT > "$DIR/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for i in $(seq 100); do curl -sf http://127.0.0.1:$PORT/health >/dev/null && break; sleep 0.2; done
KEY=$(curl -sf -H 'Authorization: Bearer op' -H 'Content-Type: application/json' http://127.0.0.1:$PORT/api/v1/admin/tenants -d '{"id":"bench","name":"Bench Oy","businessId":"2715049-8","languages":["fi"],"defaultLanguage":"fi","policyVersion":"2026-01-01","purposes":[{"id":"direct-marketing","legalBasis":"legitimate-interest","channels":["email","sms"]},{"id":"market-research","legalBasis":"consent","channels":["email","phone"],"marketing":true}],"newsletters":[{"id":"offers","doubleOptIn":false}],"cookieCategories":[{"id":"necessary","required":true}],"allowedOrigins":[]}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["apiKey"])')
if [ -n "${PERF:-}" ]; then perf record -q -e cpu-clock -g -p $PID -o "$PERF" 2>/dev/null & PERFPID=$!; sleep 1; fi
CPU0=$(awk '{print $14+$15}' /proc/$PID/stat)
START=$(date +%s.%N)
curl -sS -H "Authorization: Bearer $KEY" -H 'Content-Type: application/x-ndjson' -H 'Idempotency-Key: bench-1' --data-binary @"$DIR/body.ndjson" http://127.0.0.1:$PORT/api/v1/bench/imports; echo
END=$(date +%s.%N)
CPU1=$(awk '{print $14+$15}' /proc/$PID/stat)
if [ -n "${PERF:-}" ]; then kill -INT $PERFPID; wait $PERFPID || true; fi
python3 -c "print('server CPU ms per statement:', round(($CPU1-$CPU0)*10/($LINES*$N), 3), ' => statements/s if it had both cores:', round(2*$LINES*$N/(($CPU1-$CPU0)/100)))"
curl -sS -H "Authorization: Bearer $KEY" http://127.0.0.1:$PORT/api/v1/bench/imports/bench-1 | python3 -c 'import json,sys;d=json.load(sys.stdin);d.pop("rejected");print(d)'
python3 -c "print('wall statements/s:', round($LINES*$N/($END-$START)))"
if [ -n "${WRK:-}" ]; then sleep 5; C0=$(awk '{print $14+$15}' /proc/$PID/stat); KEY=$KEY wrk -t2 -c64 -d${WRK}s -s "$WT/tests/ConsentHub.Benchmarks/import-put.lua" http://127.0.0.1:$PORT > "$DIR/wrk.out"; C1=$(awk '{print $14+$15}' /proc/$PID/stat); grep -E "Requests/sec|Non-2xx|requests in" "$DIR/wrk.out"; R=$(grep "requests in" "$DIR/wrk.out" | awk '{print $1}'); python3 -c "print('single-route PUT: server CPU ms per write:', round(($C1-$C0)*10/$R, 3))"; fi
kill $PID; wait $PID 2>/dev/null || true
rm -rf "$DIR"
