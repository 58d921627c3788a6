// Where the vendor YANG models are and how yanglint loads them: the one place that knows
// the commands of ../shared/yang/README.md. NETINTENT_YANG_DIR overrides the location.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoot } from '../../lab/stack/paths.js';

export type Platform = 'sros' | 'srlinux';

export function yangDir(): string {
  const dir = process.env.NETINTENT_YANG_DIR ?? resolve(projectRoot(), '..', 'shared', 'yang');
  if (!existsSync(join(dir, 'sros-25.10'))) {
    throw new Error(`YANG models not found in ${dir}: set NETINTENT_YANG_DIR to a folder holding sros-25.10/ and srlinux-25.3.1/`);
  }
  return dir;
}

/** Search paths and module files, relative to yangDir(), as ../shared/yang/README.md gives them. */
export const MODELS: Record<Platform, { searchPaths: string[]; features: string[]; modules: string[] }> = {
  sros: {
    searchPaths: ['sros-25.10', 'sros-25.10-stubs', 'sros-25.10/ietf', 'sros-25.10/nokia-submodule'],
    features: [],
    modules: ['sros-25.10/nokia-submodule/nokia-conf.yang'],
  },
  srlinux: {
    searchPaths: [
      'srlinux-25.3.1/srlinux-yang-models',
      'srlinux-25.3.1/srlinux-yang-models/ietf',
      'srlinux-25.3.1/srlinux-yang-models/iana',
      'srlinux-25.3.1/srlinux-yang-models/openconfig',
    ],
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
    ].map((m) => `srlinux-25.3.1/srlinux-yang-models/srl_nokia/models/${m}`),
  },
};

/** ietf-netconf defines the nc:operation attribute an <edit-config> carries. */
const NETCONF_MODULE = 'sros-25.10/ietf/ietf-netconf.yang';

/** yanglint arguments that load a platform's models (absolute paths). */
export function yanglintModelArgs(platform: Platform, opts: { editOperations?: boolean } = {}): string[] {
  const dir = yangDir();
  const m = MODELS[platform];
  return [
    ...m.searchPaths.flatMap((p) => ['-p', join(dir, p)]),
    ...m.features.flatMap((f) => ['-F', f]),
    ...m.modules.map((p) => join(dir, p)),
    ...(opts.editOperations ? [join(dir, NETCONF_MODULE)] : []),
  ];
}

export const SROS_NAMESPACE = 'urn:nokia.com:sros:ns:yang:sr:conf';
