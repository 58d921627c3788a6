#!/usr/bin/env bash
# Fetches the vendor YANG models netintent renders against — the same releases as the
# development setup (SR OS 25.10 from nokia/7x50_YangModels, folder latest_sros_25.10;
# SR Linux v25.3.1 from nokia/srlinux-yang-models) — into the layout netintent expects:
#   <dest>/sros-25.10/  <dest>/sros-25.10-stubs/  <dest>/srlinux-25.3.1/srlinux-yang-models/
# then prints the NETINTENT_YANG_DIR line to use. Needs git and network access to GitHub.
# The stubs folder stays empty here: the real nokia-conf-groups submodule is used.
# Nothing else to fetch: netintent's SR Linux deviation module ships with the project
# (adapters/yang/deviations/), and the "fixed copy" of the SR Linux models the judge needs
# (adapters/yang/fixed-models.ts) is generated from these originals on first use, into
# ${NETINTENT_CACHE:-$HOME/.cache/netintent}/yang/srlinux-25.3.1-fixed-<hash>.
set -euo pipefail
dest="${1:-${NETINTENT_CACHE:-$HOME/.cache/netintent}/yang}"
command -v git >/dev/null || { echo "fetch-yang: git is required" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

sparse() { # repo ref(empty: default branch) folder target
  echo "fetch-yang: $1 ${2:-(default branch)} $3" >&2
  git clone --quiet --depth 1 ${2:+--branch "$2"} --filter=blob:none --sparse "https://github.com/$1.git" "$tmp/$4"
  git -C "$tmp/$4" sparse-checkout set "$3"
}
sparse nokia/7x50_YangModels "" latest_sros_25.10 sros
sparse nokia/srlinux-yang-models v25.3.1 srlinux-yang-models srl

mkdir -p "$dest"
rm -rf "$dest/sros-25.10" "$dest/sros-25.10-stubs" "$dest/srlinux-25.3.1"
mv "$tmp/sros/latest_sros_25.10" "$dest/sros-25.10"
mkdir -p "$dest/sros-25.10-stubs" "$dest/srlinux-25.3.1"
mv "$tmp/srl/srlinux-yang-models" "$dest/srlinux-25.3.1/srlinux-yang-models"
cp "$tmp/srl/LICENSE" "$dest/srlinux-25.3.1/" 2>/dev/null || true
echo "export NETINTENT_YANG_DIR=$dest"
