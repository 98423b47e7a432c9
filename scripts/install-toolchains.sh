#!/usr/bin/env bash
# Install the toolchains the e2e tests need, from the registries these machines reach
# (PyPI, npm, crates.io, the Go module proxy, Debian apt). Idempotent; a second run only checks.
#
#   scripts/install-toolchains.sh            # everything; the Terraform AWS provider build (tens
#                                            # of minutes) is started in the background and goes on
#                                            # after this script; the e2e suite waits for it
#   CRL_BUILD_TF_PROVIDER=0 scripts/...      # do not start that build (unless the mirror is cached,
#                                            # `terraform validate` then fails under CI=true and is
#                                            # a named skip elsewhere)
#   CRL_ARM64=rustup|debian|auto             # how to get the aarch64 Rust std (default auto)
#
# Afterwards:  source ~/.cache/create-rust-lambda/env.sh   (PATH, TF_CLI_CONFIG_FILE)
# In GitHub Actions the same is appended to $GITHUB_PATH / $GITHUB_ENV.
# See docs/TOOLCHAINS.md for why each piece is obtained the way it is.
set -euo pipefail

CACHE_DIR="${CRL_CACHE_DIR:-$HOME/.cache/create-rust-lambda}"
BIN_DIR="$CACHE_DIR/bin"
VENV_DIR="$CACHE_DIR/venvs"
ENV_FILE="$CACHE_DIR/env.sh"
LOG_DIR="$CACHE_DIR/logs"
ARM64_MODE="${CRL_ARM64:-auto}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Pinned versions (bump deliberately; the e2e suite is proven against these). Those the generated
# projects' CI and README install too come from src/tool-pins.json, so both use the same.
pin() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$HERE/../src/tool-pins.json" "$1"; }
CARGO_LAMBDA_VERSION="$(pin cargoLambda)"
ZIGLANG_VERSION=0.15.2
CFN_LINT_VERSION="$(pin cfnLint)"
SAM_CLI_VERSION=1.170.0
CHECKOV_VERSION="$(pin checkov)"
PYTHON_HCL2_VERSION=8.1.4
# AWS CLI v2 is not on PyPI; v1 runs the generated READMEs' local `aws dynamodb` command the same way
AWSCLI_VERSION=1.46.2
ACTIONLINT_VERSION=1.7.12
# the local AWS emulator: the version `doctor` advises, so the deploy rows prove what users install
MINISTACK_VERSION="$(pin ministack)"
# the CBOR codec MiniStack answers newer AWS SDKs with (CloudWatch in the Terraform AWS provider 6), an extra it does not require
CBOR2_VERSION="$(pin cbor2)"
# SAM's transform, which MiniStack's CloudFormation applies to a SAM template only with it (its [full] extra would also bring databases and Docker's SDK)
SAM_TRANSLATOR_VERSION="$(pin awsSamTranslator)"
# Node.js for the tests when the machine's is older than the CLI's minimum (package.json engines):
# the npm registry's node-linux-<arch> package is the official binary (bin/node, no npm)
NODE_MIN_MAJOR=22
NODE_VERSION=22.23.5

mkdir -p "$BIN_DIR" "$VENV_DIR" "$LOG_DIR"
export PATH="$BIN_DIR:$HOME/.cargo/bin:/usr/local/go/bin:$PATH"
SUDO=""
[[ "$(id -u)" -ne 0 ]] && SUDO="sudo"

T0=$(date +%s)
declare -a SUMMARY=()
log() { printf '[install-toolchains] %s\n' "$*"; }
step_done() { SUMMARY+=("$(printf '%-22s %-48s %4ss' "$1" "$2" "$3")"); }

# ---------------------------------------------------------------- Terraform AWS provider (bg)
# Started first: it is by far the slowest part (a Go build of the whole provider). It runs on,
# niced, after this script ends (no-op when the mirror has it or a build is running).
TF_PROVIDER="$HERE/toolchain/terraform-provider.sh"
if [[ "${CRL_BUILD_TF_PROVIDER:-1}" == 1 ]]; then
  bash "$TF_PROVIDER" --background
fi

# ---------------------------------------------------------------- Node.js
# Linked into $BIN_DIR as `node`, so env.sh puts it first on PATH: npm (whatever Node installed it)
# and every `#!/usr/bin/env node` script then run on it. A machine whose Node is recent enough
# keeps its own.
start=$(date +%s)
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [[ "$(node_major node)" -lt "$NODE_MIN_MAJOR" ]]; then
  case "$(uname -m)" in x86_64) node_arch=x64 ;; aarch64 | arm64) node_arch=arm64 ;; *) node_arch="$(uname -m)" ;; esac
  node_prefix="$CACHE_DIR/node"
  node_bin="$node_prefix/node_modules/node-linux-$node_arch/bin/node"
  if [[ "$("$node_bin" --version 2>/dev/null)" != "v$NODE_VERSION" ]]; then
    npm install --prefix "$node_prefix" --no-save --no-audit --no-fund --loglevel=error "node-linux-$node_arch@$NODE_VERSION" \
      >"$LOG_DIR/node.log" 2>&1 || { cat "$LOG_DIR/node.log"; log "ERROR: node-linux-$node_arch@$NODE_VERSION did not install"; exit 1; }
  fi
  ln -sfn "$node_bin" "$BIN_DIR/node"
  hash -r
fi
step_done "node" "$(node --version) ($(command -v node))" $(( $(date +%s) - start ))

# ---------------------------------------------------------------- PyPI tools, one venv each
# One venv per tool: aws-sam-cli, checkov and cfn-lint pin overlapping dependencies
# differently; separate venvs never conflict. Only the entry points are linked into $BIN_DIR,
# so no venv's python shadows the system one. uv installs them: it downloads in parallel and
# links files from its cache instead of compiling every module first (pip took 90-190 s per
# venv on a fresh 2-core machine). Its cache lives with ours, so moving ours aside is a fresh start.
UV_VERSION=0.13.10
export UV_CACHE_DIR="$CACHE_DIR/uv-cache" UV_PYTHON_DOWNLOADS=never UV_NO_PROGRESS=1
UV="$VENV_DIR/uv/bin/uv"
start=$(date +%s)
if [[ "$("$UV" --version 2>/dev/null | awk '{ print $2 }')" != "$UV_VERSION" ]]; then
  rm -rf "$VENV_DIR/uv"
  python3 -m venv "$VENV_DIR/uv"
  "$VENV_DIR/uv/bin/python" -m pip install -q --disable-pip-version-check "uv==$UV_VERSION" >"$LOG_DIR/pip-uv.log" 2>&1 ||
    { cat "$LOG_DIR/pip-uv.log"; log "ERROR: uv $UV_VERSION did not install"; exit 1; }
fi
step_done uv "uv $UV_VERSION" $(( $(date +%s) - start ))

pip_tool() { # name spec [more specs...]: a venv of its own with exactly these versions
  local name="$1"; shift
  local venv="$VENV_DIR/$name" start spec have
  start=$(date +%s)
  for spec in "$@"; do
    have="$("$UV" pip show --python "$venv/bin/python" "${spec%%==*}" 2>/dev/null | sed -n 's/^Version: //p' || true)"
    [[ "$have" == "${spec##*==}" ]] && continue
    rm -rf "$venv"
    { "$UV" venv --python "$(command -v python3)" "$venv" && "$UV" pip install --python "$venv/bin/python" "$@"; } \
      >"$LOG_DIR/pip-$name.log" 2>&1 || { cat "$LOG_DIR/pip-$name.log"; return 1; }
    break
  done
  echo $(( $(date +%s) - start )) >"$LOG_DIR/pip-$name.seconds"
}
link() { ln -sfn "$1" "$BIN_DIR/$2"; }

start=$(date +%s)
pids=()
pip_tool cargo-lambda "cargo-lambda==$CARGO_LAMBDA_VERSION" "ziglang==$ZIGLANG_VERSION" & pids+=($!)
pip_tool cfn-lint "cfn-lint==$CFN_LINT_VERSION" & pids+=($!)
pip_tool sam "aws-sam-cli==$SAM_CLI_VERSION" & pids+=($!)
pip_tool checkov "checkov==$CHECKOV_VERSION" & pids+=($!)
pip_tool hcl2 "python-hcl2==$PYTHON_HCL2_VERSION" & pids+=($!)  # the hostile tests parse generated HCL back
pip_tool awscli "awscli==$AWSCLI_VERSION" & pids+=($!)  # the README runner's local DynamoDB table
pip_tool ministack "ministack==$MINISTACK_VERSION" "cbor2==$CBOR2_VERSION" "aws-sam-translator==$SAM_TRANSLATOR_VERSION" & pids+=($!)  # the local AWS of the deploy rows
fail=0
for p in "${pids[@]}"; do wait "$p" || fail=1; done
[[ $fail == 0 ]] || { log "ERROR: a pip install failed (logs in $LOG_DIR)"; exit 1; }

link "$VENV_DIR/cargo-lambda/bin/cargo-lambda" cargo-lambda
# cargo-lambda (cargo-zigbuild) looks for `zig` on PATH before trying to download one;
# point it at the ziglang wheel's binary (zig finds its lib dir from its real path).
zig_bin="$("$VENV_DIR/cargo-lambda/bin/python" -c 'import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')"
link "$zig_bin" zig
link "$VENV_DIR/cfn-lint/bin/cfn-lint" cfn-lint
link "$VENV_DIR/sam/bin/sam" sam
link "$VENV_DIR/checkov/bin/checkov" checkov
link "$VENV_DIR/hcl2/bin/hcl2tojson" hcl2tojson
link "$VENV_DIR/awscli/bin/aws" aws
link "$VENV_DIR/ministack/bin/ministack" ministack
step_done "pypi tools" "cargo-lambda $CARGO_LAMBDA_VERSION, zig $("$BIN_DIR/zig" version), sam $SAM_CLI_VERSION, cfn-lint $CFN_LINT_VERSION, checkov $CHECKOV_VERSION, python-hcl2 $PYTHON_HCL2_VERSION, awscli $AWSCLI_VERSION, ministack $MINISTACK_VERSION" $(( $(date +%s) - start ))

# ---------------------------------------------------------------- rustup components
start=$(date +%s)
command -v rustup >/dev/null || { log "ERROR: rustup not found (expected ~/.cargo/bin/rustup)"; exit 1; }
missing=()
for c in clippy rustfmt; do
  rustup component list --installed 2>/dev/null | grep -q "^$c" || missing+=("$c")
done
[[ ${#missing[@]} -eq 0 ]] || rustup component add "${missing[@]}"
step_done "rustup components" "clippy, rustfmt on $(rustc --version | cut -d' ' -f1-2)" $(( $(date +%s) - start ))

# ---------------------------------------------------------------- arm64
# The aarch64 std comes from rustup when its dist server answers, otherwise from Debian's
# rustc-web (1.96, /usr/bin/rustc) which ships libstd-rust-web-dev:arm64. zig links either way.
# qemu-user + the cross libc run the result: qemu-aarch64 -L /usr/aarch64-linux-gnu
#   -E LD_LIBRARY_PATH=/usr/aarch64-linux-gnu/lib  (see docs/TOOLCHAINS.md for why the -E).
start=$(date +%s)
apt_updated=0
apt_install() { # packages...
  local need=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
  [[ ${#need[@]} -eq 0 ]] && return 0
  if [[ $apt_updated == 0 ]]; then $SUDO apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >"$LOG_DIR/apt.log" 2>&1 \
    || { tail -20 "$LOG_DIR/apt.log"; return 1; }
}
apt_install qemu-user libc6-arm64-cross libgcc-s1-arm64-cross tmux  # tmux: test/cli interactive tests

arm64_how=""
rustup_has_arm64() { rustup target list --installed 2>/dev/null | grep -qx aarch64-unknown-linux-gnu; }
if [[ "$ARM64_MODE" != debian ]]; then
  if rustup_has_arm64 || timeout 300 rustup target add aarch64-unknown-linux-gnu >"$LOG_DIR/rustup-target.log" 2>&1; then
    arm64_how="rustup target aarch64-unknown-linux-gnu"
  elif [[ "$ARM64_MODE" == rustup ]]; then
    log "ERROR: rustup target add aarch64-unknown-linux-gnu failed:"; cat "$LOG_DIR/rustup-target.log"; exit 1
  fi
fi
if [[ -z "$arm64_how" || "$ARM64_MODE" == debian ]]; then
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $SUDO dpkg --add-architecture arm64; apt_updated=0
  fi
  apt_install rustc-web libstd-rust-web-dev:arm64 gcc-aarch64-linux-gnu
  arm64_how="Debian $(/usr/bin/rustc --version | cut -d' ' -f1-2) + libstd-rust-web-dev:arm64"
fi
step_done "arm64" "$arm64_how, qemu $(qemu-aarch64 --version | head -1 | awk '{print $3}')" $(( $(date +%s) - start ))

# ---------------------------------------------------------------- actionlint + shellcheck
# The e2e suite lints every generated .github/workflows/ci.yml with actionlint, built from the Go
# module proxy (GitHub release downloads are not reachable). actionlint runs shellcheck on the
# `run:` scripts when shellcheck is on PATH: Debian's package. Go's caches get their own folder
# (the provider build may be using $CACHE_DIR/go at the same time) and go once the binary is in.
start=$(date +%s)
apt_install shellcheck
actionlint_have() { "$BIN_DIR/actionlint" -version 2>/dev/null | head -1; }
if [[ "$(actionlint_have)" != "v$ACTIONLINT_VERSION" ]]; then
  if command -v go >/dev/null; then
    go_dir="$CACHE_DIR/go-actionlint"
    GOTOOLCHAIN=local GOBIN="$BIN_DIR" GOMODCACHE="$go_dir/mod" GOCACHE="$go_dir/cache" GOFLAGS="${GOFLAGS:-} -modcacherw" CGO_ENABLED=0 \
      go install -trimpath -ldflags "-s -w" "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION" \
      >"$LOG_DIR/actionlint.log" 2>&1 || { cat "$LOG_DIR/actionlint.log"; log "ERROR: go install actionlint failed"; exit 1; }
    rm -rf "$go_dir"
  else
    log "WARNING: go not found; the actionlint e2e checks will fail, naming actionlint as missing"
  fi
fi
have="$(actionlint_have || true)"
step_done "actionlint" "actionlint ${have:-MISSING (no go)}, $(shellcheck --version | sed -n 's/^version: /shellcheck /p')" $(( $(date +%s) - start ))

# ---------------------------------------------------------------- terraform CLI
start=$(date +%s)
if command -v terraform >/dev/null; then
  step_done "terraform" "$(TF_CLI_CONFIG_FILE=/dev/null terraform version 2>/dev/null | head -1) at $(command -v terraform)" $(( $(date +%s) - start ))
else
  # releases.hashicorp.com is unreachable, and `go install github.com/hashicorp/terraform@v1.x`
  # is refused by Go because terraform's go.mod has replace directives. Nothing else to try.
  log "WARNING: terraform not found; the checks that run it fail (under CI=true all of them; elsewhere some are named skips)"
  step_done "terraform" "MISSING (no reachable source)" $(( $(date +%s) - start ))
fi

# ---------------------------------------------------------------- env file
{
  echo "# Written by scripts/install-toolchains.sh — source it before running the e2e tests."
  echo "export PATH=\"$BIN_DIR:\$PATH\""
} >"$ENV_FILE.tmp"

step_done "terraform provider" "hashicorp/aws: $(bash "$TF_PROVIDER" --status | sed -n 's/^state=//p') (see its --status)" 0
if [[ -f "$CACHE_DIR/terraform/terraformrc" ]] && compgen -G "$CACHE_DIR/terraform/mirror/registry.terraform.io/hashicorp/aws/*/*/terraform-provider-aws_v*" >/dev/null; then
  echo "export TF_CLI_CONFIG_FILE=\"$CACHE_DIR/terraform/terraformrc\"" >>"$ENV_FILE.tmp"
fi
mv "$ENV_FILE.tmp" "$ENV_FILE"

if [[ -n "${GITHUB_PATH:-}" ]]; then echo "$BIN_DIR" >>"$GITHUB_PATH"; fi
if [[ -n "${GITHUB_ENV:-}" ]] && grep -q TF_CLI_CONFIG_FILE "$ENV_FILE"; then
  echo "TF_CLI_CONFIG_FILE=$CACHE_DIR/terraform/terraformrc" >>"$GITHUB_ENV"
fi

echo
log "done in $(( $(date +%s) - T0 ))s:"
printf '  %s\n' "${SUMMARY[@]}"
log "env: source $ENV_FILE"
