#!/usr/bin/env bash
# Runs a command with what scripts/install-toolchains.sh installed first on PATH (its env.sh), when
# it ran: the tests then run on its Node.js 22 on a machine whose own Node is older, and find its
# tools, without the user sourcing anything.
set -euo pipefail
env_file="${CRL_CACHE_DIR:-$HOME/.cache/create-rust-lambda}/env.sh"
# shellcheck source=/dev/null
if [[ -f "$env_file" ]]; then source "$env_file"; fi
exec "$@"
