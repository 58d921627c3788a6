// The tokenizer test/integration/alarms.test.ts uses to find the metric names of the alert
// rules and the dashboard: it must find every name and nothing else.
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { projectRoot } from '../../../adapters/paths.js';
import { exportedNames, metricNames, ruleExpressions } from '../../support/promql.js';

describe('metricNames', () => {
  it('finds selectors, not functions, aggregations, keywords, label names, durations or Grafana variables', () => {
    expect(metricNames('sum by (kind, le) (rate(a_total{x="y",le=~"0.1|b"}[5m])) / on(pool) group_left b or vector(0) unless c offset 10m > bool $__x')).toEqual(['a_total', 'b', 'c']);
    expect(metricNames('histogram_quantile(0.95, sum without (instance) (rate(x_bucket[$__rate_interval])))')).toEqual(['x_bucket']);
  });

  it("names exactly the alert rules' metrics", () => {
    const names = ruleExpressions(join(projectRoot(), 'deploy', 'helm', 'netintent', 'files', 'prometheus-rules.yaml')).flatMap((r) => metricNames(r.expr));
    expect([...new Set(names)].sort()).toEqual([
      'netintent_alarm_active',
      'netintent_allocation_pool_capacity',
      'netintent_allocation_pool_used',
      'netintent_commit_failures_total',
      'netintent_device_reachable',
      'netintent_drift_detected_total',
      'netintent_workqueue_queue_duration_seconds_bucket',
    ]);
  });

  it('reads the series names a /metrics page offers, with a histogram its suffixed series', () => {
    const page = '# HELP a x\n# TYPE a_total counter\na_total 1\n# TYPE h histogram\nh_bucket{le="1"} 0\n# TYPE g gauge\n';
    expect([...exportedNames(page)].sort()).toEqual(['a_total', 'g', 'h', 'h_bucket', 'h_count', 'h_sum']);
  });
});
