// Per-path drift decisions (issue 15): what netintent does when a device no longer matches
// under a path. On a service kind for its own configuration, on a NetworkDevice for
// everything on that device; the most specific path wins, the intent's on a tie.
import { z } from 'zod';
import { YANG_PATH } from './formats.js';

export const DRIFT_ACTIONS = ['revert', 'report', 'accept'] as const;
export const MAX_DRIFT_POLICIES = 32;

export const driftPolicies = () =>
  z
    .array(
      z.object({
        path: z
          .string()
          .max(512)
          .regex(YANG_PATH, { message: 'must be a device path like /configure/service/vprn[service-name=blue]/description' })
          .describe('Device path (native, absolute): /configure/... on SR OS, /network-instance[name=blue]/... on SR Linux. A list element without keys covers every entry.'),
        action: z
          .enum(DRIFT_ACTIONS)
          .describe('revert: set the device back (default). report: show the difference (status.deviations, Drifted), change nothing. accept: leave it and list it in status.deviations.'),
      }),
    )
    .max(MAX_DRIFT_POLICIES)
    .optional()
    .describe('What to do when the device differs under a path.');

/** status.deviations: the differences policies keep on the devices. */
export const deviationsStatus = () =>
  z
    .array(
      z.object({
        device: z.string().max(253),
        path: z.string().max(1024),
        action: z.enum(['accepted', 'reported']),
        diff: z.string().max(4096).describe('Native diff (- on the device, + wanted); secrets masked.'),
      }),
    )
    .max(64)
    .optional()
    .describe('Differences a drift policy keeps on the devices.');
