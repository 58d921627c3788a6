// Every I/O of the egress workflow: reading the PE side from the management cluster, writing
// the workload cluster, reporting into the intent's status. Bad input is a non-retryable
// `InvalidEgress`; anything else is retried by the workflow's retry policy.
// ApplicationFailure through @temporalio/activity: @temporalio/common is not a declared dependency.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { GROUP, KINDS, VERSION } from '../apis/index.js';
import { canonicalJson } from '../adapters/canonical-json.js';
import { ApiError, RestClient } from '../adapters/k8s/rest.js';
import {
  ALL_KINDS,
  FIELD_MANAGER,
  OWNER_LABEL,
  clusterRefused,
  egressObjects,
  refOf,
  type EgressSpec,
  type IntentRef,
  type Termination,
} from '../adapters/cilium/egress.js';
import type { EgressReport } from './definitions.js';

type Obj = KubernetesObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };

export interface ActivityOptions {
  /** The management cluster: intents, VRFs, kubeconfig Secrets. */
  kubeConfig: KubeConfig;
  /** How often the wait for the PE side looks again. */
  pollMs?: number;
}

const invalid = (message: string) => ApplicationFailure.nonRetryable(message, 'InvalidEgress');


const syncedNow = (o: Obj) => {
  const c = (o.status?.conditions as { type: string; status: string; observedGeneration?: number }[] | undefined)?.find((x) => x.type === 'Synced');
  return c?.status === 'True' && c.observedGeneration === o.metadata?.generation;
};

export function createActivities(o: ActivityOptions) {
  const mgmt = new RestClient(o.kubeConfig);
  const pollMs = o.pollMs ?? 1000;
  const intentPath = (i: { kind: string; namespace: string; name: string }) => {
    const def = KINDS.find((k) => k.kind === i.kind);
    if (!def) throw invalid(`${i.kind} cannot ask for cluster egress`);
    return `/apis/${def.group}/${def.version}/namespaces/${i.namespace}/${def.plural}/${i.name}`;
  };
  const get = async (path: string): Promise<Obj | undefined> => {
    try {
      return await mgmt.request<Obj>('GET', path);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return undefined;
      throw e;
    }
  };

  /** Merge-patches `status.egress`; false when the intent is gone or replaced (uid precondition). */
  async function patchEgress(intent: IntentRef, egress: Record<string, unknown>): Promise<boolean> {
    if (typeof egress.message === 'string') egress.message = egress.message.slice(0, 1024);
    try {
      await mgmt.request('PATCH', `${intentPath(intent)}/status`, { metadata: { uid: intent.uid }, status: { egress } }, 'application/merge-patch+json');
      return true;
    } catch (e) {
      if (e instanceof ApiError && (e.code === 404 || e.code === 409)) return false;
      throw e;
    }
  }

  /** The workload cluster: the management cluster unless a kubeconfig Secret names another. */
  async function cluster(intent: IntentRef, spec: EgressSpec): Promise<RestClient> {
    const ref = spec.kubeconfigSecretRef;
    if (!ref) return mgmt;
    const what = `kubeconfig Secret ${intent.namespace}/${ref.name}`;
    const secret = await get(`/api/v1/namespaces/${intent.namespace}/secrets/${ref.name}`);
    if (!secret) throw new Error(`${what} not found`); // retried: it may yet be created
    const data = (secret as { data?: Record<string, string> }).data?.[ref.key];
    if (!data) throw invalid(`${what} has no key "${ref.key}"`);
    const kc = new KubeConfig();
    try {
      kc.loadFromString(Buffer.from(data, 'base64').toString());
    } catch {
      throw invalid(`${what} key "${ref.key}" is not a kubeconfig`); // its text is a secret: never quoted
    }
    if (!kc.getCurrentCluster()) throw invalid(`${what} key "${ref.key}" has no current cluster`);
    return new RestClient(kc);
  }

  /** Where the traffic ends, once the PE side is synced; undefined (with why) while it is not. */
  async function termination(intent: IntentRef, spec: EgressSpec): Promise<Termination | string> {
    const vpn = await get(intentPath(intent));
    if (!vpn || vpn.metadata?.uid !== intent.uid) throw ApplicationFailure.nonRetryable(`${intent.kind} ${intent.namespace}/${intent.name} is gone`, 'IntentGone');
    const members = ((vpn.spec?.vrfs as { name: string }[] | undefined) ?? []).map((v) => v.name);
    const vrfName = spec.terminatingVrf ?? members[0];
    if (!vrfName) throw invalid(`${intent.name} has no VRF to terminate the traffic`);
    if (!syncedNow(vpn)) return `${intent.kind} ${intent.name} is not yet synced on its PEs`;
    const vrf = await get(`/apis/${GROUP}/${VERSION}/namespaces/${intent.namespace}/vrfs/${vrfName}`);
    if (!vrf || !syncedNow(vrf)) return `VRF ${vrfName} is not yet synced`;
    const sids = (vrf.status?.sids as { device: string; sid: string }[] | undefined) ?? [];
    const endpoints = ((vrf.spec?.endpoints as { device: string }[] | undefined) ?? []).map((e) => e.device);
    const device = spec.terminatingDevice ?? sids[0]?.device;
    if (spec.terminatingDevice && !endpoints.includes(spec.terminatingDevice)) throw invalid(`VRF ${vrfName} has no endpoint on ${spec.terminatingDevice}`);
    const sid = sids.find((s) => s.device === device)?.sid;
    if (!device || !sid) throw invalid(`VRF ${vrfName} has no SRv6 End.DT46 SID${device ? ` on ${device}` : ''}: give its endpoint devices an SRv6 locator`);
    try {
      await cluster(intent, spec);
    } catch (e) {
      if (e instanceof ApplicationFailure) throw e;
      return (e as Error).message; // the Secret may yet be created
    }
    const rts = (vpn.status?.routeTargets ?? {}) as { shared?: string; hub?: string; spoke?: string };
    // The cluster joins a hub-and-spoke VPN as a spoke.
    return { device, vrf: vrfName, sid, importRouteTarget: rts.shared ?? rts.hub, exportRouteTarget: rts.shared ?? rts.spoke };
  }

  return {
    async awaitTermination(intent: IntentRef, spec: EgressSpec): Promise<Termination> {
      const ctx = Context.current();
      let said = '';
      for (;;) {
        const t = await termination(intent, spec);
        if (typeof t !== 'string') return t;
        if (t !== said) await patchEgress(intent, { message: `waiting: ${(said = t)}` });
        ctx.heartbeat(t);
        await ctx.sleep(pollMs); // throws when the workflow cancels the wait
      }
    },

    async applyClusterObjects(intent: IntentRef, spec: EgressSpec, t: Termination): Promise<string[]> {
      const rest = await cluster(intent, spec);
      const out: string[] = [];
      for (const obj of egressObjects(intent, spec, t)) {
        try {
          await rest.apply(obj as KubernetesObject, FIELD_MANAGER, { fieldValidation: 'Strict' }); // a field the CNI lacks is an error
        } catch (e) {
          if (clusterRefused(e)) throw invalid(`the workload cluster refused ${refOf(obj)}: ${e.message}`);
          if (e instanceof Error && /does not serve/.test(e.message)) throw invalid(`the workload cluster ${e.message.replace(/^the API server /, '')}; install the ${spec.cni} SRv6 CRDs`);
          throw e;
        }
        out.push(refOf(obj));
      }
      return out;
    },

    /** Differences between what the cluster holds and what was applied; empty when they match. */
    async verifyClusterObjects(intent: IntentRef, spec: EgressSpec, t: Termination): Promise<string[]> {
      const rest = await cluster(intent, spec);
      const out: string[] = [];
      for (const want of egressObjects(intent, spec, t)) {
        const path = await rest.path(want as KubernetesObject);
        const got = await rest.request<Obj>('GET', path).catch((e: unknown) => (e instanceof ApiError && e.code === 404 ? undefined : Promise.reject(e)));
        if (!got) out.push(`${refOf(want)} is missing`);
        else if (canonicalJson(got.spec) !== canonicalJson(want.spec)) out.push(`${refOf(want)} spec differs`);
        else if (got.metadata?.labels?.[OWNER_LABEL] !== intent.uid) out.push(`${refOf(want)} is not labelled as ours`);
      }
      return out;
    },

    /** Deletes this intent's cluster objects except `keep` (kind/name); returns what it deleted. */
    async pruneClusterObjects(intent: IntentRef, spec: EgressSpec, keep: string[]): Promise<string[]> {
      const rest = await cluster(intent, spec);
      const deleted: string[] = [];
      for (const k of ALL_KINDS) {
        const base = `/apis/${k.apiVersion}/${k.plural}`;
        let items: Obj[];
        try {
          items = (await rest.request<{ items: Obj[] }>('GET', `${base}?labelSelector=${encodeURIComponent(`${OWNER_LABEL}=${intent.uid}`)}`)).items;
        } catch (e) {
          if (e instanceof ApiError && e.code === 404) continue; // that flavour's CRDs are not installed
          throw e;
        }
        for (const item of items) {
          const ref = `${k.kind}/${item.metadata!.name!}`;
          if (keep.includes(ref)) continue;
          await rest.request('DELETE', `${base}/${item.metadata!.name!}`).catch((e: unknown) => (e instanceof ApiError && e.code === 404 ? undefined : Promise.reject(e)));
          deleted.push(ref);
        }
      }
      return deleted;
    },

    /** Writes `status.egress` (and only that) of the intent; false when the intent is gone. */
    report(intent: IntentRef, r: EgressReport): Promise<boolean> {
      return patchEgress(intent, { workflowId: r.workflowId, phase: r.phase, observedGeneration: r.observedGeneration, message: r.message, sid: r.sid ?? null, objects: r.objects ?? null });
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
