#!/usr/bin/env bash
# Builds the test bed's control plane once from the Go module proxy and caches it outside
# the repo, keyed by version:
#   etcd            go.etcd.io/etcd/server/v3 (a wrapper module that requires it) -> $cache/etcd-<v>/etcd
#   kube-apiserver, kubectl  (a wrapper module that requires k8s.io/kubernetes and replaces each
#                   staging module with its published v0.x release) -> $cache/k8s-<v>/
# etcd gets its own module: k8s.io/kubernetes pins the etcd client at 3.6, and one module
# would force both onto one version.
# Prints the directory holding kube-apiserver and kubectl on stdout; progress goes to stderr.
#   K8S_VERSION      Kubernetes release (default below)
#   ETCD_VERSION     etcd release (default below)
#   NETINTENT_CACHE  cache root (default ~/.cache/netintent)
set -euo pipefail
version="${K8S_VERSION:-v1.34.3}"
etcd_version="${ETCD_VERSION:-v3.7.3}"
cache="${NETINTENT_CACHE:-$HOME/.cache/netintent}"
out="$cache/k8s-$version"
etcd_out="$cache/etcd-$etcd_version"
if [[ -x "$out/kube-apiserver" && -x "$out/kubectl" && -x "$etcd_out/etcd" ]]; then echo "$out"; exit 0; fi
command -v go >/dev/null || { echo "build-k8s: Go 1.24+ is required to build kube-apiserver and etcd" >&2; exit 1; }

if [[ ! -x "$etcd_out/etcd" ]]; then
  work="$cache/build/etcd-$etcd_version"
  rm -rf "$work" && mkdir -p "$work" "$etcd_out"
  echo "etcd $etcd_version: resolving modules and compiling (first build: about 2 minutes on 2 cores)..." >&2
  (cd "$work" && printf 'module netintent.dev/testbed/etcd\n\ngo 1.24.0\n' > go.mod \
    && go get "go.etcd.io/etcd/server/v3@$etcd_version" >&2 \
    && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$etcd_out/etcd.tmp" go.etcd.io/etcd/server/v3 >&2)
  mv "$etcd_out/etcd.tmp" "$etcd_out/etcd"
  rm -rf "$work"
fi
if [[ -x "$out/kube-apiserver" && -x "$out/kubectl" ]]; then echo "$out"; exit 0; fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$cache/build/k8s-$version"
rm -rf "$work" && mkdir -p "$work"
cp -r "$here/k8s/cmd" "$work/"
staging="v0.${version#v1.}"

echo "k8s $version: resolving modules (first build: about 5 minutes on 2 cores)..." >&2
gomod="$(cd "$work" && go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
{
  echo "module netintent.dev/testbed/k8s"
  echo
  echo "go 1.24.0"
  echo
  echo "require k8s.io/kubernetes $version"
  echo
  echo "replace ("
  # Every staging module k8s.io/<x> => ./staging/... becomes its published v0.<minor>.<patch>.
  sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#\t\1 => \1 '"$staging"'#p' "$gomod"
  echo ")"
} > "$work/go.mod"
(cd "$work" && go mod tidy >&2)

ld="-s -w"
for v in gitVersion=$version gitMajor=1 gitMinor=$(echo "$version" | cut -d. -f2) gitTreeState=clean; do
  ld="$ld -X k8s.io/component-base/version.$v -X k8s.io/client-go/pkg/version.$v"
done
mkdir -p "$out"
for bin in kube-apiserver kubectl; do
  echo "k8s $version: compiling $bin..." >&2
  (cd "$work" && CGO_ENABLED=0 go build -trimpath -ldflags "$ld" -o "$out/$bin.tmp" "./cmd/$bin" >&2)
  mv "$out/$bin.tmp" "$out/$bin"
done
rm -rf "$work"
echo "$out"
