// Acceptance criteria in Markdown: metric tables (Metric | Dataset / split | Threshold | Measured), criteria
// sentences in lists and prose ("PR-AUC of at least 0.70 on holdout-2025Q2"), approval statements, and
// vague claims without numbers. Pure: text in, drafts out.
import { ACCEPTANCE, speaks } from './vocabulary.js';
import {
  comparatorFromText,
  findVaguePhrase,
  isPlaceholder,
  isReportedOnly,
  parseApproval,
  parseCriterionSentence,
  parseDataReference,
  parseMeasured,
  parseThreshold,
  splitSentences,
  type DataReference,
} from './criteria-text.js';
import type { ApprovalDraft, Comparator, CriterionDraft, VagueStatement } from './eval-criterion.js';
import { normaliseHeading, parseMarkdown, type MarkdownDocument, type MarkdownTable } from './markdown.js';
import { looksLikeMetric, metricDirection } from './metric-names.js';

export interface MarkdownCriteria {
  criteria: CriterionDraft[];
  vague: VagueStatement[];
  approval: ApprovalDraft | null;
  /** Tables read as criteria tables. */
  tables: number;
  /** Headings of the criteria sections found (empty for a dedicated criteria document). */
  sections: Array<{ text: string; line: number }>;
}

export interface MarkdownCriteriaOptions {
  /**
   * `document`: the whole file is about evaluation (ACCEPTANCE.md, docs/evaluation/*.md).
   * `sections`: a general document (README, model card); prose is read only under criteria headings,
   * and tables only when a column holds thresholds.
   */
  scope: 'document' | 'sections';
}

/** Headings that introduce acceptance or evaluation criteria. */
export const CRITERIA_HEADING =
  /\b(?:acceptance|success|evaluation|eval|exit|release|pass(?:\/fail)?|quality)\s+(?:criteria|criterion|plan|protocol|gates?|bar|thresholds?|targets?)\b|\bacceptance(?:\s+tests?)?$|\bgo\s*(?:\/\s*)?no[- ]go\b|\bdefinition\s+of\s+done\b|\bquality\s+bar\b|\bmodel\s+acceptance\b/i;

/** Sections of a general document where quality claims are checked for numbers (not read as criteria). */
const EVALUATION_HEADING = /^(?:model\s+)?(?:evaluation|evaluation\s+results|results|performance|model\s+performance|metrics)$/;

const MAX_ROWS = 500;
/** Header cells that say a column holds acceptance bars (not alert levels or budgets). */
const ACCEPTANCE_HEADER = /\b(?:acceptance|accept|criteri(?:on|a)|gate|pass(?:\s+if)?|required|requirement|minimum\s+bar)\b/i;
const MEASURED_ON = /\b(?:measured|evaluated|computed|calculated|scored|reported)\s+on\s+(?:the\s+)?([^.;\n]{2,160})/i;
const ON_EVALUATION_DATA =
  /\bon\s+(?:the\s+)?((?:newest|latest|same|current|frozen|held-out|hold-out|holdout|test|validation)\b[^,.;:\n]{0,80}|[^,.;:\n]{0,60}\b(?:holdout|hold-out|test\s+set|test\s+split|validation\s+set)\b[^,.;:\n]{0,40})/i;
const MAX_PARAGRAPHS = 2000;

type Role = 'metric' | 'threshold' | 'comparator' | 'dataset' | 'split' | 'version' | 'slice' | 'baseline' | 'measured' | 'logged' | 'unit';

/** Header patterns, tried in order: the first role a header matches is its role. */
const ROLE_PATTERNS: ReadonlyArray<[Role, RegExp]> = [
  ['logged', /\b(?:logged\s+as|mlflow(?:\s+key)?|tracker\s+key|metric\s+key)\b/i],
  ['comparator', /^(?:comparator|comparison|operator|op|direction)$/i],
  ['unit', /^units?$/i],
  ['split', /^split$/i],
  ['dataset', /\b(?:data|dataset|datasets|data\s*set|eval(?:uation)?\s+(?:set|data)|test\s+set|benchmark|measured\s+on|evaluated\s+on|population)\b/i],
  ['version', /\b(?:version|revision|rev|md5|hash|commit|tag)\b/i],
  ['slice', /\b(?:slice|segment|cohort|subgroup)\b/i],
  ['baseline', /\b(?:baseline|incumbent|previous\s+model)\b/i],
  ['threshold', /\b(?:threshold|target|acceptance|accept|required|requirement|minimum|maximum|min|max|bar|pass(?:\s+if)?|gate|limit|budget|goal|slo|must)\b/i],
  ['measured', /\b(?:measured|result|results|actual|achieved|observed|value|score|current|champion|v\d+)\b/i],
  ['metric', /\b(?:metric|metrics|measure|kpi|indicator|criterion|criteria|name|check)\b/i],
];

export function readMarkdownCriteria(text: string, options: MarkdownCriteriaOptions): MarkdownCriteria {
  const document = parseMarkdown(text);
  const sourceLines = text.split('\n');
  const ranges = document.sections.filter((section) => CRITERIA_HEADING.test(section.heading.text) || speaks(ACCEPTANCE, section.heading.text)).map((section) => ({ from: section.heading.line, to: section.endLine, heading: section.heading }));
  const inScope = (line: number) => options.scope === 'document' || ranges.some((range) => line >= range.from && line <= range.to);
  // A general document's "Evaluation" / "Results" section is where "the model performs well" hides.
  const evaluationRanges = document.sections.filter((section) => EVALUATION_HEADING.test(normaliseHeading(section.heading.text))).map((section) => ({ from: section.heading.line, to: section.endLine }));
  const claimsChecked = (line: number) => inScope(line) || evaluationRanges.some((range) => line >= range.from && line <= range.to);
  const result: MarkdownCriteria = {
    criteria: [],
    vague: [],
    approval: null,
    tables: 0,
    sections: ranges.map((range) => ({ text: range.heading.text, line: range.heading.line })),
  };
  const approvals: ApprovalDraft[] = [];
  const dataAt = dataContext(document, inScope);

  for (const table of document.tables) {
    // Outside criteria sections of a general document, only a table that says it holds acceptance bars
    // counts (a monitoring table's "Threshold" column holds alert levels, not acceptance criteria).
    if (!inScope(table.line) && !table.header.some((cell) => ACCEPTANCE_HEADER.test(cell))) continue;
    const rows = readTable(table, inScope(table.line), dataAt(table.line));
    if (rows === null) {
      // Not a criteria table, but a row may still state the approval ("| Approved model | kestrel-churn v2 |").
      if (inScope(table.line)) table.rows.forEach((row, i) => pushApproval(approvals, row.join(' — '), table.rowLines[i]));
      continue;
    }
    result.tables++;
    result.criteria.push(...rows);
  }

  for (const paragraph of document.paragraphs.slice(0, MAX_PARAGRAPHS)) {
    const criteriaProse = inScope(paragraph.line);
    if (!criteriaProse && !claimsChecked(paragraph.line)) continue;
    if (criteriaProse) pushApproval(approvals, paragraph.text, paragraph.line);
    for (const sentence of splitSentences(paragraph.text)) {
      const line = lineOfSentence(sourceLines, paragraph.line, sentence);
      const found = criteriaProse ? parseCriterionSentence(sentence) : null;
      if (found) {
        result.criteria.push(fromSentence(found, line, dataAt(paragraph.line)));
        continue;
      }
      const vague = findVaguePhrase(sentence);
      if (vague) result.vague.push({ text: sentence.slice(0, 200), line });
    }
  }
  result.approval = mergeApprovals(approvals);
  return result;
}

/** Reads a table as criteria, or returns null when it is not a criteria table. */
function readTable(table: MarkdownTable, inScope: boolean, defaultData: DataReference | null): CriterionDraft[] | null {
  const roles = assignRoles(table.header);
  let thresholdColumn = roles.get('threshold');
  let metricColumn = roles.get('metric');
  if (thresholdColumn === undefined) {
    // Inside a criteria section, a column whose cells carry comparators is the threshold column.
    if (!inScope) return null;
    thresholdColumn = table.header.findIndex((_, column) => table.rows.some((row) => parseThreshold(row[column] ?? '')?.comparator));
    if (thresholdColumn === -1) return null;
  }
  if (metricColumn === undefined) {
    const free = table.header.findIndex((_, column) => ![...roles.values()].includes(column) && column !== thresholdColumn);
    metricColumn = free === -1 ? thresholdColumn : free;
  }
  const criteria: CriterionDraft[] = [];
  table.rows.slice(0, MAX_ROWS).forEach((row, i) => {
    const line = table.rowLines[i] ?? table.line;
    const cell = (role: Role) => {
      const column = role === 'threshold' ? thresholdColumn : role === 'metric' ? metricColumn : roles.get(role);
      return column === undefined ? '' : (row[column] ?? '').trim();
    };
    let metric = cell('metric');
    const thresholdText = cell('threshold');
    if (metric === '' && thresholdText === '') return;
    const parsed = parseThreshold(thresholdText);
    if (metricColumn === thresholdColumn && parsed) metric = metric.slice(0, parsed.start).replace(/(?<![\s:,-])[\s:,-]+$/, '');
    const measured = parseMeasured(cell('measured'));
    const draft: CriterionDraft = {
      intent: 'criterion',
      metric: metric.replace(/[*_`]/g, '').trim(),
      comparator: null,
      threshold: null,
      dataset: null,
      line,
    };
    if (isReportedOnly(thresholdText) && metric !== '') draft.intent = 'result';
    else if (parsed && !isPlaceholder(thresholdText)) {
      draft.threshold = parsed.threshold;
      if (parsed.upper !== undefined) draft.upper = parsed.upper;
      if (parsed.unit) draft.unit = parsed.unit;
      const written = comparatorFromText(cell('comparator')) ?? parsed.comparator ?? headerComparator(table.header[thresholdColumn!] ?? '', thresholdText);
      if (written) draft.comparator = written;
      else {
        const direction = metricDirection(draft.metric);
        if (direction) {
          draft.comparator = direction === 'lower' ? '<=' : '>=';
          draft.comparatorInferred = true;
        }
      }
    }
    const unit = cell('unit');
    if (unit && !draft.unit) draft.unit = unit;
    applyData(draft, parseDataReference(cell('dataset')) ?? defaultData);
    const split = cell('split');
    if (split && !isPlaceholder(split)) draft.split = split.toLowerCase();
    const version = cell('version');
    if (version && !isPlaceholder(version)) draft.version = version;
    const slice = cell('slice');
    if (slice && !isPlaceholder(slice)) draft.slice = slice;
    else {
      const across = /\b(?:across|between|among|per)\s+(.{2,80})$/i.exec(draft.metric);
      if (across) draft.slice = across[1];
    }
    const baseline = cell('baseline');
    if (baseline && !isPlaceholder(baseline)) draft.baseline = baseline;
    const logged = cell('logged').replace(/[`*]/g, '').trim();
    if (logged && !isPlaceholder(logged)) draft.loggedAs = logged;
    if (measured) {
      draft.measured = measured.value;
      if (measured.unit) draft.measuredUnit = measured.unit;
    }
    criteria.push(draft);
  });
  // A "Target" column in a feature table is not a criteria table: some row must name a metric with a bar.
  const meaningful = criteria.some((draft) => looksLikeMetric(draft.metric) && (draft.threshold !== null || draft.intent === 'result' || inScope));
  return meaningful ? criteria : null;
}

function assignRoles(header: readonly string[]): Map<Role, number> {
  const roles = new Map<Role, number>();
  header.forEach((cell, column) => {
    const text = cell.trim();
    for (const [role, pattern] of ROLE_PATTERNS) {
      if (!roles.has(role) && pattern.test(text)) {
        roles.set(role, column);
        return;
      }
    }
  });
  return roles;
}

/** "Minimum" / "Max" in the header, or "(min)" in the cell, says which way a bare number points. */
function headerComparator(header: string, cell: string): Comparator | null {
  const text = `${header} ${cell}`;
  if (/\b(?:min(?:imum)?|at\s+least|floor)\b/i.test(text)) return '>=';
  if (/\b(?:max(?:imum)?|at\s+most|ceiling|budget|limit)\b/i.test(text)) return '<=';
  return null;
}

function applyData(draft: CriterionDraft, data: DataReference | null): void {
  if (!data) return;
  if (data.dataset) draft.dataset = data.dataset;
  if (data.split) draft.split = data.split;
  if (data.version) draft.version = data.version;
  if (data.sampleSize !== undefined) draft.sampleSize = data.sampleSize;
}

function fromSentence(found: NonNullable<ReturnType<typeof parseCriterionSentence>>, line: number, defaultData: DataReference | null): CriterionDraft {
  const draft: CriterionDraft = { intent: 'criterion', metric: found.metric, comparator: found.comparator, threshold: found.threshold, dataset: null, line };
  if (found.upper !== undefined) draft.upper = found.upper;
  if (found.unit) draft.unit = found.unit;
  if (found.slice) draft.slice = found.slice;
  if (found.baseline) draft.baseline = found.baseline;
  applyData(draft, found.data ?? defaultData);
  return draft;
}

/**
 * The data a section's criteria are measured on when a row or sentence names none: the nearest statement
 * before it in the same section ("All metrics are measured on holdout-2025Q2 (test)", "on the newest
 * holdout month").
 */
function dataContext(document: MarkdownDocument, inScope: (line: number) => boolean): (line: number) => DataReference | null {
  const statements: Array<{ line: number; data: DataReference }> = [];
  for (const paragraph of document.paragraphs.slice(0, MAX_PARAGRAPHS)) {
    if (!inScope(paragraph.line)) continue;
    const text = paragraph.text.slice(0, 1000);
    const match = MEASURED_ON.exec(text) ?? ON_EVALUATION_DATA.exec(text);
    const data = match ? parseDataReference(match[1]) : null;
    if (data) statements.push({ line: paragraph.line, data });
  }
  const headingLines = document.headings.map((heading) => heading.line).sort((a, b) => a - b);
  return (line) => {
    const sectionStart = lastAtOrBefore(headingLines, line) ?? 0;
    for (let i = statements.length - 1; i >= 0 && statements[i].line >= sectionStart; i--) {
      if (statements[i].line <= line) return statements[i].data;
    }
    return null;
  };
}

/** Largest value in a sorted list that is at most `limit` (binary search). */
function lastAtOrBefore(sorted: readonly number[], limit: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? undefined : sorted[lo - 1];
}

function pushApproval(into: ApprovalDraft[], text: string, line: number): void {
  const approval = parseApproval(text);
  if (approval) into.push({ ...approval, line });
}

/** One approval per document: the first statement with a model, completed by later ones (approver, date). */
function mergeApprovals(approvals: ApprovalDraft[]): ApprovalDraft | null {
  if (approvals.length === 0) return null;
  const primary = approvals.find((approval) => approval.model && approval.version) ?? approvals.find((approval) => approval.model) ?? approvals[0];
  const merged = { ...primary };
  for (const other of approvals) {
    merged.model ??= other.model;
    merged.version ??= other.version;
    merged.approvedBy ??= other.approvedBy;
    merged.date ??= other.date;
  }
  return merged;
}

/** Line of a sentence inside a paragraph that may span lines: found by its first words. */
function lineOfSentence(sourceLines: readonly string[], paragraphLine: number, sentence: string): number {
  const words = sentence.replace(/[*_`[\]]/g, '').split(/\s+/).filter(Boolean).slice(0, 3).join(' ');
  if (!words) return paragraphLine;
  for (let i = paragraphLine - 1; i < Math.min(sourceLines.length, paragraphLine + 40); i++) {
    if (sourceLines[i].replace(/[*_`[\]]/g, '').replace(/\s+/g, ' ').includes(words)) return i + 1;
  }
  return paragraphLine;
}
