#!/usr/bin/env bash
# Builds the zip that deploys the hub to Azure Functions (Flex Consumption, runtime `custom`):
#   host.json and one folder per function (its function.json) at the root,
#   app/  the hub published self-contained for linux-x64; app/ConsentHub is the handler host.json names.
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
echo "== publishing the handler (self-contained, linux-x64)"
dotnet publish functions/ConsentHub.Server -c Release -r linux-x64 --self-contained true \
  -p:DebugType=none -p:GenerateDocumentationFile=false -o "$stage/app" -nologo -v quiet
cp host.json "$stage/"
for function in functions/*/function.json; do
  name=$(basename "$(dirname "$function")")
  mkdir -p "$stage/$name"
  cp "$function" "$stage/$name/function.json"
done
chmod 755 "$stage/app/ConsentHub"

mkdir -p "$(dirname "$out")"
rm -f "$out"
# zip keeps each file's Unix mode in the archive, so the handler stays executable when the host unpacks it.
(cd "$stage" && zip -q -r -X "$out" .)
echo "== $out ($(du -h "$out" | cut -f1))"
