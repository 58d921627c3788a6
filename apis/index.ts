export * from './formats.js';
export * from './common.js';
export * from './dependencies.js';
export * from './kind.js';
export * from './networkdevice.js';
export * from './vrf.js';
export * from './l3vpn.js';
export * from './vpls.js';
export * from './srv6policy.js';
export * from './enc.js';
export * from './devicetransaction.js';
import { NetworkDevice } from './networkdevice.js';
import { VRF } from './vrf.js';
import { L3VPN } from './l3vpn.js';
import { VPLS } from './vpls.js';
import { SRv6Policy } from './srv6policy.js';
import { SROSConfig, SRLinuxConfig } from './enc.js';

/** Every kind netintent serves, in dependency order (devices first). */
export const KINDS = [NetworkDevice, VRF, L3VPN, VPLS, SRv6Policy, SROSConfig, SRLinuxConfig] as const;
