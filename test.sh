#!/usr/bin/env bash
# Runs every ConsentHub test on a fresh machine with the .NET 10 SDK, Node.js/npm and root apt.
# It first installs what the tests need, then builds and runs all test projects.
set -euo pipefail
cd "$(dirname "$0")"

# npm packages the tests start (pinned by lockfiles), where the project has any.
for lock in $(find . -name package-lock.json -not -path '*/node_modules/*' | sort); do
  dir=$(dirname "$lock")
  echo "== npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund)
done

# Debian's Chromium, for the browser tests, when some test project drives a browser.
if grep -rqs 'Microsoft.Playwright' tests/*/*.csproj && ! command -v chromium >/dev/null; then
  echo "== installing chromium"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# The deployable Azure Functions zip (the isolated worker published); a test reads its listing.
echo "== package"
./infra/package.sh artifacts/consenthub-functions.zip

echo "== build"
dotnet build ConsentHub.sln -c Release -warnaserror -nologo -v quiet

echo "== test"
log=$(mktemp)
status=0
dotnet test ConsentHub.sln -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?
passed=$( (grep -Eo '^ +Passed: +[0-9]+' "$log" || true) | awk '{s+=$2} END {print s+0}')
failed=$( (grep -Eo '^ +Failed: +[0-9]+' "$log" || true) | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "Tests: ${passed} passed, ${failed} failed"
exit $status
