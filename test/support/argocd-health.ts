// Runs deploy/argocd/health.lua on a Kubernetes object in a real Lua VM (wasmoon, Lua 5.4), the
// way Argo CD does: the object, decoded from JSON, is the global `obj`; the script's return value
// is the health. Argo CD's VM (gopher-lua, Lua 5.1) opens only a few libraries, so string, os,
// io and the loaders are removed first: a script that leans on them fails here too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LuaFactory, type LuaEngine } from 'wasmoon';
import { projectRoot } from '../../adapters/paths.js';

export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';
export interface Health {
  status: HealthStatus;
  message: string;
}

export const healthScript = () => readFileSync(join(projectRoot(), 'deploy', 'argocd', 'health.lua'), 'utf8');

/** A Lua expression for a JSON value (null and undefined become nil, as Argo CD's decoding does). */
export function luaLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v).replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => `\\u{${h}}`);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `{${v.map(luaLiteral).join(', ')}}`;
  if (typeof v === 'object') {
    const fields = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null && x !== undefined);
    return `{${fields.map(([k, x]) => `[${luaLiteral(k)}] = ${luaLiteral(x)}`).join(', ')}}`;
  }
  throw new Error(`no Lua literal for ${typeof v}`);
}

const SANDBOX = 'string = nil; os = nil; io = nil; debug = nil; package = nil; require = nil; load = nil; loadfile = nil; dofile = nil';

let engine: Promise<LuaEngine> | undefined;

/** The health Argo CD would show for `obj`. */
export async function argocdHealth(obj: object, script = healthScript()): Promise<Health> {
  const lua = await (engine ??= new LuaFactory().createEngine());
  const wrapped = `${SANDBOX}\nlocal obj = ${luaLiteral(obj)}\nreturn (function(obj)\n${script}\nend)(obj)`;
  const hs = (await lua.doString(wrapped)) as Partial<Health> | undefined;
  if (!hs || typeof hs.status !== 'string' || typeof hs.message !== 'string') throw new Error(`health script returned ${JSON.stringify(hs)}`);
  return { status: hs.status, message: hs.message };
}

export function closeLua() {
  void engine?.then((e) => e.global.close());
  engine = undefined;
}
