// The gNMI service definition, loaded once from proto/gnmi.proto.
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { projectRoot } from '../paths.js';

export type GnmiServiceClient = grpc.Client & Record<string, (...args: unknown[]) => unknown>;

let cached: { service: grpc.ServiceDefinition; Client: grpc.ServiceClientConstructor } | undefined;

export function gnmiService() {
  if (!cached) {
    const def = protoLoader.loadSync(join(projectRoot(), 'adapters', 'gnmi', 'proto', 'gnmi.proto'), {
      keepCase: true,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    const pkg = grpc.loadPackageDefinition(def) as unknown as { gnmi: { gNMI: grpc.ServiceClientConstructor } };
    cached = { service: pkg.gnmi.gNMI.service, Client: pkg.gnmi.gNMI };
  }
  return cached;
}

/** Wire shapes (proto-loader with keepCase, oneofs, enums as strings, longs as strings). */
export interface WirePath {
  element?: string[];
  origin?: string;
  elem: { name: string; key: Record<string, string> }[];
  target?: string;
}
export interface WireTypedValue {
  value?: string;
  json_ietf_val?: Buffer;
  json_val?: Buffer;
  string_val?: string;
  [k: string]: unknown;
}
export interface WireUpdate {
  path: WirePath;
  val: WireTypedValue;
}
export interface WireNotification {
  timestamp: string;
  prefix?: WirePath | null;
  update: WireUpdate[];
  delete: WirePath[];
}
