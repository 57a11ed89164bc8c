// decision-records: are the vendor's architecture decisions written down, one record per decision, each
// with status, context, decision and consequences, numbered, linked and dated across the engagement?
import { defineCheck, findingFrom, shareOf, type Evidence, type Finding } from '../src/check.js';
import { decisionRecordFrom, type DecisionRecord } from '../src/formats/adr.js';
import { readMarkdown } from '../src/snapshot/parsed-reads.js';
import { parseYamlMapping } from '../src/formats/yaml.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';

/** Where adr-tools, MADR, log4brains and common practice put records (log4brains' own search order first). */
const CONVENTIONAL_FOLDERS = [
  'docs/adr',
  'docs/adrs',
  'docs/architecture-decisions',
  'doc/adr',
  'doc/adrs',
  'doc/architecture-decisions',
  'adr',
  'adrs',
  'architecture-decisions',
  'docs/decisions',
  'doc/decisions',
  'decisions',
  'docs/architecture/decisions',
  'docs/architecture/adr',
];
/** Decision folders nested anywhere (monorepos keep one per service). */
const NESTED_FOLDER_GLOB = '**/{adr,adrs,decisions,architecture-decisions,decision-records}/**/*.{md,markdown}';
const NOT_A_RECORD = /(^|\/)(readme|index|template|adr-template|_template|toc|summary)\.(md|markdown)$|(^|\/)templates?\//i;
const MIN_SECTION_WORDS = 8;
/** A file named as a template (`template_edgex.md`, `0000-template.md`, `adr-template.md`) is not a record. */
const TEMPLATE_FILE = /(^|[_. -])template([_. -]|$)/i;

const check = defineCheck({
  id: 'decision-records',
  title: 'Architecture decision records',
  rationale:
    'Without a record of why things were decided, the receiving team re-litigates every choice or breaks an assumption it never knew existed. One record per decision, with its context and consequences, is the cheapest knowledge transfer there is.',
  defaultWeight: 2,
  criteria: [
    { id: 'present', title: 'Decision records exist', weight: 2, description: 'Three or more complete records earn full marks; one earns a third. Template-only files do not count.' },
    {
      id: 'structured',
      title: 'Each record states title, status, context, decision and consequences',
      weight: 4,
      description: 'Share of the five parts filled with real text (not template placeholders), averaged over records.',
    },
    { id: 'numbered', title: 'Numbering is consistent', weight: 1, description: 'No duplicate numbers, no gaps, titles agree with file numbers (scaled by the share of complete records).' },
    { id: 'linked', title: '"Superseded by" links resolve', weight: 1, description: 'Every supersede/amend link points at a record that exists. Records that link nothing leave the weight.' },
    { id: 'dated', title: 'Records are dated across the engagement', weight: 2, description: 'Records carry dates, and those dates span the engagement rather than one day.' },
  ],
  findings: {
    'no-records': { severity: 'error', title: 'No decision records', criterion: 'present', remediation: 'Record each significant decision (model choice, data source, serving architecture, evaluation protocol) as docs/adr/NNNN-title.md with Status, Context, Decision and Consequences sections (adr-tools or MADR templates). `ml-handover init` writes a first one.' },
    'few-records': { severity: 'warning', title: 'Very few decision records', criterion: 'present', remediation: 'An ML engagement makes more than a couple of decisions worth recording: data sources, features, model family, thresholds, serving. Record them.' },
    'missing-title': { severity: 'warning', title: 'Record has no title', criterion: 'structured', remediation: 'Start the record with a level-1 heading naming the decision.' },
    'missing-status': { severity: 'warning', title: 'Record has no status', criterion: 'structured', remediation: 'Add a "## Status" section (or `status:` front matter) with proposed, accepted, rejected, deprecated or superseded.' },
    'unknown-status': { severity: 'warning', title: 'Status outside the known vocabulary', criterion: 'structured', remediation: 'Use one of proposed, accepted, rejected, deprecated, superseded (by ADR-NNNN).' },
    'missing-context': { severity: 'warning', title: 'Record has no context', criterion: 'structured', remediation: 'Add a "## Context" section: the forces and constraints that made a decision necessary.' },
    'missing-decision': { severity: 'warning', title: 'Record has no decision', criterion: 'structured', remediation: 'Add a "## Decision" (or MADR "## Decision Outcome") section stating what was chosen, in full sentences.' },
    'missing-consequences': { severity: 'warning', title: 'Record has no consequences', criterion: 'structured', remediation: 'Add a "## Consequences" section: what becomes easier, harder or riskier because of the decision.' },
    'template-placeholder': { severity: 'warning', title: 'Template text left in place', criterion: 'structured', remediation: 'Replace the template placeholder with the real content of the record.' },
    'numbering-duplicate': { severity: 'warning', title: 'Two records share a number', criterion: 'numbered', remediation: 'Give each record a unique number; renumber the later one.' },
    'numbering-gap': { severity: 'info', title: 'Gap in record numbering', criterion: 'numbered', remediation: 'Restore the missing record or mark it as rejected instead of deleting it: gaps hide decisions.' },
    'title-number-mismatch': { severity: 'info', title: 'Title number differs from file number', criterion: 'numbered', remediation: 'Make the number in the title match the file name.' },
    'broken-link': { severity: 'error', title: 'Supersede/amend link points nowhere', criterion: 'linked', remediation: 'Point the link at the record that exists, or restore the superseding record.' },
    undated: { severity: 'info', title: 'Record has no date', criterion: 'dated', remediation: 'Add `Date: YYYY-MM-DD` (adr-tools), `date:` front matter (MADR) or a dated file name (log4brains).' },
    'written-at-once': { severity: 'warning', title: 'All records dated within a few days', criterion: 'dated', remediation: 'Records written at the end of an engagement lose the context that made them valuable: write each one when the decision is made.' },
    'unparsed-metadata': { severity: 'warning', title: 'Front matter could not be parsed', criterion: 'structured', remediation: 'Fix the YAML front matter between the leading `---` lines.' },
  },
  scale: {
    high: 'Three or more records, each with title, status, context, decision and consequences in real prose, consistently numbered, links resolving, dated across the engagement.',
    low: 'No decision records anywhere in the repository.',
  },
  recognises: [
    'adr-tools (`.adr-dir`, `doc/adr/NNNN-*.md`, `Date:` line, "Superceded by" links)',
    'MADR 2 (`* Status:` bullets), MADR 3/4 (YAML front matter `status`, `date`, `deciders`/`decision-makers`)',
    'log4brains (`.log4brains.yml` adrFolder, `YYYYMMDD-slug.md`)',
    'Nygard sections (Status, Context, Decision, Consequences) and Y-statements',
    'folders: docs/adr, docs/decisions, doc/adr, adr, architecture-decisions, any nested `adr/` or `decisions/` folder, and policy locations',
  ],
  async run(snapshot, context) {
    const paths = await findRecordPaths(snapshot, context.locations);
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    if (paths.length === 0) {
      findings.push(
        findingFrom(check, 'no-records', `No architecture decision records found (looked in ${CONVENTIONAL_FOLDERS.slice(0, 5).join(', ')}, nested adr/ and decisions/ folders${context.locations.length ? ', and the policy locations' : ''}).`),
      );
      return { status: 'judged', criteria: { present: 0, structured: 0, numbered: 0, linked: 0, dated: 0 }, evidence, findings, summary: 'No decision records found.' };
    }

    const records: Array<{ path: string; record: DecisionRecord }> = [];
    let templates = 0;
    for (const path of paths) {
      const document = await readMarkdown(snapshot, path);
      if (!document) continue; // the snapshot has recorded why, with the path
      const record = decisionRecordFrom(path, document);
      const template = templateReason(path, record);
      if (template) {
        templates++;
        evidence.push({ path, line: 1, kind: 'adr-template', note: `${template}: not counted as a record` });
        continue;
      }
      records.push({ path, record });
    }
    if (records.length === 0) {
      findings.push(findingFrom(check, 'no-records', `No architecture decision records found: ${templates} file(s) in the decision folders are unfilled templates.`));
      return { status: 'judged', criteria: { present: 0, structured: 0, numbered: 0, linked: 0, dated: 0 }, evidence, findings, summary: `No decision records; ${templates} template(s).` };
    }

    const completeness = records.map(({ path, record }) => judgeRecord(path, record, findings));
    for (const { path, record } of records) evidence.push(describe(path, record));

    const numbering = judgeNumbering(records, findings);
    const linked = judgeLinks(records, snapshot, findings);
    const dated = judgeDates(records, findings);
    // Only records that actually state a decision count as present; numbering, links and dates of
    // empty templates are housekeeping around nothing, so they are scaled by the share of real records.
    const substantive = completeness.filter((value) => value >= 0.8).length;
    const substance = records.length ? substantive / records.length : 0;
    if (substantive < 3) {
      findings.push(findingFrom(check, 'few-records', `${records.length} record file(s)${templates ? ` (besides ${templates} template(s), not counted)` : ''}, of which ${substantive} state a complete decision.`));
    }
    const criteria = {
      present: Math.min(1, substantive / 3),
      structured: records.length ? completeness.reduce((a, b) => a + b, 0) / records.length : 0,
      numbered: numbering * substance,
      linked: (linked ?? 0) * substance,
      dated: dated * substance,
    };
    return {
      status: 'judged',
      criteria,
      evidence,
      findings,
      // No record links another: "links resolve" has nothing to examine, so it leaves the weight.
      ...(linked === null ? { notApplicable: [{ criterion: 'linked', reason: 'no record links to another (supersedes, amends)' }] } : {}),
      summary: `${records.length} decision record(s), ${substantive} complete (status, context, decision, consequences)${templates ? `; ${templates} template(s) not counted` : ''}.`,
    };
  },
});

export default check;

async function findRecordPaths(snapshot: Snapshot, locations: readonly string[]): Promise<string[]> {
  const folders = new Set(CONVENTIONAL_FOLDERS);
  // adr-tools: `.adr-dir` holds the folder; log4brains: `.log4brains.yml` project.adrFolder (+ packages).
  const adrDir = await snapshot.readText('.adr-dir', { maxBytes: 4096 });
  if (adrDir.ok && adrDir.text.trim()) folders.add(cleanFolder(adrDir.text.trim().split('\n')[0]));
  const log4brains = await snapshot.readText('.log4brains.yml', { maxBytes: 64 * 1024 });
  if (log4brains.ok) {
    const config = parseYamlMapping(log4brains.text);
    if (config.ok) {
      const project = config.value.project as { adrFolder?: unknown; packages?: Array<{ adrFolder?: unknown }> } | undefined;
      if (typeof project?.adrFolder === 'string') folders.add(cleanFolder(project.adrFolder));
      for (const pkg of Array.isArray(project?.packages) ? project.packages : []) {
        if (typeof pkg?.adrFolder === 'string') folders.add(cleanFolder(pkg.adrFolder));
      }
    } else {
      snapshot.addError({ path: '.log4brains.yml', message: `not parsed: ${config.error.message}` });
    }
  }
  const patterns = [...folders].map((folder) => `${folder}/**/*.{md,markdown}`);
  patterns.push(NESTED_FOLDER_GLOB);
  for (const location of locations) {
    patterns.push(location);
    if (!/[*?{}[\]]|\.(md|markdown)$/i.test(location)) patterns.push(`${cleanFolder(location)}/**/*.{md,markdown}`);
  }
  return snapshot
    .glob(patterns)
    .filter((path) => /\.(md|markdown)$/i.test(path) && !NOT_A_RECORD.test(path) && !snapshot.isSymlink(path));
}

function cleanFolder(folder: string): string {
  return folder.replace(/^\.\//, '').replace(/(?<!\/)\/+$/, '');
}

/**
 * Why a file in a decision folder is a template rather than a record: named as one, or titled as one with
 * no part (context, decision, consequences) filled in. A record someone filled in under the template's
 * title still counts.
 */
function templateReason(path: string, record: DecisionRecord): string | null {
  const stem = path.slice(path.lastIndexOf('/') + 1).replace(/\.(md|markdown)$/i, '');
  if (TEMPLATE_FILE.test(stem)) return `named as a template (${stem})`;
  const filled = [record.context, record.decision, record.consequences].filter((part) => part && wordCount(part.text) >= MIN_SECTION_WORDS).length;
  if (record.title && /\btemplate\b/i.test(record.title.text) && filled === 0) return 'titled as a template, with no context, decision or consequences filled in';
  return null;
}

/** Share of the five parts present with real text; emits a finding per missing part. */
function judgeRecord(path: string, record: DecisionRecord, findings: Finding[]): number {
  const at = (line?: number) => ({ path, line: line ?? 1 });
  let parts = 0;
  if (record.frontMatterError) findings.push(findingFrom(check, 'unparsed-metadata', `Front matter not parsed: ${record.frontMatterError.message}`, at(record.frontMatterError.line)));
  if (record.title) parts++;
  else findings.push(findingFrom(check, 'missing-title', 'The record has no title heading.', at()));
  if (record.status) parts++;
  else if (record.statusText) findings.push(findingFrom(check, 'unknown-status', `Status "${record.statusText.text.slice(0, 60)}" is not in the known vocabulary.`, at(record.statusText.line)));
  else findings.push(findingFrom(check, 'missing-status', 'The record has no status.', at()));
  for (const [part, id] of [
    ['context', 'missing-context'],
    ['decision', 'missing-decision'],
    ['consequences', 'missing-consequences'],
  ] as const) {
    const value = record[part];
    if (value && wordCount(value.text) >= MIN_SECTION_WORDS) parts++;
    else if (value && value.text !== '') {
      parts += 0.5;
      findings.push(findingFrom(check, id, `The ${part} section is a fragment (${wordCount(value.text)} words).`, at(value.line)));
    } else if (!value) findings.push(findingFrom(check, id, `The record has no ${part} section.`, at()));
  }
  for (const line of record.placeholders) findings.push(findingFrom(check, 'template-placeholder', 'Section still holds template text.', at(line)));
  return parts / 5;
}

function judgeNumbering(records: Array<{ path: string; record: DecisionRecord }>, findings: Finding[]): number {
  const numbered = records.filter(({ record }) => record.fileNumber !== null);
  if (numbered.length === 0) {
    // log4brains names records by date; that is a consistent scheme of its own.
    return shareOf(records, ({ path }) => /\/\d{8}-[^/]+$/.test(`/${path}`));
  }
  let problems = 0;
  const byNumber = new Map<number, string>();
  for (const { path, record } of numbered) {
    const number = record.fileNumber!;
    const previous = byNumber.get(number);
    if (previous) {
      problems++;
      findings.push(findingFrom(check, 'numbering-duplicate', `Number ${number} is also used by ${previous}.`, { path, line: 1 }));
    } else byNumber.set(number, path);
    if (record.titleNumber !== null && record.titleNumber !== number) {
      problems++;
      findings.push(findingFrom(check, 'title-number-mismatch', `Title says ${record.titleNumber}, file name says ${number}.`, { path, line: record.title?.line ?? 1 }));
    }
  }
  const numbers = [...byNumber.keys()].sort((a, b) => a - b);
  const expectedStart = numbers[0] <= 1 ? numbers[0] : 1;
  for (let n = expectedStart, i = 0; i < numbers.length; n++) {
    if (numbers[i] === n) {
      i++;
      continue;
    }
    problems++;
    findings.push(findingFrom(check, 'numbering-gap', `No record numbered ${n}.`, { path: byNumber.get(numbers[i])! }));
    if (problems > 50) break;
  }
  return Math.max(0, 1 - problems / Math.max(1, numbered.length));
}

/** Share of links that resolve; null when no record links another. */
function judgeLinks(records: Array<{ path: string; record: DecisionRecord }>, snapshot: Snapshot, findings: Finding[]): number | null {
  const numbers = new Set(records.map(({ record }) => record.fileNumber).filter((n) => n !== null));
  let total = 0;
  let good = 0;
  for (const { path, record } of records) {
    for (const link of record.links) {
      total++;
      const ok = link.target.startsWith('#') ? numbers.has(Number(link.target.slice(1))) : snapshot.has(resolveRelative(path, link.target));
      if (ok) good++;
      else findings.push(findingFrom(check, 'broken-link', `"${link.relation}" link to ${link.target} does not resolve.`, { path, line: link.line }));
    }
  }
  return total === 0 ? null : good / total;
}

function judgeDates(records: Array<{ path: string; record: DecisionRecord }>, findings: Finding[]): number {
  const dates: number[] = [];
  for (const { path, record } of records) {
    if (record.date) dates.push(Date.parse(record.date.iso));
    else findings.push(findingFrom(check, 'undated', 'The record has no date.', { path, line: 1 }));
  }
  const datedShare = records.length ? dates.length / records.length : 0;
  if (dates.length < 2) return datedShare * 0.5;
  const spanDays = (Math.max(...dates) - Math.min(...dates)) / 86_400_000;
  if (spanDays < 7) {
    findings.push(findingFrom(check, 'written-at-once', `All ${dates.length} dated records fall within ${Math.round(spanDays)} day(s).`));
    return datedShare * 0.5 + 0.1;
  }
  return datedShare * 0.5 + 0.5 * Math.min(1, spanDays / 30);
}

function describe(path: string, record: DecisionRecord): Evidence {
  const parts = [
    record.fileNumber !== null ? `ADR ${record.fileNumber}` : 'ADR',
    record.title ? `"${record.title.text.slice(0, 80)}"` : 'untitled',
    record.status ?? 'no status',
    record.date?.iso ?? 'undated',
    record.flavour,
  ];
  return { path, line: record.title?.line ?? 1, kind: 'decision-record', note: parts.join(' · ') };
}

function resolveRelative(from: string, target: string): string {
  const clean = decodeURIComponentSafe(target.split('#')[0]);
  const base = from.split('/').slice(0, -1);
  const parts = clean.startsWith('/') ? [] : base;
  for (const part of clean.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
