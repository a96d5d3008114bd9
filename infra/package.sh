#!/usr/bin/env bash
# Builds the zip that deploys the hub to Azure Functions (Flex Consumption, runtime dotnet-isolated 10.0): the
# isolated worker's publish output, framework-dependent for linux-x64 (the platform brings .NET 10), with at the
# zip's root host.json, worker.config.json (how the host starts the worker), functions.metadata (the functions the
# worker declares) and extensions.json with .azurefunctions/ (the host-side extensions the worker's bindings need).
# Usage: infra/package.sh [output.zip]   (default: artifacts/consenthub-functions.zip)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-artifacts/consenthub-functions.zip}")

if ! command -v zip >/dev/null; then
  echo "== installing zip"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq zip >/dev/null
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
echo "== publishing the Functions app (isolated worker, framework-dependent, linux-x64)"
dotnet publish functions/ConsentHub.Functions -c Release -r linux-x64 --self-contained false \
  -p:DebugType=none -p:GenerateDocumentationFile=false -o "$stage" -nologo -v quiet

mkdir -p "$(dirname "$out")"
rm -f "$out"
# The dot-folder .azurefunctions/ must travel too: `.` takes it.
(cd "$stage" && zip -q -r -X "$out" .)
echo "== $out ($(du -h "$out" | cut -f1))"
