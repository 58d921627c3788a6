// Drift that a policy of report leaves on the devices is written down in the transaction
// history too (issue 15): nothing was committed, so the engine records nothing; the reconciler
// hands this record over once per detection, with the native diff per device.
import type { Obj } from '../../apis/objects.js';
import type { TransactionRecord } from '../../devices/history.js';
import type { Outcome } from '../../devices/transactions.js';
import type { DeviationStatus } from '../deviations.js';

let seq = 0;

export function driftRecord(o: Obj, key: string, devices: string[], out: Outcome, deviations: DeviationStatus[]): TransactionRecord {
  const namespace = o.metadata.namespace ?? 'default';
  return {
    id: `drift-${Date.now().toString(36)}-${++seq}`,
    time: new Date(),
    outcome: 'DriftReported',
    intents: [
      {
        key,
        origin: {
          apiVersion: o.apiVersion,
          kind: o.kind,
          namespace,
          name: o.metadata.name,
          ...(o.metadata.uid ? { uid: o.metadata.uid } : {}),
          ...(o.metadata.generation !== undefined ? { generation: o.metadata.generation } : {}),
          cause: 'OutOfBand',
        },
      },
    ],
    devices: devices.map((name) => {
      const whole = out.devices.find((d) => d.device === name && !d.upToDate)?.diff ?? '';
      const paths = deviations.filter((d) => d.device === name && d.action === 'reported').map((d) => `# ${d.path}\n${d.diff}`);
      return { name, namespace, state: 'Unchanged' as const, diff: [whole, ...paths].filter(Boolean).join('\n') };
    }),
  };
}
