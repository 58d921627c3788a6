// What the CRD generator and the controllers need to know about a kind, beyond its schema.
import type { z } from 'zod';

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  priority?: number;
}

export interface KindDef<Spec extends z.ZodType = z.ZodType, Status extends z.ZodType = z.ZodType> {
  group: string;
  version: string;
  kind: string;
  plural: string;
  shortNames: string[];
  description: string;
  spec: Spec;
  status: Status;
  /** Kind-specific columns, shown between SYNCED and AGE. */
  columns: PrinterColumn[];
}

/** READY, SYNCED, the kind's own columns, AGE: the same frame on every kind. */
export function printerColumns(def: KindDef): PrinterColumn[] {
  const cond = (type: string) => `.status.conditions[?(@.type=="${type}")]`;
  return [
    { name: 'Ready', type: 'string', jsonPath: `${cond('Ready')}.status` },
    { name: 'Synced', type: 'string', jsonPath: `${cond('Synced')}.status` },
    ...def.columns,
    { name: 'Reason', type: 'string', jsonPath: `${cond('Ready')}.reason`, priority: 1 },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ];
}

export const devicesColumn: PrinterColumn = {
  name: 'Devices',
  type: 'string',
  jsonPath: '.status.deviceSummary',
  description: 'Synced devices / devices',
};
