#!/usr/bin/env bash
# The benchmark command: issue 12's figures over loopback HTTP with wrk, each against a baseline measured in the same
# run on the same machine, on a tenant prepared through the hub's own bulk import. Not part of the test command.
#
#   bash tests/ConsentHub.Benchmarks/bench.sh [--subjects N] [--seconds S] [--samples K]
#
#   --subjects  subjects to import, each with an e-mail and a phone and about five events (default 1000000)
#   --seconds   length of each wrk measurement (default 10)
#   --samples   opt-outs timed while 64 clients write (default 100)
#   --note      a line for the results, e.g. what else ran on the machine
#   --parallelism  ConsentHub__Propagation__Parallelism for the hub (default 16: what an operator sets for a migration,
#                  so the import's propagations drain in minutes; the hub's own default is 4)
#
# Writes tests/ConsentHub.Benchmarks/results/run-<time>-<N>/ (data folder, server logs, figures, results.json and
# results.md; git-ignored) and prints the table. Every process it starts is stopped when it ends, also on failure.
set -euo pipefail

subjects=1000000 seconds=10 samples=100 note="" parallelism=16
while [[ $# -gt 0 ]]; do
  case "$1" in
    --subjects) subjects="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --samples) samples="$2"; shift 2 ;;
    --note) note="$2"; shift 2 ;;
    --parallelism) parallelism="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
run="$here/results/run-$(date -u +%Y%m%dT%H%M%SZ)-$subjects"
data="$run/data"
figures="$run/figures.env"
mkdir -p "$data"
: >"$figures"
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
say() { echo "[$(date -u +%H:%M:%S)] $*"; }
figure() { echo "$1=$2" >>"$figures"; }

server_pid="" wrk_pid="" import_pid=""
cleanup() {
  [[ -n "$import_pid" ]] && kill "$import_pid" 2>/dev/null && wait "$import_pid" 2>/dev/null
  [[ -n "$wrk_pid" ]] && kill "$wrk_pid" 2>/dev/null && wait "$wrk_pid" 2>/dev/null
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools --------------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  say "installing wrk from Debian"
  sudo_=""; [[ $(id -u) -ne 0 ]] && sudo_="sudo"
  $sudo_ apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq wrk >/dev/null
fi
counters="$here/results/tools/dotnet-counters" gcdump="$here/results/tools/dotnet-gcdump"
for tool in dotnet-counters dotnet-gcdump; do
  if [[ ! -x "$here/results/tools/$tool" ]]; then
    say "installing $tool (NuGet) into results/tools"
    dotnet tool install "$tool" --version 10.0.750501 --tool-path "$here/results/tools" >/dev/null \
      || say "$tool could not be installed: the managed heap is not measured"
  fi
done

say "building the server and the harness in Release"
dotnet build "$here/ConsentHub.Benchmarks.csproj" -c Release -nologo -v quiet >"$run/build.log" 2>&1 || { tail -30 "$run/build.log"; exit 1; }
server_dll="$root/functions/ConsentHub.Server/bin/Release/net10.0/ConsentHub.dll"
harness() { dotnet "$here/bin/Release/net10.0/ConsentHub.Benchmarks.dll" --mode "$@"; }

# --- the server ---------------------------------------------------------------------------------------------------
port=$( (dotnet "$here/bin/Release/net10.0/ConsentHub.Benchmarks.dll" --mode port 2>/dev/null) || echo 58431)
url="http://127.0.0.1:$port"
admin_key="bench-operator-$RANDOM$RANDOM"
starts=0
start_server() {
  starts=$((starts + 1))
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$url" \
  ConsentHub__DataDir="$data" ConsentHub__AdminKey="$admin_key" ConsentHub__Secrets__AllowDataDir=true \
  ConsentHub__PublicBaseUrl="$url" Logging__LogLevel__Default=Warning ConsentHub__Propagation__Parallelism="$parallelism" \
  ConsentHub__RateLimits__ApiKey__PermitLimit=1000000000 ConsentHub__RateLimits__Anonymous__PermitLimit=1000000000 \
    dotnet "$server_dll" >"$run/server-$starts.log" 2>&1 &
  server_pid=$!
}
stop_server() {
  kill -TERM "$server_pid" && wait "$server_pid" || true
  server_pid=""
}
check_body='{"purpose":"direct-marketing","channel":"email","recipients":["person1@example.fi"]}'
# Until a permissions/check is answered 200 (prints the milliseconds since $1, a date +%s%N).
first_check() {
  local since="$1"
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/api/v1/bench/permissions/check" \
      -H "Authorization: Bearer $api_key" -H 'Content-Type: application/json' -d "$check_body" 2>/dev/null)" == 200 ]]; do
    kill -0 "$server_pid" 2>/dev/null || { echo "the server stopped; its log:" >&2; tail -30 "$run/server-$starts.log" >&2; exit 1; }
  done
  echo $(( ($(date +%s%N) - since) / 1000000 ))
}
rss_bytes() { awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$server_pid/status"; }
# The managed (GC) heap of the running server in bytes, after a full collection: dotnet-gcdump's collect induces one
# (its dump is thrown away), then dotnet-counters reads the heap size that collection left, summed over generations.
# Empty when the tools could not be installed.
heap_bytes() {
  [[ -x "$counters" && -x "$gcdump" ]] || return 0
  local out="$run/counters-$starts.csv"
  rm -f "$out"
  "$gcdump" collect -p "$server_pid" -o "$run/heap-$starts.gcdump" >/dev/null 2>&1 || return 0
  rm -f "$run/heap-$starts.gcdump"
  "$counters" collect -p "$server_pid" --counters System.Runtime --format csv -o "$out" --duration 00:00:00:03 >/dev/null 2>&1 || true
  [[ -f "$out" ]] && awk -F, '$3 ~ /^dotnet.gc.last_collection.heap.size/ { if ($1 != at) { at = $1; sum = 0 } sum += $NF } END { if (at != "") print sum }' "$out"
}

say "starting the hub on $url with a new data folder $data"
api_key=""
start_server
until curl -sf "$url/health" >/dev/null; do sleep 0.2; kill -0 "$server_pid" 2>/dev/null || { tail -30 "$run/server-1.log"; exit 1; }; done
tenant=$(curl -sf -X POST "$url/api/v1/admin/tenants" -H "Authorization: Bearer $admin_key" -H 'Content-Type: application/json' -d '{
  "id": "bench", "name": "Bench Oy", "businessId": "2715049-8", "languages": ["fi", "sv", "en"], "defaultLanguage": "fi",
  "policyVersion": "2026-01-01",
  "purposes": [
    { "id": "direct-marketing", "legalBasis": "legitimate-interest", "channels": ["email", "sms"] },
    { "id": "market-research", "legalBasis": "consent", "channels": ["email", "phone"], "marketing": true }
  ],
  "newsletters": [ { "id": "offers", "doubleOptIn": false } ],
  "cookieCategories": [ { "id": "necessary", "required": true }, { "id": "analytics", "cookies": ["_ga"] }, { "id": "marketing", "cookies": ["_fbp"] } ],
  "allowedOrigins": ["https://www.example.fi"],
  "sendgrid": { "marketingGroupIds": [1] }
}')
api_key=$(grep -o '"apiKey":"[^"]*"' <<<"$tenant" | cut -d'"' -f4)
site_key=$(grep -o '"siteKey":"[^"]*"' <<<"$tenant" | cut -d'"' -f4)
first_check "$(date +%s%N)" >/dev/null
sleep 2
figure rss_empty_bytes "$(rss_bytes)"
figure heap_empty_bytes "$(heap_bytes)"

# --- the data, through the bulk import ----------------------------------------------------------------------------
say "writing the import file: $subjects subjects, $((2 * subjects)) contact points, $((5 * subjects)) statements"
harness ndjson --subjects "$subjects" --out "$run/import.ndjson"
import_id="bench-$(date -u +%s)"
say "POST /api/v1/bench/imports ($(du -h "$run/import.ndjson" | cut -f1)), its progress from GET …/imports/$import_id"
# The post streams the file (curl -T does not load it whole) and may answer only once the body is written: it runs
# in the background while the progress is read.
curl -s -o "$run/import-answer.json" -w '%{http_code}' -X POST -T "$run/import.ndjson" "$url/api/v1/bench/imports" \
  -H "Authorization: Bearer $api_key" -H 'Content-Type: application/x-ndjson' -H "Idempotency-Key: $import_id" >"$run/import-status-code" &
import_pid=$! import_started=$(date +%s)
import_progress() {
  progress=$(curl -s "$url/api/v1/bench/imports/$import_id" -H "Authorization: Bearer $api_key")
  state=$(grep -o '"status":"[^"]*"' <<<"$progress" | cut -d'"' -f4)
  local rejected
  rejected=$(grep -o '"rejectedCount":[0-9]*' <<<"$progress" | cut -d: -f2)
  [[ -n "$state" ]] && say "import $state: $(grep -o '"linesRead":[0-9]*' <<<"$progress" | cut -d: -f2) lines read, $(grep -o '"written":[0-9]*' <<<"$progress" | cut -d: -f2) written, ${rejected:-$(grep -o '"line":' <<<"$progress" | wc -l)} rejected, $(grep -o '"perSecond":[0-9.]*' <<<"$progress" | cut -d: -f2) lines/s"
  true
}
while kill -0 "$import_pid" 2>/dev/null; do sleep 5; kill -0 "$import_pid" 2>/dev/null && import_progress; done
wait "$import_pid" || true
import_pid=""
status=$(cat "$run/import-status-code")
prepared="the hub's bulk import (POST /api/v1/bench/imports)"
if [[ "$status" == 202 ]]; then
  while import_progress; [[ "$state" == running ]]; do sleep 5; done
  echo "$progress" >"$run/import-status.json"
  [[ "$state" == completed ]] || { echo "the import ended ${state:-unknown}: $run/import-status.json" >&2; exit 1; }
  rejected=$(grep -o '"rejectedCount":[0-9]*' <<<"$progress" | cut -d: -f2)
  rejected=${rejected:-$(grep -o '"line":' <<<"$progress" | wc -l)}
  [[ "$rejected" == 0 ]] || say "WARNING: the import rejected $rejected lines (see $run/import-status.json); the figures use what it wrote"
  written=$(grep -o '"written":[0-9]*' <<<"$progress" | cut -d: -f2)
  per_second=$(grep -o '"perSecond":[0-9.]*' <<<"$progress" | cut -d: -f2)
  took=$(( $(date +%s) - import_started ))
  prepared="$prepared: $written lines written, $rejected rejected, in $took s, $per_second lines/s by its own count"
  figure import_lines_ps "$per_second"
  figure import_note "$written lines in $took s, $rejected rejected, into an empty store, its propagations beside it"
elif [[ "$status" == 404 && "$subjects" -le 20000 ]]; then
  # A hub without the import route: the subject routes, for small scales while the route is not there.
  prepared="the subject routes (FALLBACK: this hub has no bulk import route; newsletter lines skipped)"
  say "no import route (404): writing through the subject routes instead"
  harness fill --url "$url" --tenant bench --key "$api_key" --ndjson "$run/import.ndjson"
else
  echo "the import was refused ($status): $(cat "$run/import-answer.json")" >&2
  exit 1
fi
say "waiting for the import's propagations"
harness quiet --db "$data/consenthub.db" | tee "$run/quiet.txt"
quiet=$(tail -1 "$run/quiet.txt")
events=$(grep -o '([0-9]* events)' <<<"$quiet" | tr -dc 0-9)

# --- start-up, memory ---------------------------------------------------------------------------------------------
say "stopping the hub; raw scan of every row of its files (baseline)"
stop_server
harness scan --dir "$data" >/dev/null   # the OS cache holds the files for both alike
t0=$(date +%s%N)
scan=$(harness scan --dir "$data")
figure scan_process_ms "$(( ($(date +%s%N) - t0) / 1000000 ))"
figure scan_ms "$(grep -o 'ms=[0-9]*' <<<"$scan" | cut -d= -f2)"
figure scan_rows "$(grep -o 'rows=[0-9]*' <<<"$scan" | cut -d= -f2)"
say "restarting the hub: time to the first answered check"
t0=$(date +%s%N)
start_server
figure startup_ms "$(first_check "$t0")"
sleep 2
figure rss_after_bytes "$(rss_bytes)"
figure heap_after_bytes "$(heap_bytes)"

# --- reads: health, checks, banner --------------------------------------------------------------------------------
export BENCH_SUBJECTS="$subjects" BENCH_TENANT=bench BENCH_KEY="$api_key" BENCH_ORIGIN="https://www.example.fi"
# wrk NAME SCRIPT URL [options]: runs wrk with the script and the figures' printer; prints its figures line.
# Also prints the CPU seconds wrk and the hub used meanwhile (from /proc: this shell's children, the hub's own), so a
# figure where wrk took the cores shows it.
wrk_run() {
  local name="$1" script="$2" target="$3"; shift 3
  cat "$here/wrk/$script.lua" "$here/wrk/report.lua" >"$run/$name.lua"
  local me=$BASHPID wrk0 hub0
  wrk0=$(children_ticks "$me") hub0=$(hub_ticks)
  wrk -s "$run/$name.lua" "$@" "$target" >"$run/wrk-$name.txt" 2>&1 || { cat "$run/wrk-$name.txt" >&2; exit 1; }
  echo "$(grep '^WRK ' "$run/wrk-$name.txt") wrk_cpu_s=$(ticks_s $(( $(children_ticks "$me") - wrk0 ))) hub_cpu_s=$(ticks_s $(( $(hub_ticks) - hub0 )))"
}
children_ticks() { awk '{ sub(/^.*\) /, ""); print $14 + $15 }' "/proc/$1/stat"; }
hub_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$server_pid/stat"; }
ticks_s() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }'; }
cpu_of() { echo "wrk $(value wrk_cpu_s "$1") s, hub $(value hub_cpu_s "$1") s of CPU in ${seconds} s"; }
value() { grep -o "$1=[0-9.]*" <<<"$2" | cut -d= -f2; }
errors_of() { echo "$(( $(value socket_errors "$1") + $(value http_errors "$1") ))"; }
read_load=(-t2 -c32 --latency --timeout 30s)
banner_path="/api/v1/bench/banner/config?lang=fi&k=$site_key"
export BENCH_ETAG=$(curl -s -D - -o /dev/null "$url$banner_path" -H "Origin: $BENCH_ORIGIN" | awk 'tolower($1) == "etag:" { sub(/\r$/, ""); print $2 }')
revalidated=$(curl -s -o /dev/null -w '%{http_code}' "$url$banner_path" -H "Origin: $BENCH_ORIGIN" -H "If-None-Match: $BENCH_ETAG")
[[ "$revalidated" == 304 ]] || { echo "banner/config with If-None-Match answered $revalidated, not 304" >&2; exit 1; }
say "warming up (3 s each)"
for s in health check1 check1000 banner; do
  case $s in health) p=/health ;; banner) p="$banner_path" ;; *) p=/ ;; esac
  wrk_run "warm-$s" "$s" "$url$p" -t2 -c8 --timeout 30s -d3s >/dev/null
done
# The write path too, so its figure measures compiled code, as the reads' do: after the restart the hub has written
# nothing, and the runtime would still be compiling the write path during the first seconds of the figure.
BENCH_RUN=warm wrk_run warm-writes writes "$url/" -t2 -c64 --timeout 30s -d3s >/dev/null
say "GET /health, ${seconds} s"
health=$(wrk_run health health "$url/health" "${read_load[@]}" -d"${seconds}s")
figure health_rps "$(value rps "$health")"; figure health_cpu "$(cpu_of "$health")"
health_p99s=("$(value p99_ms "$health")")
say "permissions/check, 1 recipient, ${seconds} s"
check1=$(wrk_run check1 check1 "$url/" "${read_load[@]}" -d"${seconds}s")
figure check1_rps "$(value rps "$check1")"; figure check1_errors "$(errors_of "$check1")"; figure check1_cpu "$(cpu_of "$check1")"
say "permissions/check, 1,000 recipients, ${seconds} s"
check1000=$(wrk_run check1000 check1000 "$url/" -t2 -c8 --latency --timeout 30s -d"${seconds}s")
figure check1000_recipients_ps "$(awk -v r="$(value rps "$check1000")" 'BEGIN { printf "%.0f", r * 1000 }')"; figure check1000_errors "$(errors_of "$check1000")"; figure check1000_cpu "$(cpu_of "$check1000")"
# A p99 of one 10-second run is a handful of requests: one stall of the machine moves it several-fold. So banner/config
# and /health alternate for three rounds (the first /health round is the one above), and each figure is the median of
# its three p99s, every round kept in the note.
banner_p99s=()
for round in 1 2 3; do
  say "banner/config revalidated, round $round of 3, ${seconds} s"
  banner=$(wrk_run "banner-$round" banner "$url$banner_path" "${read_load[@]}" -d"${seconds}s")
  banner_p99s+=("$(value p99_ms "$banner")")
  [[ $round == 1 ]] && { figure banner_rps "$(value rps "$banner")"; figure banner_cpu "$(cpu_of "$banner")"; }
  banner_errors=$(( ${banner_errors:-0} + $(errors_of "$banner") ))
  if [[ $round -lt 3 ]]; then
    say "GET /health, round $((round + 1)) of 3, ${seconds} s"
    health_p99s+=("$(value p99_ms "$(wrk_run "health-$((round + 1))" health "$url/health" "${read_load[@]}" -d"${seconds}s")")")
  fi
done
median() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
figure banner_p99_ms "$(median "${banner_p99s[@]}")"; figure health_p99_ms "$(median "${health_p99s[@]}")"
figure banner_errors "$banner_errors"
figure banner_p99_rounds "${banner_p99s[*]}"; figure health_p99_rounds "${health_p99s[*]}"

# --- writes -------------------------------------------------------------------------------------------------------
say "SQLite, one transaction per 400-byte row, synchronous=FULL, WAL, on the data folder's disk, ${seconds} s"
rows=$(harness sqlite-rows --dir "$run" --seconds "$seconds")
figure sqlite_rows_ps "$(grep -o 'perSecond=[0-9]*' <<<"$rows" | cut -d= -f2)"
say "PUT contact-points for a new subject each, 64 clients, ${seconds} s"
writes=$(BENCH_RUN=w wrk_run writes writes "$url/" -t2 -c64 --latency --timeout 30s -d"${seconds}s")
figure writes_ps "$(value rps "$writes")"; figure writes_errors "$(errors_of "$writes")"
figure writes_note "$(value requests "$writes") writes, p99 $(value p99_ms "$writes") ms, $(errors_of "$writes") errors; $(cpu_of "$writes")"

# --- opt-out under writes -----------------------------------------------------------------------------------------
say "opt-outs ($samples, one at a time) while 64 clients write new subjects"
cat "$here/wrk/writes.lua" "$here/wrk/report.lua" >"$run/writes-behind.lua"
BENCH_RUN=o wrk -s "$run/writes-behind.lua" -t2 -c64 --timeout 30s -d3600s "$url/" >"$run/wrk-writes-behind.txt" 2>&1 &
wrk_pid=$!
sleep 2
optout=$(harness optout --url "$url" --tenant bench --key "$api_key" --outbox "$data/outbox/sendgrid.jsonl" --subjects "$subjects" --samples "$samples")
kill -INT "$wrk_pid"; wait "$wrk_pid" || true; wrk_pid=""
for k in p50 p99 max; do figure "optout_${k}_ms" "$(grep -o "$k=[0-9]*" <<<"$optout" | cut -d= -f2)"; done
figure optout_samples "$(grep -o 'samples=[0-9]*' <<<"$optout" | cut -d= -f2)"
figure optout_timeouts "$(grep -o 'timeouts=[0-9]*' <<<"$optout" | cut -d= -f2)"
behind=$(grep '^WRK ' "$run/wrk-writes-behind.txt" || true)
figure optout_writes_ps "$(value rps "$behind")"
stop_server

# --- the table ----------------------------------------------------------------------------------------------------
figure subjects "$subjects"
figure meta_scale "$subjects subjects, $((2 * subjects)) contact points, $events events in the store after the import's propagation"
figure meta_prepared "$prepared"
figure meta_machine "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r); wrk $(wrk -v 2>&1 | head -1 | awk '{ print $2 }') on the same machine (reads: 2 threads, 32 connections, 8 for 1,000-recipient checks; writes: 2 threads, 64 connections), ${seconds} s per figure"
figure meta_load "load average (1, 5, 15 min) $load_at_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end, on $(nproc) cores (above that, other work shared the machine and the figures are noisy)"
[[ -n "$note" ]] && figure meta_note "$note"
figure meta_propagation "ConsentHub__Propagation__Parallelism=$parallelism"
figure meta_commit "$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo ' (with uncommitted changes)')"
figure meta_date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
figure meta_opt-out "timed from the POST to the hub's sendgrid.jsonl outbox line (the tenant has marketing groups, no api key), while 64 clients wrote $(value rps "$behind") new subjects/s"
harness report --figures "$figures" --out "$run"
echo
say "results: $run/results.md and results.json"
