// Metric names in PromQL expressions and in a /metrics page, so a test can check that every
// name an alert rule or a dashboard query uses is one the controller exports. The expression
// side is a selector tokenizer, not a parser: strings, label matchers, ranges, Grafana
// variables and grouping label lists are cut out, then every identifier that is not a
// function call, an aggregation or a keyword is a metric name.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const KEYWORDS = new Set([
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless', 'atan2',
  'sum', 'min', 'max', 'avg', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'group', 'limitk', 'limit_ratio',
  'inf', 'nan',
]);

export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/(?<![\w:.])([A-Za-z_:][\w:]*)(\s*\()?/g)) {
    if (m[2] || KEYWORDS.has(m[1]!.toLowerCase())) continue;
    names.add(m[1]!);
  }
  return [...names];
}

/** Every expression of a Prometheus rule file. */
export function ruleExpressions(file: string): { name: string; expr: string }[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as { groups: { rules: { alert?: string; record?: string; expr: string }[] }[] });
  return docs.flatMap((d) => d.groups.flatMap((g) => g.rules.map((r) => ({ name: r.alert ?? r.record ?? '?', expr: r.expr }))));
}

/** Every query of a Grafana dashboard. */
export function dashboardExpressions(file: string): { name: string; expr: string }[] {
  const d = JSON.parse(readFileSync(file, 'utf8')) as { panels: { title: string; targets?: { expr?: string }[] }[] };
  return d.panels.flatMap((p) => (p.targets ?? []).filter((t) => t.expr).map((t) => ({ name: p.title, expr: t.expr! })));
}

/** The series names a text exposition offers: each `# TYPE`d family, with a histogram's or summary's suffixed series. */
export function exportedNames(page: string): Set<string> {
  const out = new Set<string>();
  for (const m of page.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = m as unknown as [string, string, string];
    out.add(name);
    if (type === 'histogram') ['_bucket', '_sum', '_count'].forEach((s) => out.add(name + s));
    if (type === 'summary') ['_sum', '_count'].forEach((s) => out.add(name + s));
  }
  return out;
}
