#!/usr/bin/env bash
# Re-pin every dependency with hashes (run by a developer via `make lock`, never by CI).
#   requirements-dev.lock  everything `make test` needs (app + test and dev tools)
#   requirements.lock      only what the app needs (`make run`), at the same versions
# Extra arguments go to both `uv pip compile` calls, e.g. -c old.lock to keep versions.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet uv
compile=("$tmp/venv/bin/uv" pip compile --quiet --generate-hashes --python-version 3.11 --no-header)
"${compile[@]}" pyproject.toml scripts/lock-tools.in --extra dev "$@" -o requirements-dev.lock
"${compile[@]}" pyproject.toml scripts/lock-tools.in -c requirements-dev.lock "$@" -o requirements.lock
