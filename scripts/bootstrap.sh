#!/usr/bin/env bash
# The one set-up step behind `npm test` and `npm run lab` (their pre-scripts). Idempotent.
#  1. Checks at once what the machine lacks. Debian packages are installed when running as
#     root or through `sudo -n`; otherwise it stops before any build with the one apt-get
#     command to run. Go and Node are prerequisites: a missing one is named here too.
#  2. Builds what the Go module proxy serves into the cache: etcd, kube-apiserver and kubectl
#     (lab/stack/build-k8s.sh), the go-installed tools (GO_TOOLS below); then the pygnmi
#     virtualenv (PyPI), and fetches the vendor YANG models when none are found.
# A stamp records a complete run: with it and every result present, a rerun takes well under 2 s.
#   NETINTENT_CACHE  cache root (default ~/.cache/netintent); K8S_VERSION / ETCD_VERSION as in build-k8s.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${NETINTENT_CACHE:-$HOME/.cache/netintent}"
k8s_dir="$cache/k8s-${K8S_VERSION:-v1.34.3}"
etcd_bin="$cache/etcd-${ETCD_VERSION:-v3.7.3}/etcd"
gobin="$cache/go-bin"
pyvenv="$cache/pyvenv"
PYGNMI_VERSION=0.8.15

# ── More go-installed tools ────────────────────────────────────────────────────────────
# One "package@version" per entry, `go install`ed into $cache/go-bin; the binary is named
# after the package path's last element (…/cmd/helm@v3.22.0 → go-bin/helm). A cached binary
# whose embedded package@version differs from its entry is rebuilt.
GO_TOOLS=(
  github.com/openconfig/gnmi/cmd/gnmi_cli@v0.14.1                     # gNMI client: a real peer for the gNMI tests
  github.com/openconfig/gnmi/testing/fake/gnmi/cmd/fake_server@v0.14.1 # gNMI fake target for the client tests
  github.com/temporalio/cli/cmd/temporal@v1.5.1                       # Temporal dev server (later versions carry a replace: not go-installable)
  helm.sh/helm/v3/cmd/helm@v3.22.0                                    # Helm: lint, template and dry-run of deploy/helm/netintent
  github.com/prometheus/prometheus/cmd/promtool@v0.316.0              # promtool (Prometheus 3.16): check and unit-test the alert rules
)
# ────────────────────────────────────────────────────────────────────────────────────────

say() { echo "bootstrap: $*" >&2; }
tool_bin() { local pkg="${1%@*}"; echo "$gobin/${pkg##*/}"; }

yang_found() { # the same places adapters/yang/models.ts looks, in its order
  if [[ -n "${NETINTENT_YANG_DIR:-}" ]]; then [[ -d "$NETINTENT_YANG_DIR/sros-25.10" ]]; return; fi
  [[ -d "$root/../shared/yang/sros-25.10" || -d "$cache/yang/sros-25.10" ]]
}

# ── 1. What the machine lacks (cheap checks only: this answers within the first second) ──
problems=()
if ! command -v go >/dev/null; then
  problems+=("Go 1.24+ is not installed (https://go.dev/dl/); it builds etcd, kube-apiserver, kubectl and the test tools once")
else
  gover="$(go env GOVERSION)"; gover="${gover#go}"
  IFS=. read -r gomaj gomin _ <<<"$gover"; gomin="${gomin%%[!0-9]*}" # 1.26rc1 → 26
  ((gomaj > 1 || (gomaj == 1 && gomin >= 24))) || problems+=("Go $gover is too old: Go 1.24+ is needed")
fi
nodever="$(node --version 2>/dev/null || echo v0)"; nodemaj="${nodever#v}"; nodemaj="${nodemaj%%.*}"
((nodemaj >= 20)) || problems+=("Node.js 20+ is needed (found: $(node --version 2>/dev/null || echo none))")

packages=()
command -v openssl >/dev/null || packages+=(openssl)
command -v yanglint >/dev/null || packages+=(libyang2-tools)
[[ -x /usr/sbin/netconfd && -x /usr/sbin/netconf-subsystem ]] || packages+=(netconfd)
[[ -x /usr/sbin/sshd ]] || packages+=(openssh-server)
if [[ -x /usr/bin/python3 ]]; then
  # One interpreter start for both (each start costs a tenth of a second on a busy machine).
  packages+=($(/usr/bin/python3 -c 'import importlib.util as u
for mod, pkg in (("ncclient", "python3-ncclient"), ("ensurepip", "python3-venv")):
    if not u.find_spec(mod): print(pkg)'))
else
  packages+=(python3 python3-ncclient python3-venv)
fi
yang_found || command -v git >/dev/null || packages+=(git)

if ((${#packages[@]})); then
  if [[ $(id -u) -eq 0 ]]; then sudo=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo -n)
  else sudo=(none)
  fi
  if ! command -v apt-get >/dev/null; then
    problems+=("no apt-get (netintent's set-up expects Debian or Ubuntu): install the equivalents of the Debian packages ${packages[*]}")
  elif [[ "${sudo[0]:-}" == none ]]; then
    problems+=("Debian packages are missing and this user cannot install them (not root, no password-less sudo). Run:
      sudo apt-get install -y ${packages[*]}")
  fi
fi
if ((${#problems[@]})); then
  {
    echo "bootstrap: this machine is not ready for netintent's lab and tests (nothing was built):"
    for p in "${problems[@]}"; do echo "  - $p"; done
    echo "Fix the above, then run the same command again."
  } >&2
  exit 1
fi

# ── Fast path: a complete earlier run with the same inputs, and every result still there ──
stamp="$cache/bootstrap.stamp"
key="$( { cat "${BASH_SOURCE[0]}" "$root/lab/stack/build-k8s.sh" "$root"/lab/stack/k8s/cmd/*/main.go
          echo "$k8s_dir $etcd_bin ${NETINTENT_YANG_DIR:-}"; } | sha256sum | cut -d' ' -f1)"
results_present() {
  [[ -x "$k8s_dir/kube-apiserver" && -x "$k8s_dir/kubectl" && -x "$etcd_bin" && -x "$pyvenv/bin/python" ]] || return 1
  local t; for t in "${GO_TOOLS[@]}"; do [[ -x "$(tool_bin "$t")" ]] || return 1; done
  yang_found
}
if ((${#packages[@]} == 0)) && [[ -f "$stamp" && "$(cat "$stamp")" == "$key" ]] && results_present; then exit 0; fi

mkdir -p "$cache/logs"
exec 9>"$cache/bootstrap.lock"
flock -n 9 || { say "another bootstrap is running on $cache; waiting for it"; flock 9; }

# ── System packages ──
if ((${#packages[@]})); then
  say "installing Debian packages: ${packages[*]} (${sudo[*]:-as root})"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >"$cache/logs/apt.log" \
    || { tail -n 30 "$cache/logs/apt.log" >&2; say "apt-get install failed (log: $cache/logs/apt.log)"; exit 1; }
fi

# Runs a long step with its output in a log; prints a line every 30 s (with the step's own last
# progress line when it has one) so a first build never looks hung; on failure, the log's tail.
long_step() { # name hint log progress-regex(or empty) command...
  local name="$1" hint="$2" log="$3" progress="$4"; shift 4
  local start; start="$(date +%s)"
  say "$name${hint:+ ($hint)}..."
  ( while sleep 30 && kill -0 $$ 2>/dev/null; do
      last="$([[ -n "$progress" ]] && grep -E "$progress" "$log" 2>/dev/null | tail -n 1 || true)"
      say "  … $name: $(( $(date +%s) - start ))s so far${last:+ [$last]}"
    done ) &
  local ticker=$! status=0
  "$@" >"$log" 2>&1 || status=$?
  kill "$ticker" 2>/dev/null || true; wait "$ticker" 2>/dev/null || true
  if ((status)); then tail -n 30 "$log" >&2; say "$name failed (exit $status; log: $log)"; exit "$status"; fi
  say "$name: done in $(( $(date +%s) - start ))s"
}

# ── Go builds: etcd, kube-apiserver and kubectl ──
if [[ ! -x "$k8s_dir/kube-apiserver" || ! -x "$k8s_dir/kubectl" || ! -x "$etcd_bin" ]]; then
  long_step "building etcd, kube-apiserver and kubectl" "Go module proxy; first time 8-15 min on 2 cores" \
    "$cache/logs/build-k8s.log" '^(k8s|etcd) ' env NETINTENT_CACHE="$cache" bash "$root/lab/stack/build-k8s.sh"
fi

# ── Go builds: the go-installed tools ──
for t in "${GO_TOOLS[@]}"; do
  bin="$(tool_bin "$t")"
  if [[ -x "$bin" ]]; then
    have="$(go version -m "$bin" 2>/dev/null | awk '$1=="path"{p=$2} $1=="mod"{v=$3} END{print p"@"v}')"
    [[ "$have" == "$t" ]] && continue
    say "$bin is $have, wanted $t: rebuilding"
  fi
  long_step "go install $t" "first time: up to 5 min" "$cache/logs/go-install-${bin##*/}.log" '' env GOBIN="$gobin" go install "$t"
done

# ── pygnmi (PyPI) in its own virtualenv: a real gNMI client for the e2e suite ──
if ! "$pyvenv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('pygnmi') != '$PYGNMI_VERSION')" 2>/dev/null; then
  long_step "installing pygnmi $PYGNMI_VERSION into $pyvenv" "PyPI" "$cache/logs/pygnmi.log" '' \
    bash -c "/usr/bin/python3 -m venv '$pyvenv' && '$pyvenv/bin/pip' install -q 'pygnmi==$PYGNMI_VERSION'"
fi

# ── Vendor YANG models, when none of the places adapters/yang/models.ts looks holds them ──
if ! yang_found; then
  [[ -z "${NETINTENT_YANG_DIR:-}" ]] || { say "NETINTENT_YANG_DIR=$NETINTENT_YANG_DIR holds no sros-25.10/: fix or unset it"; exit 1; }
  long_step "fetching the vendor YANG models into $cache/yang" "GitHub" "$cache/logs/fetch-yang.log" '^fetch-yang' \
    bash "$root/scripts/fetch-yang.sh" "$cache/yang"
fi

# Beside ../shared/yang: keep a copy in the cache as well, so that a clone anywhere else finds the models.
if [[ -z "${NETINTENT_YANG_DIR:-}" && -d "$root/../shared/yang/sros-25.10" && ! -d "$cache/yang/sros-25.10" ]]; then
  rm -rf "$cache/yang" "$cache/yang.tmp" && cp -a "$root/../shared/yang" "$cache/yang.tmp" && mv "$cache/yang.tmp" "$cache/yang"
  say "copied the vendor YANG models from $root/../shared/yang into $cache/yang"
fi

results_present || { say "a build finished but its result is missing; see $cache/logs"; exit 1; }
echo "$key" >"$stamp"
say "ready: every tool of the lab and the tests is in $cache"
