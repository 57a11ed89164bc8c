// Self-contained HTML reports, for a scan and for an audit: one file, inline CSS and SVG, no script, and a
// Content-Security-Policy that forbids every network request. Everything from a repository goes through html().
import type { AuditEntry, AuditRecord } from '../audit/record.js';
import type { Finding } from '../check.js';
import type { CheckResult, Report } from '../report/report.js';
import { pointsLabel, topFindings } from '../report/rank-findings.js';
import { html } from './escape.js';
import { profileLine } from '../profiles/profile-line.js';
import { checkChart, miniBar, scoreGauge, STATUS_COLOUR, trendChart, trendLegend, type TrendSeries } from './svg.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 0 auto; max-width: 1040px; padding: 24px; overflow-wrap: break-word; }
/* Paths, ids and table cells may break anywhere (a long path must not widen the page); short fields never break. */
h1, td, .mono, code { overflow-wrap: anywhere; } th, td.num { white-space: nowrap; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 0 0 6px; }
.muted { color: #57606a; } .mono, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
header.summary { display: flex; gap: 8px 24px; align-items: center; flex-wrap: wrap; } header.summary > div { flex: 1 1 300px; min-width: 0; }
.verdict { font-weight: 700; padding: 2px 8px; border-radius: 4px; color: #fff; display: inline-block; white-space: nowrap; }
.verdict.pass { background: ${STATUS_COLOUR.pass}; } .verdict.fail { background: ${STATUS_COLOUR.fail}; } .verdict.error { background: #57606a; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; } th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #eaeef2; vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: #57606a; }
.status { font-weight: 600; } .status.pass { color: ${STATUS_COLOUR.pass}; } .status.warn { color: ${STATUS_COLOUR.warn}; } .status.fail { color: ${STATUS_COLOUR.fail}; } .status.skip { color: ${STATUS_COLOUR.skip}; }
article.check { border: 1px solid #d0d7de; border-radius: 6px; padding: 12px 16px; margin: 14px 0; break-inside: avoid; }
ul.findings, ol.findings { list-style: none; padding: 0; margin: 8px 0; } .findings li { padding: 6px 0 6px 10px; border-left: 3px solid #d0d7de; margin: 4px 0; }
.findings li.error { border-color: ${STATUS_COLOUR.fail}; } .findings li.warning { border-color: ${STATUS_COLOUR.warn}; } .findings li.info { border-color: #0969da; } .findings li.fixed { border-color: ${STATUS_COLOUR.pass}; }
.tag { font-size: 11px; border: 1px solid #d0d7de; border-radius: 8px; padding: 0 6px; color: #57606a; } .tag.new { border-color: ${STATUS_COLOUR.fail}; color: ${STATUS_COLOUR.fail}; font-weight: 600; }
.remedy { color: #57606a; } .remedy::before { content: "→ "; }
.reasons li { color: ${STATUS_COLOUR.fail}; }
.delta.up { color: ${STATUS_COLOUR.pass}; } .delta.down { color: ${STATUS_COLOUR.fail}; font-weight: 600; }
.grid td.cell { text-align: center; color: #fff; font-size: 11px; min-width: 34px; }
details summary { cursor: pointer; }
.scroll { overflow-x: auto; }
/* One grid for the whole chart (rows are display: contents) so the bars line up: the label column is as wide as
   the longest label when there is room, and wraps its labels when there is not. */
.chart { display: grid; grid-template-columns: minmax(0, max-content) minmax(96px, 1fr) max-content; gap: 4px 10px; align-items: center; max-width: 900px; margin: 8px 0 12px; font-size: 12px; }
.bar-row { display: contents; }
.bar-row.strong { font-weight: 700; }
.bar { display: block; width: 100%; height: 13px; }
.bar-value { color: #57606a; font-size: 11px; font-weight: 400; white-space: nowrap; }
svg.gauge { flex: none; }
svg.trend { min-width: 520px; }
table.grid th { white-space: normal; }
ul.legend { list-style: none; padding: 0; margin: 4px 0 0; display: flex; flex-wrap: wrap; gap: 2px 18px; font-size: 12px; }
/* A phone: criterion labels above their bars, the table's bar column dropped (its score is in the next cell). */
@media (max-width: 600px) {
  body { padding: 12px; }
  .chart { grid-template-columns: minmax(0, 1fr) max-content; gap: 2px 8px; }
  .bar-label { grid-column: 1 / -1; margin-top: 4px; }
  .bar-col { display: none; }
  /* Tables of many columns become one block per row, each cell under its own label. */
  table.stack thead { display: none; }
  table.stack tr { display: block; border-bottom: 1px solid #eaeef2; padding: 6px 0; }
  table.stack td { display: block; border: 0; padding: 1px 5px; }
  table.stack td[data-label]::before { content: attr(data-label) ": "; color: #57606a; font-size: 12px; }
  .req { display: block; font-weight: 400; }
  th { letter-spacing: 0; font-size: 11px; }
  th, td { padding: 4px 5px; }
  article.check { padding: 10px; }
  svg.gauge { width: 88px; height: 88px; }
}
footer { margin-top: 32px; font-size: 12px; color: #57606a; }
@media print { body { padding: 0; max-width: none; } .scroll { overflow: visible; } table.grid { font-size: 10px; } article.check, tr { break-inside: avoid; } details { display: block; } a { color: inherit; text-decoration: none; } }
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ---- scan report ---------------------------------------------------------------------------------------

/** What the delivery was judged as, with repository paths in monospace. */
function htmlProfileLine(report: Report): string {
  const line = profileLine(report.profiles, { path: (path) => `<span class="mono">${html(path, 160)}</span>`, text: (text) => html(text, 100) });
  return line ? `<p class="profiles">${line}</p>` : '';
}

export function renderHtml(report: Report): string {
  const target = html(report.target.path, 300) + (report.target.ref ? `@${html(report.target.ref, 100)}` : '');
  const body: string[] = [];
  body.push(`<header class="summary">
${scoreGauge(report.score, report.passed)}
<div>
<h1>Handover readiness: ${target}</h1>
<div class="muted">${html(report.target.kind)}${report.target.commit ? ` · commit <span class="mono">${html(report.target.commit.slice(0, 12))}</span>` : ''} · ${report.stats.files} files · milestone ${html(report.milestone ?? 'none')} · ${html(report.generatedAt)}</div>
<p><span class="verdict ${report.passed ? 'pass' : 'fail'}">${report.passed ? 'GATE PASSED' : 'GATE FAILED'}</span> Score <strong>${report.score}/100</strong> (grade ${html(report.grade)}) · minimum ${report.gate.minScore}${report.gate.required.length ? ` · required: ${report.gate.required.map((id) => html(id)).join(', ')}` : ''}</p>
${htmlProfileLine(report)}
${report.gate.reasons.length ? `<ul class="reasons">${report.gate.reasons.map((reason) => `<li>${html(reason)}</li>`).join('')}</ul>` : ''}
${report.baseline ? baselineLine(report.baseline) : ''}
</div>
</header>`);

  body.push(renderTopFindings(report, TOP_FINDINGS));

  body.push(`<h2>Checks</h2>
<table>
<thead><tr><th>Check</th><th>Score</th><th class="bar-col"></th><th>Status</th><th>Findings</th></tr></thead>
<tbody>
${report.checks
  .map(
    (check, index) =>
      `<tr><td><a href="#check-${index}">${html(check.title)}</a><div class="muted mono">${html(check.id)}</div></td><td class="num">${check.score === null ? '—' : `${check.score}/10`}</td><td class="bar-col">${miniBar(check.score, check.status)}</td><td class="status num ${check.status}">${check.status}${check.required ? ' <span class="req">(required)</span>' : ''}</td><td class="num">${check.findings.length}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`);

  report.checks.forEach((check, index) => body.push(renderCheck(check, index)));

  if (report.baseline?.fixed.length) {
    body.push(`<h2>Fixed since the baseline</h2><ul class="findings">${report.baseline.fixed
      .slice(0, 200)
      .map((fixed) => `<li class="fixed"><strong>fixed</strong> <span class="muted mono">${html(fixed.check, 80)}${fixed.id ? ` ${html(fixed.id, 80)}` : ''}</span>${fixed.path ? ` <span class="mono">${html(fixed.path, 300)}${fixed.line ? `:${fixed.line}` : ''}</span>` : ''}<div>${html(fixed.message, 1000)}</div></li>`)
      .join('')}</ul>${report.baseline.fixed.length > 200 ? `<p class="muted">${report.baseline.fixed.length - 200} more in the JSON report.</p>` : ''}`);
  }
  if (report.errors.length) {
    body.push(`<h2>Problems reading the target</h2><p class="muted">The scan went on; these files could not be judged.</p><ul>${report.errors
      .slice(0, 200)
      .map((error) => `<li>${error.path ? `<span class="mono">${html(error.path, 300)}</span>: ` : ''}${html(error.message)}</li>`)
      .join('')}</ul>${report.errors.length > 200 ? `<p class="muted">${report.errors.length - 200} more in the JSON report.</p>` : ''}`);
  }
  if (report.policy.notes.length) body.push(`<h2>Notes</h2><ul>${report.policy.notes.map((note) => `<li>${html(note)}</li>`).join('')}</ul>`);
  body.push(`<footer>${html(report.tool.name)} ${html(report.tool.version)} · policy ${html(report.policy.source)} <span class="mono">${html(report.policy.digest.slice(0, 19))}</span> · report schema ${html(report.schemaVersion)}</footer>`);
  return page(`ml-handover: ${target} ${report.score}/100`, body.join('\n'));
}

/** As many as the Markdown report lists up front, so both documents of one scan agree. */
const TOP_FINDINGS = 15;

/** The findings that matter most (rank-findings.ts: personal data and credentials first), each linked to its check. */
function renderTopFindings(report: Report, max: number): string {
  const { shown, more, total } = topFindings(report, max);
  if (total === 0) return '<h2>Top findings</h2><p class="muted">No findings.</p>';
  const items = shown.map(({ check, finding, points }) => {
    const gain = pointsLabel(points);
    const where = finding.path ? ` <span class="mono">${html(finding.path, 300)}${finding.line ? `:${finding.line}` : ''}</span>` : '';
    const state = finding.baseline === 'new' ? ' <span class="tag new">new</span>' : '';
    return `<li class="${finding.severity}"><strong>${html(finding.severity)}</strong>${state} <a href="#check-${report.checks.indexOf(check)}">${html(check.title)}</a> <span class="muted mono">${html(finding.id, 80)}</span>${where}${gain ? ` <span class="muted">(${html(gain)})</span>` : ''}<div>${html(finding.message, 400)}</div>${finding.remediation ? `<div class="remedy">${html(finding.remediation, 400)}</div>` : ''}</li>`;
  });
  return `<h2 id="top-findings">Top findings</h2><p class="muted">${shown.length} of ${total}, by impact${more ? `; ${more} more in the details below` : ''}</p><ol class="findings top">${items.join('')}</ol>`;
}

function renderCheck(check: CheckResult, index: number): string {
  const findings = check.findings.length
    ? `<h3>Findings</h3><ul class="findings">${check.findings.map(renderFinding).join('')}</ul>`
    : '<p class="muted">No findings.</p>';
  const evidence = check.evidence.length
    ? `<details${check.evidence.length <= 12 ? ' open' : ''}><summary>Evidence (${check.evidence.length})</summary><table><thead><tr><th>Path</th><th>Kind</th><th>Note</th></tr></thead><tbody>${check.evidence
        .map((item) => `<tr><td class="mono">${html(item.path, 300)}${item.line ? `:${item.line}` : ''}</td><td>${html(item.kind, 80)}</td><td>${html(item.note ?? '', 400)}</td></tr>`)
        .join('')}</tbody></table></details>`
    : '<p class="muted">No evidence: nothing was found to judge.</p>';
  return `<article class="check" id="check-${index}">
<h3>${html(check.title)} <span class="status ${check.status}">${check.score === null ? 'skipped' : `${check.score}/10 ${check.status}`}</span>${check.required ? ' <span class="muted">(required)</span>' : ''}</h3>
<p>${html(check.summary, 1000)}</p>
${checkChart(check)}
${findings}
${evidence}
</article>`;
}

function renderFinding(finding: Finding): string {
  const where = finding.path ? ` <span class="mono">${html(finding.path, 300)}${finding.line ? `:${finding.line}` : ''}</span>` : '';
  const state = finding.baseline === 'new' ? ' <span class="tag new">new</span>' : finding.baseline === 'unchanged' ? ' <span class="tag">unchanged</span>' : '';
  return `<li class="${finding.severity}"><strong>${html(finding.severity)}</strong>${state} <span class="muted mono">${html(finding.id, 80)}</span>${where}<div>${html(finding.message, 1000)}</div>${finding.remediation ? `<div class="remedy">${html(finding.remediation, 1000)}</div>` : ''}</li>`;
}

function baselineLine(baseline: NonNullable<Report['baseline']>): string {
  const delta = baseline.scoreDelta;
  const change = delta === 0 ? '±0' : `<span class="delta ${delta > 0 ? 'up' : 'down'}">${delta > 0 ? '▲ +' : '▼ '}${delta}</span>`;
  return `<p class="baseline">Since the baseline of ${html(baseline.generatedAt.slice(0, 10))} (score ${baseline.score}): ${change} · <strong>${baseline.new}</strong> new, ${baseline.unchanged} unchanged, <strong>${baseline.fixed.length}</strong> fixed finding(s)</p>`;
}

// ---- audit -----------------------------------------------------------------------------------------------

/** The audit page: summary, trend over the recorded audits (oldest first, this one last), engagements by risk. */
export function renderAuditHtml(record: AuditRecord, history: readonly AuditRecord[] = []): string {
  const audits = [...history.filter((past) => past.generatedAt < record.generatedAt), record];
  const s = record.summary;
  const body: string[] = [];
  body.push(`<header><h1>Engagement audit · ${html(record.generatedAt.slice(0, 10))}</h1>
<div class="muted">${html(record.source, 300)} · ${html(record.generatedAt)}${record.previous ? ` · compared with ${html(record.previous.generatedAt)}` : ' · first recorded audit'}</div>
<p>${plural(s.engagements, 'engagement')}: <strong>${s.passed}</strong> passed, <strong>${s.failed}</strong> failed the gate, <strong>${s.errors}</strong> could not be scanned${record.previous ? `, <strong>${s.regressed}</strong> regressed` : ''}.</p>
</header>`);

  const names = record.engagements.map((entry) => entry.name);
  const series: TrendSeries[] = names.map((name) => ({
    name,
    scores: audits.map((audit) => audit.engagements.find((entry) => entry.name === name)?.report?.score ?? null),
  }));
  body.push(`<h2>Trend</h2><p class="muted">Overall score of each engagement over ${plural(audits.length, 'recorded audit')}.</p><div class="scroll">${trendChart(
    audits.map((audit) => audit.generatedAt),
    series,
  )}</div>${trendLegend(series)}`);

  body.push(`<h2>Engagements, riskiest first</h2>
<table class="stack">
<thead><tr><th>Engagement</th><th>Owner</th><th>Score</th><th>Change</th><th>Gate</th><th>Regressions</th></tr></thead>
<tbody>
${record.engagements.map(renderEngagementRow).join('\n')}
</tbody>
</table>`);

  const checkIds = [...new Set(record.engagements.flatMap((entry) => entry.report?.checks.map((check) => check.id) ?? []))];
  if (checkIds.length) {
    body.push(`<h2>Checks by engagement</h2>
<div class="scroll"><table class="grid"><thead><tr><th>Engagement</th>${checkIds.map((id) => `<th class="mono">${html(id)}</th>`).join('')}</tr></thead><tbody>
${record.engagements
  .map((entry) => {
    const cells = checkIds.map((id) => {
      const check = entry.report?.checks.find((c) => c.id === id);
      if (!check) return '<td class="cell" style="background:#d0d7de;color:#1f2328">—</td>';
      return `<td class="cell" style="background:${STATUS_COLOUR[check.status]}" title="${html(`${check.id}: ${check.status}`)}">${check.score === null ? 'skip' : check.score}</td>`;
    });
    return `<tr><td>${html(entry.name, 80)}</td>${cells.join('')}</tr>`;
  })
  .join('\n')}
</tbody></table></div>`);
  }

  body.push(`<h2>Details</h2>${record.engagements.map(renderEngagementDetails).join('\n')}`);
  body.push(`<footer>${html(record.tool.name)} ${html(record.tool.version)} · audit schema ${html(record.schemaVersion)}</footer>`);
  return page(`ml-handover audit ${html(record.generatedAt.slice(0, 10))}`, body.join('\n'));
}

function renderEngagementRow(entry: AuditEntry): string {
  const score = entry.report ? `${entry.report.score}/100` : '—';
  const delta = entry.change?.scoreDelta;
  const change = !entry.change ? '<span class="muted">new</span>' : delta === null || delta === undefined ? '<span class="muted">n/a</span>' : delta === 0 ? '±0' : `<span class="delta ${delta > 0 ? 'up' : 'down'}">${delta > 0 ? '▲ +' : '▼ '}${delta}</span>`;
  const milestone = entry.milestone ? ` <span class="muted">(${html(entry.milestone)})</span>` : '';
  const gate = entry.report
    ? `<span class="verdict ${entry.report.passed ? 'pass' : 'fail'}">${entry.report.passed ? 'passed' : 'failed'}</span>${milestone}`
    : `<span class="verdict error">error</span>${milestone}<div class="muted">${html(entry.error ?? '', 300)}</div>`;
  const regressions = (entry.change?.regressions ?? [])
    .slice(0, 5)
    .map((r) => `<div>▼ <span class="mono">${html(r.id)}</span> ${r.before?.score ?? '—'} → ${r.after?.score ?? '—'} <span class="status ${r.after?.status ?? 'skip'}">${html(r.after?.status ?? 'absent')}</span>${r.required ? ' (required)' : ''}</div>`)
    .join('');
  return `<tr><td><strong>${html(entry.name, 100)}</strong><div class="muted mono">${html(entry.target, 200)}</div></td><td data-label="Owner">${html(entry.owner ?? '—', 100)}</td><td class="num" data-label="Score">${score}</td><td class="num" data-label="Change">${change}</td><td data-label="Gate">${gate}</td><td data-label="Regressions">${regressions || '<span class="muted">none</span>'}</td></tr>`;
}

function renderEngagementDetails(entry: AuditEntry): string {
  if (!entry.report) return `<article class="check"><h3>${html(entry.name, 100)} <span class="status fail">not scanned</span></h3><p>${html(entry.error ?? 'unknown error', 1000)}</p></article>`;
  const report = entry.report;
  const findings = report.checks
    .flatMap((check) => check.findings.map((finding) => ({ check, finding })))
    .sort((a, b) => rank(a.finding) - rank(b.finding))
    .slice(0, 10);
  return `<article class="check"><details><summary><strong>${html(entry.name, 100)}</strong> · ${report.score}/100 · ${report.passed ? 'gate passed' : 'gate failed'}${report.gate.reasons.length ? ` — ${html(report.gate.reasons[0])}` : ''}</summary>
<table><tbody>${report.checks.map((check) => `<tr><td>${html(check.title)}</td><td>${miniBar(check.score, check.status)}</td><td class="status ${check.status}">${check.score === null ? 'skip' : `${check.score}/10 ${check.status}`}</td></tr>`).join('')}</tbody></table>
${findings.length ? `<ul class="findings">${findings.map(({ finding }) => renderFinding(finding)).join('')}</ul>` : ''}
</details></article>`;
}

function rank(finding: Finding): number {
  return finding.severity === 'error' ? 0 : finding.severity === 'warning' ? 1 : 2;
}
