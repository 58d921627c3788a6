// Helpers for tests against the test bed's real API server.
import { execFileSync } from 'node:child_process';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

export function testKubeConfig(): KubeConfig {
  const path = process.env.KUBECONFIG;
  if (!path) throw new Error('KUBECONFIG is not set: run through the integration project (jest --selectProjects integration)');
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

export function kubectl(...args: string[]): string {
  return execFileSync(process.env.NETINTENT_KUBECTL ?? 'kubectl', ['--kubeconfig', process.env.KUBECONFIG!, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function freshNamespace(kc: KubeConfig, prefix: string): Promise<string> {
  const name = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
  return name;
}
