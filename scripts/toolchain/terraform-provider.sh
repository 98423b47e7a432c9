#!/usr/bin/env bash
# Build the hashicorp/aws Terraform provider from the Go module proxy into a filesystem mirror,
# and write a Terraform CLI config that installs it from there (registry.terraform.io is not
# reachable from these machines). Does nothing when the mirror already holds the binary.
#
#   terraform-provider.sh                build in the foreground
#   terraform-provider.sh --background   start the build detached and niced (it only takes CPU the
#                                        tests leave idle), unless present or already running;
#                                        returns at once. .ci/run does this first thing.
#   terraform-provider.sh --stop         stop a background build (the one the status file names)
#   terraform-provider.sh --status       print the status file
#
# Progress goes to $CACHE_DIR/terraform/provider.status (state=building|ok|failed, pid,
# seconds, reason, log), which the e2e suite reads while it waits for the provider.
#
# Only the provider's service packages that the generated Terraform uses are compiled in: the
# resource and data source types under templates/iac/terraform/ are looked up in the provider's own
# service packages, and cut-provider.py (beside this file) cuts the provider's list of service
# packages and its AWS SDK clients to those before the build (about 950 Go packages of 2,025). Every resource of those packages keeps the provider's own
# schema and validation at this version; `terraform validate` of a type outside them says the
# provider does not support it. The types built for are kept beside the binary
# ($TF_DIR/provider.types): a template that uses a new one makes the next run build again. A
# binary with no such file is a whole provider and serves every type.
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
STATUS="$TF_DIR/provider.status"
LOG="$CACHE_DIR/logs/terraform-provider.log"
# Go's module and build caches live in the cache folder too: a fresh machine is a fresh build,
# and both go once the provider is built (a few GB the CI cache need not carry).
GO_DIR="$CACHE_DIR/go"
CLI_CONFIG="$TF_DIR/terraformrc"

log() { printf '[terraform-provider] %s\n' "$*"; }

if ! command -v go >/dev/null 2>&1; then
  for g in /usr/local/go/bin/go /usr/lib/go/bin/go; do
    [[ -x "$g" ]] && PATH="$(dirname "$g"):$PATH" && break
  done
fi
PLATFORM="$(go env GOOS 2>/dev/null || echo linux)_$(go env GOARCH 2>/dev/null || echo amd64)"
BIN="$MIRROR/registry.terraform.io/hashicorp/aws/$PROVIDER_VERSION/$PLATFORM/terraform-provider-aws_v$PROVIDER_VERSION"

TYPES_FILE="$TF_DIR/provider.types"
# the cut that made the binary: a changed cut-provider.py builds again
CUT_FILE="$TF_DIR/provider.cut"
CUT_SCRIPT="$(dirname "${BASH_SOURCE[0]}")/cut-provider.py"
cut_stamp() { sha256sum "$CUT_SCRIPT" | cut -d' ' -f1; }
TEMPLATES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../templates/iac/terraform" && pwd)"

# the aws_* resource and data source types the generated Terraform uses, one per line, sorted
used_types() {
  grep -rhoE '(resource|data) "aws_[a-z0-9_]+"' "$TEMPLATES_DIR" | sed -E 's/^[a-z]+ "(.*)"$/\1/' | sort -u
}

# the binary serves every used type: a whole provider (no types file), or one built for a superset
provider_ready() {
  [[ -x "$BIN" ]] || return 1
  [[ -f "$TYPES_FILE" ]] || return 0
  [[ "$(cat "$CUT_FILE" 2>/dev/null)" == "$(cut_stamp)" ]] || return 1
  [[ -z "$(comm -23 <(used_types) <(sort -u "$TYPES_FILE"))" ]]
}

write_cli_config() {
  mkdir -p "$TF_DIR"
  local want
  want="$(cat <<CONF
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
CONF
)"
  [[ -f "$CLI_CONFIG" && "$(cat "$CLI_CONFIG")" == "$want" ]] || printf '%s\n' "$want" >"$CLI_CONFIG"
}

status_value() { sed -n "s/^$1=//p" "$STATUS" 2>/dev/null | head -1; }
running() {
  local pid
  pid="$(status_value pid)"
  [[ "$(status_value state)" == building && -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}
write_status() { # key=value lines
  mkdir -p "$TF_DIR"
  printf '%s\n' "$@" "log=$LOG" >"$STATUS.tmp" && mv "$STATUS.tmp" "$STATUS"
}

case "${1:-}" in
  --status)
    if provider_ready; then printf 'state=ok\nbin=%s\n' "$BIN"; grep -E '^(seconds|cpu|max_rss_kb)=' "$STATUS" 2>/dev/null || true
    else cat "$STATUS" 2>/dev/null || echo "state=none"; fi
    exit 0 ;;
  --stop)
    if running; then
      pid="$(status_value pid)"
      log "stopping the background build (process group $pid)"
      kill -TERM -- "-$pid" 2>/dev/null || true
    fi
    exit 0 ;;
  --background)
    if provider_ready; then write_cli_config; log "hashicorp/aws $PROVIDER_VERSION already in the mirror"; exit 0; fi
    if running; then log "already building (pid $(status_value pid), log $LOG)"; exit 0; fi
    mkdir -p "$(dirname "$LOG")"
    # its own session (so --stop can end the whole group), lowest CPU priority
    setsid nice -n 19 bash "${BASH_SOURCE[0]}" --build </dev/null >"$LOG" 2>&1 &
    for _ in $(seq 50); do running && break; sleep 0.1; done
    log "building hashicorp/aws $PROVIDER_VERSION in the background (pid $(status_value pid), log $LOG)"
    exit 0 ;;
  --build | "") ;;
  *) log "unknown option $1"; exit 2 ;;
esac

if provider_ready; then
  log "hashicorp/aws $PROVIDER_VERSION already in mirror: $BIN"
  write_cli_config
  exit 0
fi

start=$(date +%s)
fail() {
  write_status state=failed "pid=$$" "seconds=$(( $(date +%s) - start ))" "reason=$1"
  log "ERROR: $1"
  exit 1
}
write_status state=building "pid=$$" "started=$start"
trap 'fail "interrupted"' INT TERM
command -v go >/dev/null 2>&1 || fail "go not found; cannot build the provider"

log "building $MODULE@$MODULE_VERSION as hashicorp/aws $PROVIDER_VERSION with $(go version) (the service packages the templates use: a few CPU-minutes)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
timed=()
[[ -x /usr/bin/time ]] && timed=(/usr/bin/time -o "$work/cost" -f 'cpu=%U+%Ss max_rss_kb=%M')
export GOTOOLCHAIN=local GOMODCACHE="$GO_DIR/mod" GOCACHE="$GO_DIR/cache" GOFLAGS="${GOFLAGS:-} -modcacherw" CGO_ENABLED=0
src="$(go mod download -json "$MODULE@$MODULE_VERSION" 2>"$work/go.log" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
[[ -n "$src" && -d "$src" ]] || { cat "$work/go.log"; fail "go mod download $MODULE@$MODULE_VERSION failed: $(tail -1 "$work/go.log")"; }

# the service package of each used type: the one whose service_package_gen.go declares its TypeName
used_types >"$work/types"
packages=()
while read -r type; do
  pkg="$(grep -lE "TypeName: +\"$type\"" "$src"/internal/service/*/service_package_gen.go | head -1)"
  [[ -n "$pkg" ]] || fail "no service package of $MODULE@$MODULE_VERSION declares $type (used in templates/iac/terraform)"
  packages+=("$(basename "$(dirname "$pkg")")")
done <"$work/types"
mapfile -t packages < <(printf '%s\n' "${packages[@]}" | sort -u)
log "compiling the service packages of the $(wc -l <"$work/types") types the templates use: ${packages[*]}"

# a copy of the module whose provider registers only those packages and has only the clients they call
cp -r "$src" "$work/src" && chmod -R u+w "$work/src"
python3 "$CUT_SCRIPT" "$work/src" "${packages[@]}" >>"$work/go.log" 2>&1 ||
  { cat "$work/go.log"; fail "cutting $MODULE@$MODULE_VERSION failed: $(tail -1 "$work/go.log")"; }
log "$(tail -1 "$work/go.log")"

# -mod=mod: the module's own go.mod and go.sum pick every dependency. CGO off: a static binary,
# and no C compiler in the build. -N -l (no optimisation, no inlining) and no DWARF:
# `terraform validate` only asks the provider for its schema and checks, and the compile takes at
# least a quarter less CPU and well under half the memory (aws-sdk-go-v2's ec2 package here: 54 s
# and 1.3 GB with std and its dependencies rebuilt too, against 73 s and 3.5 GB for that package
# alone, optimised). GNU time, when there is one, says what the build cost in CPU and memory (the
# status keeps it).
if ! (cd "$work/src" && "${timed[@]}" go build -mod=mod -trimpath -gcflags "all=-N -l -dwarf=false" \
  -ldflags "-s -w -X $MODULE/version.ProviderVersion=$PROVIDER_VERSION" -o "$work/terraform-provider-aws" .) >"$work/go.log" 2>&1; then
  cat "$work/go.log"
  fail "go build of $MODULE@$MODULE_VERSION failed: $(grep -v '^[[:space:]]*$' "$work/go.log" | tail -1)"
fi
cat "$work/go.log"
mkdir -p "$(dirname "$BIN")"
mv "$work/terraform-provider-aws" "$BIN.tmp"
mv "$BIN.tmp" "$BIN"
cp "$work/types" "$TYPES_FILE"
cut_stamp >"$CUT_FILE"
write_cli_config
rm -rf "$GO_DIR"
seconds=$(( $(date +%s) - start ))
write_status state=ok "pid=$$" "seconds=$seconds" $(cat "$work/cost" 2>/dev/null)
log "built $BIN in ${seconds}s ($(du -h "$BIN" | cut -f1))"
