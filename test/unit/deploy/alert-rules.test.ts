// The alert rules, judged by Prometheus's own evaluator: `promtool check rules` and
// `promtool test rules` (alert-rules.promtool.yaml: each alert fires on its series and stays
// silent on the others), both go-installed by scripts/bootstrap.sh. The chart's
// PrometheusRule and Grafana ConfigMap carry the very same files (helm template).
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { cacheDir, projectRoot } from '../../../adapters/paths.js';
import { K8S_VERSION } from '../../../lab/stack/kube.js';

const CHART = join(projectRoot(), 'deploy', 'helm', 'netintent');
const RULES = join(CHART, 'files', 'prometheus-rules.yaml');
const TESTS = join(projectRoot(), 'test', 'unit', 'deploy', 'alert-rules.promtool.yaml');
const ALERTS = ['NetintentDeviceUnreachable', 'NetintentCommitRejected', 'NetintentDriftDetected', 'NetintentOperDown', 'NetintentEgressFailed', 'NetintentReconcileQueueLatencyHigh', 'NetintentAllocationPoolNearlyExhausted'];

function tool(name: string) {
  const bin = join(cacheDir(), 'go-bin', name);
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run bootstrap (it go-installs ${name})`);
  return (...args: string[]) => spawnSync(bin, args, { encoding: 'utf8', timeout: 60_000 });
}

type Rule = { alert: string; expr: string; for?: string; labels: Record<string, string>; annotations: Record<string, string> };
const rules = () => (parse(readFileSync(RULES, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);

describe('alert rules', () => {
  it('define every alarm of issue 15 once, each with a severity, a summary and a description', () => {
    expect(rules().map((r) => r.alert)).toEqual(ALERTS);
    for (const r of rules()) {
      expect([r.alert, r.labels.severity]).toEqual([r.alert, expect.stringMatching(/^(critical|warning)$/)]);
      expect(Object.keys(r.annotations).sort()).toEqual(['description', 'summary']);
    }
  });

  it('pass promtool check rules', () => {
    const r = tool('promtool')('check', 'rules', RULES);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`SUCCESS: ${ALERTS.length} rules found`);
    expect(r.status).toBe(0);
  });

  it('pass promtool test rules, where every alert is seen firing and seen silent', () => {
    const cases = (parse(readFileSync(TESTS, 'utf8')) as { tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[] }).tests.flatMap((t) => t.alert_rule_test);
    for (const a of ALERTS) {
      expect([a, cases.some((c) => c.alertname === a && c.exp_alerts.length > 0)]).toEqual([a, true]);
      expect([a, cases.some((c) => c.alertname === a && c.exp_alerts.length === 0)]).toEqual([a, true]);
    }
    const r = tool('promtool')('test', 'rules', TESTS);
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('are what the chart puts in its PrometheusRule, rendered only where the API exists; the dashboard ConfigMap holds the dashboard', () => {
    const helm = tool('helm');
    const render = (...flags: string[]) => {
      // A go-installed helm assumes Kubernetes v1.20 unless told the version.
      const r = helm('template', 'ni', CHART, '--namespace', 'noc', '--kube-version', K8S_VERSION, ...flags);
      expect(r.stderr).toBe('');
      return parseAllDocuments(r.stdout).map((d) => d.toJS() as { kind: string; spec?: unknown; data?: Record<string, string>; metadata: { labels?: Record<string, string> } }).filter(Boolean);
    };
    expect(render().filter((d) => d.kind === 'PrometheusRule' || d.kind === 'ConfigMap')).toEqual([]);
    const docs = render('--api-versions', 'monitoring.coreos.com/v1/PrometheusRule', '--set', 'metrics.grafanaDashboard.enabled=true', '--set', 'alarms.webhookSecret=noc-hook');
    expect(docs.find((d) => d.kind === 'PrometheusRule')!.spec).toEqual(parse(readFileSync(RULES, 'utf8')));
    const cm = docs.find((d) => d.kind === 'ConfigMap')!;
    expect(cm.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
    expect(JSON.parse(cm.data!['netintent.json']!)).toEqual(JSON.parse(readFileSync(join(CHART, 'files', 'grafana-dashboard.json'), 'utf8')));
    const args = JSON.stringify(docs.find((d) => d.kind === 'Deployment')!.spec);
    expect(args).toContain('--alarm-webhook-secret=noc/noc-hook');
    // The controller may read that Secret even when it watches other namespaces only.
    const role = docs.find((d) => d.kind === 'Role' && (d.metadata as { name?: string }).name === 'ni-netintent-controller-alarm-webhook') as unknown as { rules: unknown[] };
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['noc-hook'], verbs: ['get'] }]);
    const lint = helm('lint', CHART, '--strict', '--set', 'metrics.grafanaDashboard.enabled=true', '--set', 'alarms.webhookSecret=noc-hook');
    expect(lint.stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    const off = render('--api-versions', 'monitoring.coreos.com/v1/PrometheusRule', '--set', 'metrics.prometheusRule.enabled=false');
    expect(off.filter((d) => d.kind === 'PrometheusRule')).toEqual([]);
  });
});
