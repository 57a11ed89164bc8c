// failure-modes: does the delivery say how the model and its pipeline fail? Concrete entries (when it
// fails, what happens, how it is noticed, what to do), edge cases and out-of-scope uses, found in
// failure-mode / known-issues / limitations files, FMEA tables, model card sections and Croissant RAI.
import { defineCheck, findingFrom, type Evidence, type Finding } from '../src/check.js';
import {
  ABOUT_MODEL_OR_SYSTEM,
  CHANGE_LOG_FILE,
  croissantLimitations,
  entryFromText,
  facetCount,
  failureSections,
  missingFacets,
  outOfScopeSections,
  rangeOf,
  readFailureRegion,
  troubleshootingSections,
  usesAdvisedAgainst,
  wholeDocument,
  type FailureEntry,
  type FailureReading,
} from '../src/formats/failure-modes.js';
import { describeFamily, LIMITATIONS } from '../src/formats/vocabulary.js';
import { parseJsonObject } from '../src/formats/json.js';
import { parseMarkdown } from '../src/formats/markdown.js';
import type { CardSection } from '../src/formats/model-card.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';
import { findModelCards, THIRD_PARTY } from './model-card.js';

/** Files dedicated to failure modes by name, and folders that hold them. */
// A procedure about risks (risk_mitigation_sop.md, risk-process.md) is not a list of failures: its name says so.
const DEDICATED_FILE =
  /(^|\/)(failure[-_ ]?modes?|known[-_ ]?(issues|limitations|problems)|limitations|risks?|risk[-_ ]?register|fmea|caveats)(?![-_.][\w.-]*(sop|procedure|process|policy|template)[\w.-]*\.)([-_.][\w.-]*)?\.(md|markdown)$/i;
const DEDICATED_FOLDER = /(^|\/)(risks|failure[-_]?modes|known[-_]?issues|fmea)\/(?!(readme|index|template)\.)[^/]+\.(md|markdown)$/i;
/** The index pages of those folders (README, index) are navigation, not failure modes. */
const FAILURE_FOLDER = /(^|\/)(risks|failure[-_]?modes|known[-_]?issues|fmea)\//i;
const OUT_OF_SCOPE_ITEM = /\bout[- ]of[- ]scope\b[^:\n]{0,30}:\s*\S/i;
const CROISSANT_FILE = /(^|\/)([\w.-]*croissant[\w.-]*|metadata)\.json$/i;
/** Other documents that may carry a failure-modes section or an FMEA table (docs/, root Markdown). */
const OTHER_DOCS = /^(docs?\/[^]*|[^/]+)\.(md|markdown)$/i;
/** The project README at the root: it describes the delivery as a whole. */
const PROJECT_README = /^readme\.(md|markdown)$/i;
const MAX_OTHER_DOCS = 300;
const MAX_CROISSANT = 20;
const MAX_ENTRY_FINDINGS_PER_FILE = 15;
/** Entries needed for full marks on "documented". */
const FULL_ENTRIES = 4;

type Criterion = 'documented' | 'concrete' | 'edge-cases' | 'out-of-scope';

const check = defineCheck({
  id: 'failure-modes',
  title: 'Known failure modes',
  rationale:
    'The receiving team will meet the model’s failures at 3 a.m. without the vendor. Each known failure needs the condition that triggers it, its effect, how it shows up and what to do about it; "the model may make mistakes" helps no one.',
  defaultWeight: 2,
  criteria: [
    { id: 'documented', title: 'Failure modes are documented', weight: 2, description: `${FULL_ENTRIES} or more entries in a failure-modes / known-issues document or FMEA table earn full marks; entries found only in model card limitations are capped at 80%.` },
    {
      id: 'concrete',
      title: 'Entries are concrete: condition, effect, detection, mitigation',
      weight: 4,
      description: 'Half for the average share of the four facets per entry, half for the share of entries that have all four.',
    },
    { id: 'edge-cases', title: 'Edge cases named', weight: 2, description: 'Three or more entries name specific inputs or populations (cold start, missing values, thresholds like "< 30 days", schema changes, seasonality).' },
    { id: 'out-of-scope', title: 'Out-of-scope uses named', weight: 2, description: 'Two or more out-of-scope uses listed (model card Out-of-Scope Use or a failure document section); one earns half.' },
  ],
  findings: {
    'no-failure-modes': {
      severity: 'error',
      title: 'No documented failure modes',
      remediation:
        'Add docs/failure-modes.md (or KNOWN_ISSUES.md) with one entry per failure: the condition that triggers it, its effect, how it is detected (alert, check, dashboard) and the mitigation. An FMEA table (failure mode | effect | S | cause | O | detection | D | RPN | mitigation) works well.',
    },
    'only-in-model-card': { severity: 'info', title: 'Failure modes only in the model card', criterion: 'documented', remediation: 'Keep the model card summary, and add a failure-modes document or FMEA table the on-call team can work from, with detection and mitigation per entry.' },
    'few-entries': { severity: 'warning', title: 'Very few failure modes', criterion: 'documented', remediation: 'Cover the failure modes an ML system actually has: data/schema drift, label leakage, cold start and rare populations, seasonality, pipeline partial failures, serving latency and outages.' },
    'generic-statement': { severity: 'warning', title: 'Generic statement instead of a failure mode', criterion: 'concrete', remediation: 'Replace the catch-all sentence with specific failure modes: when the model fails, what happens, how you notice, and what to do.' },
    'entry-incomplete': { severity: 'info', title: 'Failure mode lacks condition, effect, detection or mitigation', criterion: 'concrete', remediation: 'Give each entry its trigger condition, its effect, how it is detected (alert, check, dashboard) and the mitigation or workaround.' },
    'rating-inconsistent': { severity: 'info', title: 'FMEA ratings do not add up', criterion: 'concrete', remediation: 'Rate S, O and D on 1–10 and set RPN = S × O × D (or use AIAG-VDA Action Priority H/M/L).' },
    'no-edge-cases': { severity: 'warning', title: 'No edge cases named', criterion: 'edge-cases', remediation: 'Name the inputs and populations where the model is weak: new customers, missing values, rare categories, schema changes, seasonal periods, with thresholds.' },
    'no-out-of-scope': { severity: 'warning', title: 'No out-of-scope uses named', criterion: 'out-of-scope', remediation: 'List the uses the model was not built or evaluated for (decisions, populations, markets), e.g. in the model card\'s "Out-of-Scope Use" section.' },
    'unparsed-file': { severity: 'warning', title: 'Failure-mode source could not be parsed', remediation: 'Fix the file so it parses (valid JSON for Croissant metadata).' },
  },
  scale: {
    high: 'A failure-modes document or FMEA table with four or more entries, each giving condition, effect, detection and mitigation, naming edge cases, plus listed out-of-scope uses.',
    low: 'No failure modes anywhere, or only a generic sentence such as "the model may make mistakes".',
  },
  recognises: [
    'dedicated files: FAILURE_MODES.md, failure-modes*.md, KNOWN_ISSUES.md, LIMITATIONS.md, RISKS.md, risk-register.md, FMEA.md, caveats.md; folders docs/risks/, failure-modes/, known-issues/; policy locations',
    'FMEA tables (header cells "failure mode" with severity/occurrence/detection/RPN or Action Priority) and known-issues tables (issue | impact | detection | workaround) in any of these documents',
    'sections headed Failure modes, Known issues, Limitations, Risks, Edge cases, Caveats in docs/ and root Markdown files; outside the project README only when the section speaks of the model, its answers or the system (the known issues of a component guide are its backlog)',
    `other short headings in the limitations vocabulary (${describeFamily(LIMITATIONS)}), e.g. "Performance and Limitations"; in a change log or release notes only when the section talks about the model or system`,
    'Troubleshooting / Common issues sections written as entries that each name the problem (Issue:, Symptom:, Error:) and what to do (Solution:, Fix:, Workaround:); set-up notes in prose are not read',
    'not read as failure modes: sections listing the controls in place (Controls, Guardrails, Safeguards, Mitigations) and alert tables keyed by an alert or metric (alert → threshold → response)',
    'model cards under other names (SYSTEM_CARD.md, see model-card)',
    'model card sections: Bias, Risks, and Limitations; Limitations; Ethical Considerations; Caveats and Recommendations; Out-of-Scope Use',
    'Croissant metadata `rai:dataLimitations` (optional)',
  ],
  async run(snapshot, context) {
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    const sources = await collect(snapshot, context.locations, evidence, findings);
    const primary = sources.filter((source) => source.primary).flatMap((source) => source.entries);
    const secondary = sources.filter((source) => !source.primary).flatMap((source) => source.entries);
    const judged = primary.length > 0 ? primary : secondary;
    const outOfScope = sources.flatMap((source) => source.outOfScope);
    const all = [...primary, ...secondary];

    if (all.length === 0 && outOfScope.length === 0) {
      findings.push(
        findingFrom(check, 'no-failure-modes', evidence.length
          ? `Failure-mode documents were found (${evidence.map((item) => item.path).slice(0, 3).join(', ')}) but hold no entries.`
          : 'No failure modes, known issues, limitations or FMEA tables found (looked for failure-modes/known-issues/limitations files, docs/risks/, failure, limitations and troubleshooting sections of docs/ and root Markdown, model card limitation sections and Croissant rai:dataLimitations).'),
      );
      return { status: 'judged', criteria: { documented: 0, concrete: 0, 'edge-cases': 0, 'out-of-scope': 0 }, evidence, findings, summary: 'No documented failure modes.' };
    }

    // Findings per entry, only on the entries being judged.
    const perFile = new Map<string, number>();
    for (const source of primary.length > 0 ? sources.filter((candidate) => candidate.primary) : sources) {
      for (const entry of source.entries) reportEntry(source.path, entry, findings, perFile);
    }

    const concreteEntries = judged.filter((entry) => !entry.generic);
    const complete = judged.filter((entry) => facetCount(entry.facets) === 4).length;
    let documented = Math.min(1, concreteEntries.length / FULL_ENTRIES);
    if (primary.length === 0 && secondary.length > 0) {
      documented = Math.min(documented, 0.8);
      findings.push(findingFrom(check, 'only-in-model-card', 'Failure modes are documented only in model card / dataset metadata sections, not in a failure-modes document.', { path: sources.find((source) => source.entries.length)?.path }));
    }
    if (judged.length > 0 && concreteEntries.length > 0 && concreteEntries.length < 3) {
      findings.push(findingFrom(check, 'few-entries', `Only ${concreteEntries.length} concrete failure mode(s) documented.`, { path: sources.find((source) => source.entries.length)?.path }));
    }
    const meanFacets = judged.length ? judged.reduce((sum, entry) => sum + facetCount(entry.facets) / 4, 0) / judged.length : 0;
    const concrete = judged.length ? 0.5 * meanFacets + 0.5 * (complete / judged.length) : 0;

    const edgeEntries = all.filter((entry) => entry.edgeCase && !entry.generic);
    if (edgeEntries.length === 0) findings.push(findingFrom(check, 'no-edge-cases', 'No failure mode or limitation names a specific input condition or population.', { path: sources[0]?.path }));
    const distinctUses = new Set(outOfScope.map((use) => use.text.toLowerCase())).size;
    if (distinctUses === 0) findings.push(findingFrom(check, 'no-out-of-scope', 'No out-of-scope uses are named.', { path: sources[0]?.path }));

    return {
      status: 'judged',
      criteria: {
        documented,
        concrete,
        'edge-cases': Math.min(1, edgeEntries.length / 3),
        'out-of-scope': distinctUses >= 2 ? 1 : distinctUses === 1 ? 0.5 : 0,
      },
      evidence,
      findings,
      summary: `${judged.length} failure mode(s) judged, ${complete} with condition, effect, detection and mitigation; ${edgeEntries.length} edge case(s); ${distinctUses} out-of-scope use(s).`,
    };
  },
});

export default check;

interface Source {
  path: string;
  /** Failure-mode documents, FMEA tables and failure sections of other docs; model cards and Croissant are secondary. */
  primary: boolean;
  entries: FailureEntry[];
  outOfScope: Array<{ line: number; text: string }>;
}

async function collect(snapshot: Snapshot, locations: readonly string[], evidence: Evidence[], findings: Finding[]): Promise<Source[]> {
  const sources: Source[] = [];
  const usable = (path: string) => !THIRD_PARTY.test(path) && !snapshot.isSymlink(path);
  const cards = await findModelCards(snapshot);
  const cardPaths = new Set(cards.map((card) => card.path));

  // 1. Dedicated documents: the whole file is about failure modes.
  // Every pattern below ends in .md/.markdown (or .json): the extension index narrows the listing first.
  const markdown = snapshot.glob(['**/*.md', '**/*.markdown']);
  const dedicated = new Set(markdown.filter((path) => usable(path) && !cardPaths.has(path) && (DEDICATED_FILE.test(path) || DEDICATED_FOLDER.test(path))));
  for (const path of locations.length ? snapshot.glob(locations) : []) if (usable(path) && /\.(md|markdown)$/i.test(path) && !cardPaths.has(path)) dedicated.add(path);
  for (const path of [...dedicated].sort()) {
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const document = parseMarkdown(read.text);
    const reading = readFailureRegion(read.text, document, wholeDocument(read.text));
    sources.push({ path, primary: true, entries: reading.entries, outOfScope: reading.outOfScope });
    evidence.push(describe(path, document.title?.line ?? 1, 'failure-modes-document', reading));
  }

  // 2. Other documents (docs/, root Markdown) with a failure-modes section or an FMEA table.
  const others = markdown
    .filter((path) => usable(path) && OTHER_DOCS.test(path) && !dedicated.has(path) && !cardPaths.has(path) && !FAILURE_FOLDER.test(path))
    .slice(0, MAX_OTHER_DOCS);
  for (const path of others) {
    const read = await snapshot.readText(path, { maxBytes: 512 * 1024 });
    if (!read.ok || !/failure|known issue|limitation|risk|caveat|edge case|fmea|out[- ]of[- ]scope|troubleshoot/i.test(read.text)) continue;
    const document = parseMarkdown(read.text);
    const lines = read.text.split('\n');
    const aboutSystem = (region: { fromLine: number; toLine: number }) => ABOUT_MODEL_OR_SYSTEM.test(lines.slice(region.fromLine, region.toLine).join('\n'));
    // The project README speaks for the whole system. Any other document (a component's developer guide) speaks for
    // its subject: its "Known issues" ("the consumer is single threaded", "no ordering guarantee") are that component's
    // backlog, a failure mode of the delivery only when the section speaks of the model, its answers or the system.
    const failing = failureSections(document).filter((section) => PROJECT_README.test(path) || aboutSystem(rangeOf(section)));
    // Troubleshooting written as problem → cause → solution entries is a list of failures the team will meet.
    const troubleshooting = troubleshootingSections(document, lines).filter(
      (section) => !failing.some((outer) => section.heading.line >= outer.heading.line && section.heading.line <= outer.endLine),
    );
    let regions = [...failing, ...troubleshooting].sort((a, b) => a.heading.line - b.heading.line).map(rangeOf);
    if (CHANGE_LOG_FILE.test(path)) {
      // A library's "Known issues" in its change log are not a model's failure modes.
      regions = regions.filter(aboutSystem);
      if (regions.length === 0) continue;
    }
    const scopes = outOfScopeSections(document).filter((section) => !regions.some((region) => section.heading.line >= region.fromLine && section.heading.line <= region.toLine));
    const merged: FailureReading = { entries: [], tables: [], outOfScope: [] };
    for (const region of [...regions, ...scopes.map(rangeOf)]) mergeInto(merged, readFailureRegion(read.text, document, region));
    // FMEA tables outside any failure section still count.
    const whole = readFailureRegion(read.text, document, wholeDocument(read.text));
    for (const table of whole.tables) {
      if (merged.tables.some((known) => known.line === table.line)) continue;
      merged.tables.push(table);
      merged.entries.push(...whole.entries.filter((entry) => table.rows.some((row) => row.line === entry.line)));
    }
    if (merged.entries.length === 0 && merged.outOfScope.length === 0) continue;
    sources.push({ path, primary: merged.entries.length > 0, entries: merged.entries, outOfScope: merged.outOfScope });
    evidence.push(describe(path, regions[0]?.fromLine ?? merged.tables[0]?.line ?? 1, 'failure-modes-section', merged));
  }

  // 3. Model cards: limitations, bias and risks, caveats, out-of-scope use.
  for (const { path, source, card } of cards) {
    const merged: FailureReading = { entries: [], tables: [], outOfScope: [] };
    const regions: CardSection[] = card.sections.filter((section) => section.part === 'limitations' || section.part === 'out-of-scope');
    const outer = regions.filter((section) => !regions.some((other) => other !== section && section.heading.line > other.heading.line && section.heading.line <= other.endLine));
    for (const section of outer) {
      const reading = readFailureRegion(source, card.document, { fromLine: section.heading.line, toLine: section.endLine, depth: section.heading.depth });
      // The card template's "Recommendations" under its limitations is the authors' answer to them: their mitigation.
      const answered = card.sections.some((inner) => inner.part === 'recommendations' && inner.words >= 8 && inner.heading.line > section.heading.line && inner.heading.line <= section.endLine);
      if (section.part === 'limitations' && answered) for (const entry of reading.entries) entry.facets.mitigation = true;
      if (section.part === 'out-of-scope' && reading.outOfScope.length === 0) {
        // Headed e.g. "Limitations of use": its items are uses, not failure modes.
        merged.outOfScope.push(...reading.entries.map((entry) => ({ line: entry.line, text: entry.text })));
      } else mergeInto(merged, reading);
    }
    if (merged.outOfScope.length === 0) {
      // Mitchell et al. list "Out-of-scope use cases: …" as an item under Intended Use.
      const line = card.document.paragraphs.find((paragraph) => OUT_OF_SCOPE_ITEM.test(paragraph.text));
      if (line) merged.outOfScope.push({ line: line.line, text: line.text });
      // Or as advice in prose: "we recommend against use in high-risk domains like decision-making contexts".
      else merged.outOfScope.push(...card.document.paragraphs.flatMap(usesAdvisedAgainst).slice(0, 20));
    }
    if (merged.entries.length === 0 && merged.outOfScope.length === 0) continue;
    const primary = merged.tables.length > 0;
    sources.push({ path, primary, entries: merged.entries, outOfScope: merged.outOfScope });
    evidence.push(describe(path, outer[0]?.heading.line ?? 1, 'model-card-limitations', merged));
  }

  // 4. Croissant RAI data limitations.
  const croissants = snapshot.glob('**/*.json').filter((path) => usable(path) && CROISSANT_FILE.test(path)).slice(0, MAX_CROISSANT);
  for (const path of croissants) {
    const read = await snapshot.readText(path);
    if (!read.ok || !read.text.includes('dataLimitations')) continue;
    const parsed = parseJsonObject(read.text);
    if (!parsed.ok) {
      findings.push(findingFrom(check, 'unparsed-file', `Croissant metadata not parsed: ${parsed.error.message}.`, { path, line: parsed.error.line }));
      continue;
    }
    const entries = croissantLimitations(parsed.value).map((text) => entryFromText('croissant', 1, text.slice(0, 80), text));
    if (entries.length === 0) continue;
    sources.push({ path, primary: false, entries, outOfScope: [] });
    evidence.push({ path, line: 1, kind: 'croissant-rai', note: `${entries.length} rai:dataLimitations entr${entries.length === 1 ? 'y' : 'ies'}` });
  }
  return sources;
}

function mergeInto(target: FailureReading, reading: FailureReading): void {
  const lines = new Set(target.entries.map((entry) => entry.line));
  target.entries.push(...reading.entries.filter((entry) => !lines.has(entry.line)));
  target.tables.push(...reading.tables.filter((table) => !target.tables.some((known) => known.line === table.line)));
  const uses = new Set(target.outOfScope.map((use) => use.line));
  target.outOfScope.push(...reading.outOfScope.filter((use) => !uses.has(use.line)));
}

function reportEntry(path: string, entry: FailureEntry, findings: Finding[], perFile: Map<string, number>): void {
  const count = perFile.get(path) ?? 0;
  const at = { path, line: entry.line };
  const quote = `"${entry.title.slice(0, 60)}${entry.title.length > 60 ? '…' : ''}"`;
  if (count >= MAX_ENTRY_FINDINGS_PER_FILE) return;
  if (entry.generic) {
    findings.push(findingFrom(check, 'generic-statement', `${quote} is a generic statement, not a failure mode.`, at));
    perFile.set(path, count + 1);
    return;
  }
  const missing = missingFacets(entry.facets);
  if (missing.length > 0) {
    findings.push(findingFrom(check, 'entry-incomplete', `${quote} does not give its ${missing.join(', ')}.`, at));
    perFile.set(path, count + 1);
  }
  for (const problem of entry.problems.slice(0, 2)) findings.push(findingFrom(check, 'rating-inconsistent', `${quote}: ${problem}.`, at));
}

function describe(path: string, line: number, kind: string, reading: FailureReading): Evidence {
  const complete = reading.entries.filter((entry) => facetCount(entry.facets) === 4).length;
  const fmea = reading.tables.filter((table) => table.kind === 'fmea');
  const parts = [
    `${reading.entries.length} entr${reading.entries.length === 1 ? 'y' : 'ies'}`,
    `${complete} with condition, effect, detection and mitigation`,
    `${reading.entries.filter((entry) => entry.edgeCase).length} edge case(s)`,
    `${reading.outOfScope.length} out-of-scope use(s)`,
  ];
  if (fmea.length) parts.push(`${fmea.length} FMEA table(s), ${fmea.reduce((sum, table) => sum + table.rows.length, 0)} row(s)`);
  return { path, line, kind, note: parts.join(' · ') };
}
