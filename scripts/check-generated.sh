#!/usr/bin/env bash
# Fails when a generated file is not what its generator writes from the current sources:
# crds/ and its Helm chart copy deploy/helm/netintent/crds/ (from apis/, zod), adapters/yang/gen/ (from the YANG models + selection lists) and
# deploy/argocd/argocd-cm-patch.yaml (from deploy/argocd/health.lua).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
npm run -s build
node dist/cli/main.js crds --out-dir "$tmp/crds" 2>/dev/null
node dist/scripts/gen-yang-types.js "$tmp/yang" 2>/dev/null
node dist/scripts/gen-lab-configs.js "$tmp/lab-configs" >/dev/null
node dist/scripts/gen-argocd-cm.js "$tmp/argocd-cm-patch.yaml" >/dev/null
status=0
diff -ru crds "$tmp/crds" || { echo "crds/ is stale: run npm run gen:crds" >&2; status=1; }
diff -ru deploy/helm/netintent/crds "$tmp/crds" || { echo "deploy/helm/netintent/crds/ is stale: run npm run gen:crds" >&2; status=1; }
diff -ru adapters/yang/gen "$tmp/yang" || { echo "adapters/yang/gen/ is stale: run npm run gen:yang" >&2; status=1; }
diff -ru lab/topologies/configs "$tmp/lab-configs" || { echo "lab/topologies/configs/ is stale: run npm run gen:lab-configs" >&2; status=1; }
diff -u deploy/argocd/argocd-cm-patch.yaml "$tmp/argocd-cm-patch.yaml" || { echo "deploy/argocd/argocd-cm-patch.yaml is stale: run npm run gen:argocd" >&2; status=1; }
exit $status
