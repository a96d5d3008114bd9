#!/usr/bin/env bash
# Propagation drain cost: a Release server (build it first: dotnet build functions/ConsentHub.Server -c Release) on a
# fresh data folder, a tenant with a SendGrid marketing group and no api key (the outbox stands in for SendGrid), one
# import of 2*N statements (contact points and a ban per subject), then a wait until every propagation is done (the
# starter's checkpoint at the log's end and no ready task in the queue). Prints the server's CPU per delivery (an
# outbox line) from the import's start to quiet, and for the drain alone (from the import's end), and the drain rate.
# Usage: N=2500 PARALLELISM=4 tests/ConsentHub.Benchmarks/drain-cost.sh     (PERF=1: perf record the drain)
set -euo pipefail
N=${N:-2500}; PORT=${PORT:-5198}; DIR=$(mktemp -d); WT=${WT:-$(cd "$(dirname "$0")/../.." && pwd)}
DLL=$WT/functions/ConsentHub.Server/bin/Release/net10.0/ConsentHub.dll
python3 - "$N" > "$DIR/body.ndjson" <<'PY'
import json,sys
n=int(sys.argv[1])
for i in range(n):
    print(json.dumps({"type":"contact-points","subjectId":f"s{i}","emails":[f"p{i}@example.fi"],"source":"crm"}))
    print(json.dumps({"type":"objection","subjectId":f"s{i}","scope":"direct-marketing","channel":"email","source":"crm","evidence":{"recordedBy":"crm"}}))
PY
ConsentHub__DataDir=$DIR/data ASPNETCORE_ENVIRONMENT=Production ConsentHub__Secrets__AllowDataDir=true ConsentHub__AdminKey=op \
  ConsentHub__PublicBaseUrl=http://127.0.0.1:$PORT ConsentHub__RateLimits__ApiKey__PermitLimit=100000000 \
  ConsentHub__Propagation__Parallelism=${PARALLELISM:-4} DOTNET_PerfMapEnabled=${PERF:-0} env ${EXTRA_ENV:-} dotnet "$DLL" --urls http://127.0.0.1:$PORT > "$DIR/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$DIR"' EXIT
for i in $(seq 150); do curl -sf http://127.0.0.1:$PORT/health >/dev/null && break; sleep 0.2; done
KEY=$(curl -sf -H 'Authorization: Bearer op' -H 'Content-Type: application/json' http://127.0.0.1:$PORT/api/v1/admin/tenants -d '{"id":"bench","name":"Bench Oy","businessId":"2715049-8","languages":["fi"],"defaultLanguage":"fi","policyVersion":"1","purposes":[{"id":"direct-marketing","legalBasis":"legitimate-interest","channels":["email","sms"]}],"newsletters":[],"cookieCategories":[{"id":"necessary","required":true}],"allowedOrigins":[],"sendgrid":{"marketingGroupIds":[1]}}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["apiKey"])')
cpu() { awk '{print $14+$15}' /proc/$PID/stat; }
quiet() { python3 - "$DIR/data/consenthub.db" <<'PY'
import sqlite3,sys
c=sqlite3.connect(f"file:{sys.argv[1]}?mode=ro",uri=True,timeout=30)
end=c.execute("select coalesce(max(position),0) from events").fetchone()[0]
at=c.execute("select coalesce((select position from checkpoints where name='propagation-starter'),0)").fetchone()[0]
ready=c.execute("select count(*) from propagation_queue where state='ready'").fetchone()[0]
print("yes" if at>=end and ready==0 else "no")
PY
}
sleep 2; CPU0=$(cpu); T0=$(date +%s.%N)
curl -sS -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/x-ndjson' -H 'Idempotency-Key: drain-1' --data-binary @"$DIR/body.ndjson" http://127.0.0.1:$PORT/api/v1/bench/imports
while [ "$(curl -sS -H "Authorization: Bearer $KEY" http://127.0.0.1:$PORT/api/v1/bench/imports/drain-1 | python3 -c 'import json,sys;print(json.load(sys.stdin)["status"])')" = running ]; do sleep 0.2; done
CPU1=$(cpu); T1=$(date +%s.%N)
if [ "${PERF:-0}" = 1 ]; then perf record -e cpu-clock -g -p $PID -o "$WT/../drain-perf.data" 2>/dev/null & PERFPID=$!; fi
Q=0; while [ $Q -lt 2 ]; do sleep 0.5; if [ "$(quiet)" = yes ]; then Q=$((Q+1)); else Q=0; fi; done
CPU2=$(cpu); T2=$(date +%s.%N)
if [ -n "${PERFPID:-}" ]; then kill -INT $PERFPID; wait $PERFPID || true; fi
D=$(wc -l < "$DIR/data/outbox/sendgrid.jsonl")
python3 -c "
d=$D; print('deliveries (outbox lines):', d)
print('server CPU ms per delivery, import start to quiet:', round(($CPU2-$CPU0)*10/d, 3))
print('server CPU ms per delivery, import end to quiet (drain only):', round(($CPU2-$CPU1)*10/d, 3))
print('wall: import', round($T1-$T0,1), 's; import end to quiet', round($T2-$T1,1), 's; deliveries/s import start to quiet:', round(d/($T2-$T0)))"
kill $PID; wait $PID 2>/dev/null || true
