#!/usr/bin/env bash
# Build the hashicorp/aws Terraform provider from the Go module proxy into a filesystem mirror,
# and write a Terraform CLI config that installs it from there (registry.terraform.io is not
# reachable from these machines). Skips all work when the mirror already holds the binary.
#
# The provider's go.mod has no /v6 suffix, so the proxy does not serve its v6.x.y tags; it only
# knows pseudo-versions of commits on main. We pin one such commit and name it after the release
# its version/VERSION file states.
#
# Env: CRL_CACHE_DIR (default ~/.cache/create-rust-lambda)
#      TF_AWS_MODULE_VERSION, TF_AWS_PROVIDER_VERSION to pin another commit / version label.
set -euo pipefail

CACHE_DIR="${CRL_CACHE_DIR:-$HOME/.cache/create-rust-lambda}"
MODULE=github.com/hashicorp/terraform-provider-aws
# commit 5f2286d6d836 of 2026-06-02 on main; its version/VERSION says 6.47.1
MODULE_VERSION="${TF_AWS_MODULE_VERSION:-v1.60.1-0.20260602190131-5f2286d6d836}"
PROVIDER_VERSION="${TF_AWS_PROVIDER_VERSION:-6.47.1}"

TF_DIR="$CACHE_DIR/terraform"
MIRROR="$TF_DIR/mirror"
PLATFORM="$(go env GOOS 2>/dev/null || echo linux)_$(go env GOARCH 2>/dev/null || echo amd64)"
BIN_DIR="$MIRROR/registry.terraform.io/hashicorp/aws/$PROVIDER_VERSION/$PLATFORM"
BIN="$BIN_DIR/terraform-provider-aws_v$PROVIDER_VERSION"
CLI_CONFIG="$TF_DIR/terraformrc"

log() { printf '[terraform-provider] %s\n' "$*"; }

write_cli_config() {
  mkdir -p "$TF_DIR"
  local want
  want="$(cat <<EOF
# Written by scripts/toolchain/terraform-provider.sh. Use with TF_CLI_CONFIG_FILE=$CLI_CONFIG
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
EOF
)"
  if [[ ! -f "$CLI_CONFIG" ]] || [[ "$(cat "$CLI_CONFIG")" != "$want" ]]; then
    printf '%s\n' "$want" >"$CLI_CONFIG"
    log "wrote $CLI_CONFIG"
  fi
}

if [[ -x "$BIN" ]]; then
  log "hashicorp/aws $PROVIDER_VERSION already in mirror: $BIN"
  write_cli_config
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  for g in /usr/local/go/bin/go /usr/lib/go/bin/go; do
    [[ -x "$g" ]] && PATH="$(dirname "$g"):$PATH" && break
  done
fi
command -v go >/dev/null 2>&1 || { log "ERROR: go not found; cannot build the provider"; exit 1; }

log "building $MODULE@$MODULE_VERSION as hashicorp/aws $PROVIDER_VERSION with $(go version) (slow: ~tens of minutes on 2 cores)"
start=$(date +%s)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# -mod=mod: go install pkg@version ignores vendor and needs no go.sum of ours; GOFLAGS from the
# environment (e.g. -buildvcs=false) still applies. GOTOOLCHAIN=local: never download a Go.
GOTOOLCHAIN=local GOBIN="$work" \
  go install -trimpath \
  -ldflags "-s -w -X $MODULE/version.ProviderVersion=$PROVIDER_VERSION" \
  "$MODULE@$MODULE_VERSION"
mkdir -p "$BIN_DIR"
mv "$work/terraform-provider-aws" "$BIN.tmp"
mv "$BIN.tmp" "$BIN"
log "built $BIN in $(( $(date +%s) - start ))s ($(du -h "$BIN" | cut -f1))"
write_cli_config
