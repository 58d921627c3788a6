// The documents `netintent render` produces, one per device, in the chosen encoding: the
// device document (SR OS <configure> XML / SR Linux JSON_IETF), the NETCONF <edit-config>
// RPC, or the gNMI SetRequest. Formats live here, not in the CLI, which only parses flags.
import { setRequest } from '../yang/gnmi-request.js';
import type { YObject } from '../yang/tree.js';
import { configureXml, editConfigRpc } from '../yang/xml.js';
import { serviceName } from './plan.js';
import { deviceDocument } from './render.js';
import type { DeviceRender } from './resolve.js';

export type Format = 'tree' | 'netconf' | 'gnmi';

export interface Rendered {
  device: DeviceRender;
  file: string;
  content: string;
  /** The device document (whatever the format): what the judge merges over the device's base. */
  tree: YObject;
}

/** The file name stem of a device: one per namespace/name, as device-side names are (`default/a.b` ≠ `a/b`). */
export const deviceStem = (d: DeviceRender) => serviceName(d.device);

/** The documents `render` writes, one per device. */
export function renderDocuments(devices: DeviceRender[], format: Format): Rendered[] {
  return devices.map((d) => {
    const base = deviceStem(d);
    const tree = deviceDocument(d.platform, d.fragments);
    const fragments = d.fragments.map((f) => f.fragment);
    if (format === 'netconf' && d.platform === 'sros') {
      return { device: d, tree, file: `${base}.netconf.xml`, content: editConfigRpc(fragments) + '\n' };
    }
    // SR Linux speaks gNMI only: --format netconf gives it its SetRequest.
    if (format !== 'tree') return { device: d, tree, file: `${base}.gnmi.json`, content: JSON.stringify(setRequest(fragments), null, 2) + '\n' };
    return d.platform === 'sros'
      ? { device: d, tree, file: `${base}.sros.xml`, content: configureXml(tree) + '\n' }
      : { device: d, tree, file: `${base}.srlinux.json`, content: JSON.stringify(tree, null, 2) + '\n' };
  });
}
