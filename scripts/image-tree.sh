#!/usr/bin/env bash
# Assembles the container image's /app into a folder: the one definition of what the
# runtime image holds. The Dockerfile's build stage runs this script and its runtime stage
# copies the folder as is, so the image and test/integration/image-closure.test.ts (which
# runs the controller and the worker from the folder) see the same files.
#
#   scripts/image-tree.sh [--yang-dir DIR] [--no-cache] OUT
#
# Needs dist/ (npm run build). OUT gets:
#   dist/ package.json package-lock.json crds/    the program and the CRDs it serves
#   adapters/gnmi/proto/ adapters/yang/deviations/ read at runtime relative to package.json
#   yang/                                          the vendor YANG models (NETINTENT_YANG_DIR)
#   node_modules/                                  npm ci --omit=dev: production dependencies only
# The YANG models come from --yang-dir, else $NETINTENT_YANG_DIR, else ../shared/yang, else
# $NETINTENT_CACHE/yang (where the bootstrap fetches them).
# node_modules is cached in $NETINTENT_CACHE/image-tree (default ~/.cache/netintent), keyed
# by package-lock.json, the Node version and the platform; --no-cache installs in place.
set -euo pipefail
cd "$(dirname "$0")/.."

# The models' default places, in adapters/yang/models.ts's order: beside the checkout, else
# where the bootstrap (scripts/fetch-yang.sh) puts them.
yang="${NETINTENT_YANG_DIR:-}"
if [[ -z "$yang" ]]; then
  yang=../shared/yang
  [[ -d "$yang/sros-25.10" ]] || yang="${NETINTENT_CACHE:-$HOME/.cache/netintent}/yang"
fi
cache=1
out=""
while (($#)); do
  case "$1" in
    --yang-dir) yang="$2"; shift 2 ;;
    --no-cache) cache=0; shift ;;
    -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "image-tree: unknown option $1" >&2; exit 2 ;;
    *) out="$1"; shift ;;
  esac
done
[[ -n "$out" ]] || { echo "image-tree: usage: scripts/image-tree.sh [--yang-dir DIR] [--no-cache] OUT" >&2; exit 2; }
[[ -f dist/cli/main.js ]] || { echo "image-tree: dist/cli/main.js is missing: run npm run build first" >&2; exit 1; }
[[ -d "$yang/sros-25.10" && -d "$yang/srlinux-25.3.1" ]] || {
  echo "image-tree: no YANG models in $yang (sros-25.10/, srlinux-25.3.1/): pass --yang-dir or set NETINTENT_YANG_DIR" >&2
  exit 1
}

rm -rf "$out"
mkdir -p "$out/adapters/gnmi" "$out/adapters/yang" "$out/yang"
cp -a dist package.json package-lock.json crds "$out/"
cp -a adapters/gnmi/proto "$out/adapters/gnmi/"
cp -a adapters/yang/deviations "$out/adapters/yang/"
for d in sros-25.10 sros-25.10-stubs srlinux-25.3.1 README.md; do
  [[ -e "$yang/$d" ]] && cp -a "$yang/$d" "$out/yang/"
done

# --ignore-scripts: no `prepare` (it would run tsc, a dev tool) and no native rebuilds;
# ssh2's optional cpu-features is the only addon it skips, and ssh2 runs without it.
install() { (cd "$1" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error); }

# Temporal's native core ships for five platforms: keep this one's (about 120 MB less).
prune() {
  local releases="$out/node_modules/@temporalio/core-bridge/releases" keep
  keep="$(uname -m)-unknown-linux-gnu"
  [[ -d "$releases/$keep" ]] || return 0
  find "$releases" -mindepth 1 -maxdepth 1 ! -name "$keep" -exec rm -rf {} +
}

if ((cache == 0)); then
  install "$out"
  prune
  exit 0
fi
key="$( (cat package-lock.json; node -p 'process.version + process.platform + process.arch') | sha256sum | cut -c1-16)"
root="${NETINTENT_CACHE:-$HOME/.cache/netintent}/image-tree"
cached="$root/$key"
if [[ ! -d "$cached/node_modules" ]]; then
  echo "image-tree: npm ci --omit=dev (cached in $cached)" >&2
  mkdir -p "$root"
  stage="$(mktemp -d "$root/.stage-XXXXXX")"
  trap 'rm -rf "$stage"' EXIT
  cp package.json package-lock.json "$stage/"
  install "$stage"
  rm -rf "$cached"
  mv "$stage" "$cached" # whole or not at all: a killed install leaves only a .stage folder
  trap - EXIT
fi
touch "$cached"
# Interrupted installs, and installs of lockfiles nobody used for a week.
find "$root" -mindepth 1 -maxdepth 1 \( -name '.stage-*' -mmin +60 -o -mtime +7 \) -exec rm -rf {} + 2>/dev/null || true
# Hard links when the cache is on the same file system (fast, no space); a copy otherwise.
cp -al "$cached/node_modules" "$out/" 2>/dev/null || { rm -rf "$out/node_modules"; cp -a "$cached/node_modules" "$out/"; }
prune
