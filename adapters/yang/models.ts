// Where the vendor YANG models are and how yanglint loads them: the one place that knows
// the commands of ../shared/yang/README.md. NETINTENT_YANG_DIR overrides the location.
// SR Linux is judged against a generated fixed copy of its models (fixed-models.ts) plus
// netintent's own deviation module (deviations/), both needed for full validation.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cacheDir, projectRoot } from '../paths.js';
import { EXTRA_FOLDER, fixedModels } from './fixed-models.js';

export type Platform = 'sros' | 'srlinux';

export function yangDir(): string {
  // Beside the checkout (the development setup), else where the bootstrap's
  // scripts/fetch-yang.sh puts them on a fresh machine.
  const places = [resolve(projectRoot(), '..', 'shared', 'yang'), join(cacheDir(), 'yang')];
  const dir = process.env.NETINTENT_YANG_DIR ?? places.find((d) => existsSync(join(d, 'sros-25.10'))) ?? places[0]!;
  if (!existsSync(join(dir, 'sros-25.10'))) {
    throw new Error(`YANG models not found in ${dir}: set NETINTENT_YANG_DIR to a folder holding sros-25.10/ and srlinux-25.3.1/`);
  }
  return dir;
}

interface ModelSet {
  /** Folder the paths below are relative to. */
  root: () => string;
  searchPaths: string[];
  features: string[];
  modules: string[];
}

const SRL_MODELS = 'srlinux-yang-models/srl_nokia/models';

/**
 * netintent's deviations of the SR Linux models (in the project, not in the vendor folder):
 * each says which statement cannot hold for valid data, and why. Loaded from the fixed copy.
 */
export const SRL_DEVIATIONS = 'adapters/yang/deviations/netintent-srl-deviations.yang';

/** Search paths and module files, as ../shared/yang/README.md gives them. */
export const MODELS: Record<Platform, ModelSet> = {
  sros: {
    root: yangDir,
    searchPaths: ['sros-25.10', 'sros-25.10-stubs', 'sros-25.10/ietf', 'sros-25.10/nokia-submodule'],
    features: [],
    modules: ['sros-25.10/nokia-submodule/nokia-conf.yang'],
  },
  srlinux: {
    root: () => fixedModels(join(yangDir(), 'srlinux-25.3.1'), { extras: [join(projectRoot(), SRL_DEVIATIONS)] }),
    searchPaths: ['srlinux-yang-models', 'srlinux-yang-models/ietf', 'srlinux-yang-models/iana', 'srlinux-yang-models/openconfig'],
    features: ['srl_nokia-features:*'],
    modules: [
      'common/srl_nokia-features.yang',
      'common/srl_nokia-common.yang',
      'network-instance/srl_nokia-network-instance.yang',
      'network-instance/srl_nokia-bgp-evpn.yang',
      'network-instance/srl_nokia-bgp-vpn.yang',
      'network-instance/srl_nokia-bgp-ipvpn.yang',
      'interfaces/srl_nokia-interfaces.yang',
      'interfaces/srl_nokia-interfaces-vlans.yang',
      'tunnel/srl_nokia-tunnel-interfaces.yang',
      // the default network-instance's BGP (underlay / overlay), and PE-CE routing in a VRF
      'network-instance/srl_nokia-bgp.yang',
      'routing-policy/srl_nokia-routing-policy.yang',
      'network-instance/srl_nokia-static-routes.yang',
      'network-instance/srl_nokia-next-hop-groups.yang',
      // the lab underlay's IGP (lab/underlay.ts): IS-IS in the default network-instance
      'network-instance/srl_nokia-isis.yang',
    ]
      .map((m) => `${SRL_MODELS}/${m}`)
      .concat(`${EXTRA_FOLDER}/netintent-srl-deviations.yang`),
  },
};

/** ietf-netconf defines the nc:operation attribute an <edit-config> carries. */
export const NETCONF_MODULE = 'sros-25.10/ietf/ietf-netconf.yang';

/** How yanglint loads a platform's models: absolute search paths, features, module files. */
export function modelSet(platform: Platform, opts: { editOperations?: boolean } = {}) {
  const m = MODELS[platform];
  const root = m.root();
  return {
    searchPaths: m.searchPaths.map((p) => join(root, p)),
    features: m.features,
    modules: [
      ...m.modules.map((p) => join(root, p)),
      ...(opts.editOperations ? [join(yangDir(), NETCONF_MODULE)] : []),
    ],
  };
}

/** yanglint arguments that load a platform's models (absolute paths). */
export function yanglintModelArgs(platform: Platform, opts: { editOperations?: boolean } = {}): string[] {
  const m = modelSet(platform, opts);
  return [...m.searchPaths.flatMap((p) => ['-p', p]), ...m.features.flatMap((f) => ['-F', f]), ...m.modules];
}

export const SROS_NAMESPACE = 'urn:nokia.com:sros:ns:yang:sr:conf';
