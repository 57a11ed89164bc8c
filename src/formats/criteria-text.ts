// Reading criteria out of free text: comparators ("≥", ">=", "at least", "no more than", "< 150 ms"),
// numbers with units and percentages, data references ("holdout-2025Q2 / test, n=412,000, md5 3fa1…"),
// approval statements, and vague claims without numbers. Pure, and linear-time: every input is capped
// and no pattern nests quantifiers over overlapping characters.
import type { ApprovalDraft, Comparator } from './eval-criterion.js';
import { looksLikeMetric } from './metric-names.js';

/** Longest text any one pattern here sees. */
export const MAX_TEXT = 1000;

export interface ThresholdText {
  comparator: Comparator | null;
  threshold: number;
  upper?: number;
  unit?: string;
  /** Offsets of the whole match in the (capped) input. */
  start: number;
  end: number;
}

const NUMBER = String.raw`[-\u2212]?(?<!\d|\d[.,])\d+(?:[.,]\d+)*`;
const UNIT = String.raw`%|percent\b|pp\b|percentage\s+points?\b|ms\b|milliseconds?\b|sec(?:onds?)?\b|s\b|minutes?\b|mins?\b|hours?\b|h\b|x\b|mb\b|gb\b|rps\b|qps\b|req\/s|usd\b|\$`;
const COMPARATOR_WORDS = String.raw`at\s+least|no\s+less\s+than|not\s+less\s+than|greater\s+than\s+or\s+equal\s+to|more\s+than\s+or\s+equal\s+to|higher\s+than\s+or\s+equal\s+to|minimum(?:\s+of)?|min\.?|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+higher\s+than|no\s+greater\s+than|less\s+than\s+or\s+equal\s+to|lower\s+than\s+or\s+equal\s+to|maximum(?:\s+of)?|max\.?|up\s+to|within|greater\s+than|more\s+than|higher\s+than|above|exceeds?|exceeding|over|less\s+than|lower\s+than|fewer\s+than|below|under|equal\s+to|equals?`;
const SYMBOLS = String.raw`≥|⩾|>=|=>|≤|⩽|<=|=<|==|>|<|=`;
/** comparator, optional "of"/":", number, optional unit. */
const COMPARATOR_THEN_NUMBER = new RegExp(
  String.raw`(${SYMBOLS}|\b(?:${COMPARATOR_WORDS})\b)\s*(?:of\s+)?(?:[:~≈]\s*)?(${NUMBER})\s*(${UNIT})?`,
  'gi',
);
/** number, optional unit, then "or higher" / "or less" / "+". */
const NUMBER_THEN_DIRECTION = new RegExp(
  String.raw`(${NUMBER})\s*(?:(${UNIT})\s*)?(or\s+(?:higher|more|above|greater|better)|and\s+(?:above|up|higher)|or\s+(?:lower|less|fewer|below|under)|and\s+(?:below|under|lower))\b`,
  'i',
);
const BETWEEN = new RegExp(String.raw`\bbetween\s+(${NUMBER})(?:\s*(${UNIT}))?\s+(?:and|to)\s+(${NUMBER})\s*(${UNIT})?`, 'i');
const BARE_NUMBER = new RegExp(String.raw`(${NUMBER})\s*(${UNIT})?`);

/** Maps a comparator as written (symbol or words) to a comparator. */
export function comparatorFromText(text: string): Comparator | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === '') return null;
  if (/^(?:≥|⩾|>=|=>|gte|ge)$/.test(t) || /^(?:at least|no less than|not less than|(?:greater|more|higher) than or equal to|minimum(?: of)?|min\.?)$/.test(t)) return '>=';
  if (/^(?:≤|⩽|<=|=<|lte|le)$/.test(t) || /^(?:at most|no more than|not more than|no higher than|no greater than|(?:less|lower) than or equal to|maximum(?: of)?|max\.?|up to|within)$/.test(t)) return '<=';
  if (/^(?:>|gt)$/.test(t) || /^(?:greater than|more than|higher than|above|exceeds?|exceeding|over)$/.test(t)) return '>';
  if (/^(?:<|lt)$/.test(t) || /^(?:less than|lower than|fewer than|below|under)$/.test(t)) return '<';
  if (/^(?:==|=|eq|equal to|equals?)$/.test(t)) return '==';
  if (t === 'between') return 'between';
  return null;
}

/** Parses "1,234.5", "0,70", "−3" into a number; NaN when it is not one. */
export function parseNumberText(text: string): number {
  let t = text.replace(/\u2212/g, '-').trim();
  if (t.includes('.') && t.includes(',')) t = t.replace(/,/g, '');
  else if (t.includes(',')) {
    const groups = t.split(',');
    const thousands = groups.length > 1 && groups.slice(1).every((group) => group.length === 3);
    t = thousands ? groups.join('') : groups.length === 2 ? groups.join('.') : t;
  }
  return /^-?\d+(?:\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

export function normaliseUnit(unit: string | undefined): string | undefined {
  if (!unit) return undefined;
  const u = unit.toLowerCase().replace(/\s+/g, ' ').trim();
  if (u === '%' || u === 'percent') return '%';
  if (u === 'pp' || u.startsWith('percentage point')) return 'pp';
  if (u === 'ms' || u.startsWith('millisecond')) return 'ms';
  if (u === 's' || u.startsWith('sec')) return 's';
  if (u.startsWith('min')) return 'min';
  if (u === 'h' || u.startsWith('hour')) return 'h';
  if (u === 'rps' || u === 'qps' || u === 'req/s') return 'rps';
  if (u === '$' || u === 'usd') return 'USD';
  return u;
}

/**
 * Finds the first comparator-and-number in a text: "≥ 0.70", "at least 75 %", "< 150 ms", "0.05 or lower",
 * "between 0.2 and 0.4". A bare number ("0.70") comes back with a null comparator; no number gives null.
 */
export function parseThreshold(text: string): ThresholdText | null {
  const t = text.slice(0, MAX_TEXT);
  const between = BETWEEN.exec(t);
  COMPARATOR_THEN_NUMBER.lastIndex = 0;
  const symbolic = COMPARATOR_THEN_NUMBER.exec(t);
  const trailing = NUMBER_THEN_DIRECTION.exec(t);
  const candidates: ThresholdText[] = [];
  if (between) {
    const low = parseNumberText(between[1]);
    const high = parseNumberText(between[3]);
    if (Number.isFinite(low) && Number.isFinite(high)) {
      candidates.push({ comparator: 'between', threshold: low, upper: high, unit: normaliseUnit(between[2] ?? between[4]), start: between.index, end: between.index + between[0].length });
    }
  }
  if (symbolic) {
    const value = parseNumberText(symbolic[2]);
    const comparator = comparatorFromText(symbolic[1]);
    if (Number.isFinite(value) && comparator) {
      candidates.push({ comparator, threshold: value, unit: normaliseUnit(symbolic[3]), start: symbolic.index, end: symbolic.index + symbolic[0].length });
    }
  }
  if (trailing) {
    const value = parseNumberText(trailing[1]);
    const up = /higher|more|above|greater|better|up/i.test(trailing[3]);
    if (Number.isFinite(value)) candidates.push({ comparator: up ? '>=' : '<=', threshold: value, unit: normaliseUnit(trailing[2]), start: trailing.index, end: trailing.index + trailing[0].length });
  }
  if (candidates.length > 0) return candidates.sort((a, b) => a.start - b.start)[0];
  const bare = BARE_NUMBER.exec(t);
  if (!bare) return null;
  const value = parseNumberText(bare[1]);
  if (!Number.isFinite(value)) return null;
  return { comparator: null, threshold: value, unit: normaliseUnit(bare[2]), start: bare.index, end: bare.index + bare[0].length };
}

/** Every comparator-and-number in a text, in order (at most `limit`). */
export function findThresholds(text: string, limit = 8): ThresholdText[] {
  const t = text.slice(0, MAX_TEXT);
  const found: ThresholdText[] = [];
  const pattern = new RegExp(COMPARATOR_THEN_NUMBER.source, 'gi');
  for (let match = pattern.exec(t); match && found.length < limit; match = pattern.exec(t)) {
    const value = parseNumberText(match[2]);
    const comparator = comparatorFromText(match[1]);
    if (Number.isFinite(value) && comparator) found.push({ comparator, threshold: value, unit: normaliseUnit(match[3]), start: match.index, end: match.index + match[0].length });
    if (match[0].length === 0) pattern.lastIndex++;
  }
  const trailing = NUMBER_THEN_DIRECTION.exec(t);
  if (trailing && found.length < limit) {
    const value = parseNumberText(trailing[1]);
    const up = /higher|more|above|greater|better|up/i.test(trailing[3]);
    if (Number.isFinite(value)) found.push({ comparator: up ? '>=' : '<=', threshold: value, unit: normaliseUnit(trailing[2]), start: trailing.index, end: trailing.index + trailing[0].length });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** A number with an optional unit ("0.74", "92 ms", "78 %"), for measured values. */
export function parseMeasured(text: string): { value: number; unit?: string } | null {
  const bare = BARE_NUMBER.exec(text.slice(0, 200));
  if (!bare) return null;
  const value = parseNumberText(bare[1]);
  return Number.isFinite(value) ? { value, unit: normaliseUnit(bare[2]) } : null;
}

/** Cells that say "this row is reported, not gated". */
export function isReportedOnly(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (/^(?:n\/?a|none|not applicable)$/.test(t)) return true;
  return /\b(?:reported only|report only|informational|info only|not gated|no threshold|monitor(?:ed)? only|tracked only|for reference|reference only)\b/.test(t);
}

/** Cells that hold no information ("TBD", "?", empty). */
export function isPlaceholder(text: string): boolean {
  return /^(?:|-|—|–|\?+|tbd|tba|todo|n\/?a|none|unknown|to be (?:defined|decided|confirmed)|tbc)$/i.test(text.trim());
}

export interface DataReference {
  dataset: string | null;
  split?: string;
  version?: string;
  sampleSize?: number;
}

const SPLIT_WORDS = new Set(['test', 'testing', 'validation', 'valid', 'val', 'dev', 'holdout', 'hold-out', 'eval', 'evaluation', 'train', 'training', 'oot', 'out-of-time', 'backtest', 'calibration']);
const VERSION_PATTERNS: readonly RegExp[] = [
  /\b((?:dvc\s+)?(?:md5|sha256|sha1|sha|etag|checksum|hash))\s*(?:[:=]\s*)?`?([0-9a-f]{6,64})/i,
  /\b(rev(?:ision)?|tag|commit|release|version|ver|snapshot|dvc)\b\s*(?:[:=]\s*)?`?([A-Za-z0-9][\w.\-/]{0,63})/i,
  /@([A-Za-z0-9][\w.\-]{0,63})/,
  /\b(v\d+(?:\.\d+){0,3})\b/,
];
const HEX_ID = /\b([0-9a-f]{7,40})\b/;

/** Reads "holdout-2025Q2 / test, n=412,000 (release kestrel-crm-2025q2)" into its parts. */
export function parseDataReference(text: string): DataReference | null {
  const t = text.slice(0, 400).replace(/\s+/g, ' ').trim();
  if (isPlaceholder(t)) return null;
  const reference: DataReference = { dataset: null };
  const size = /\bn\s*[=:]\s*(\d[\d,_.]{0,14}\d|\d)/i.exec(t) ?? /\b(\d[\d,]{0,12}\d)\s+(?:rows|samples|examples|customers|records|transactions|users|requests|cases|queries|images|documents)\b/i.exec(t);
  if (size) {
    const n = parseNumberText(size[1].replace(/_/g, ''));
    if (Number.isFinite(n)) reference.sampleSize = n;
  }
  for (const pattern of VERSION_PATTERNS) {
    const match = pattern.exec(t);
    if (!match) continue;
    const value = (match[2] ?? match[1]).replace(/(?<![`.,;)])[`.,;)]+$/, '');
    if (match[2] && /^(?:of|the|is|in|on|and)$/i.test(value)) continue;
    reference.version = match[2] ? `${match[1].toLowerCase()} ${value}` : value;
    break;
  }
  if (!reference.version) {
    const hex = HEX_ID.exec(t);
    if (hex && /\d/.test(hex[1]) && /[a-f]/.test(hex[1])) reference.version = hex[1];
  }
  const explicitSplit = /\bsplit\s*[:=]\s*`?([\w-]{1,40})/i.exec(t) ?? /\b([\w-]{1,40})\s+split\b/i.exec(t);
  if (explicitSplit) reference.split = explicitSplit[1].toLowerCase();
  const segments = t.split(/[/,;|()]/).map((segment) => segment.replace(/[`*_]/g, '').trim()).filter(Boolean);
  if (!reference.split) {
    for (const segment of segments.slice(1)) {
      const word = segment.toLowerCase().replace(/(?<!\s)\s+split$/, '');
      if (SPLIT_WORDS.has(word)) {
        reference.split = word;
        break;
      }
    }
  }
  const first = (segments[0] ?? '')
    .replace(/^(?:dataset|data|on|measured on|evaluated on)\s*[:=]?\s*/i, '')
    .replace(/\bn\s*[=:].*$/i, '')
    .trim();
  if (first && !isPlaceholder(first) && !/^(?:n\s*=|\d)/i.test(first)) {
    if (SPLIT_WORDS.has(first.toLowerCase()) && !reference.split) reference.split = first.toLowerCase();
    reference.dataset = first.slice(0, 120);
  }
  if (!reference.dataset && !reference.split && !reference.version) return null;
  return reference;
}

export interface SentenceCriterion {
  metric: string;
  comparator: Comparator;
  threshold: number;
  upper?: number;
  unit?: string;
  data: DataReference | null;
  slice?: string;
  baseline?: string;
}

const FILLER = new Set(['must', 'should', 'shall', 'will', 'needs', 'need', 'to', 'has', 'have', 'is', 'are', 'be', 'being', 'of', 'stay', 'stays', 'remain', 'remains', 'reach', 'reaches', 'achieve', 'achieves', 'with', 'a', 'an', 'the', 'its', 'our', 'and', 'that', 'keep', 'keeps', 'hold', 'holds', 'we', 'require', 'requires', 'required', 'target', 'minimum', 'maximum', 'score', 'value', 'was', 'were', 'it']);
const KEEP_TRAILING = new Set(['score']);
const MAX_METRIC_WORDS = 6;

/**
 * Reads one sentence such as "PR-AUC of at least 0.70 on holdout-2025Q2 (test)" or "p95 latency must stay
 * below 150 ms under the 2025-06 load test". Returns null unless a metric name stands before the comparator.
 */
export function parseCriterionSentence(sentence: string): SentenceCriterion | null {
  const text = sentence.slice(0, MAX_TEXT);
  const between = BETWEEN.exec(text);
  const thresholds = between ? [parseThreshold(text)!] : findThresholds(text, 4);
  for (const found of thresholds) {
    if (!found?.comparator) continue;
    const metric = metricBefore(text.slice(Math.max(0, found.start - 160), found.start));
    if (!metric || !looksLikeMetric(metric)) continue;
    const after = text.slice(found.end, found.end + 240);
    const on = /\b(?:measured\s+on|evaluated\s+on|computed\s+on|on|over|against|using)\s+(?:the\s+)?([^.;\n]{2,160})/i.exec(after);
    const across = /\b(?:across|between|for|among|per)\s+([^.;,\n]{2,80})/i.exec(metric);
    const baseline = /\b(?:than|vs\.?|versus|relative\s+to|compared\s+(?:to|with))\s+(?:the\s+)?([^.;,\n]{2,80})/i.exec(after);
    return {
      metric,
      comparator: found.comparator,
      threshold: found.threshold,
      ...(found.upper !== undefined ? { upper: found.upper } : {}),
      ...(found.unit ? { unit: found.unit } : {}),
      data: on ? parseDataReference(on[1]) : null,
      ...(across ? { slice: across[1].trim() } : {}),
      ...(baseline && /baseline|current|previous|champion|incumbent|rule|heuristic|existing/i.test(baseline[1]) ? { baseline: baseline[1].trim() } : {}),
    };
  }
  return null;
}

/** The metric phrase that ends right before a comparator: the last few words of the clause. */
function metricBefore(before: string): string | null {
  const clause = before.split(/[.;!?\n•]|:\s|\s[-–—]\s/).pop() ?? '';
  const words = clause.replace(/[*_`"“”]/g, ' ').trim().split(/\s+/).filter(Boolean);
  while (words.length > 0 && FILLER.has(words[words.length - 1].toLowerCase()) && !KEEP_TRAILING.has(words[words.length - 1].toLowerCase())) words.pop();
  while (words.length > 0 && FILLER.has(words[0].toLowerCase())) words.shift();
  const metric = words.slice(-MAX_METRIC_WORDS).join(' ').replace(/(?<![,:(])[,:(]+$/, '').trim();
  return metric.length > 0 ? metric : null;
}

// Quality claims that name no number: each alternative is a short literal phrase (linear to match).
const VAGUE = new RegExp(
  [
    String.raw`perform(?:s|ing)?\s+(?:well|better|strongly|adequately|reasonably|acceptably|good)`,
    String.raw`good\s+(?:performance|accuracy|results?|enough|quality|precision|recall)`,
    String.raw`high(?:ly)?\s+(?:accuracy|accurate|quality|precision|recall|performance|performing)`,
    String.raw`(?:be|is|are|sufficiently|very|reasonably|highly)\s+accurate`,
    String.raw`accurate\s+enough`,
    String.raw`acceptable\s+(?:performance|accuracy|quality|levels?|results?|latency|error)`,
    String.raw`reasonabl[ey]\s+(?:well|good|accurate|fast|performance)`,
    String.raw`state[-\s]of[-\s]the[-\s]art`,
    String.raw`satisfactor(?:y|ily)`,
    String.raw`industry[-\s]standard`,
    String.raw`best\s+possible`,
    String.raw`as\s+(?:good|accurate|fast|high)\s+as\s+possible`,
    String.raw`(?:low|minimal|fast)\s+(?:latency|response\s+times?)`,
    String.raw`latency\s+(?:must|should)\s+be\s+low`,
    String.raw`(?:be|is|are|sufficiently|very)\s+fast`,
    String.raw`(?:must|should)\s+(?:be|remain)\s+(?:robust|reliable|fair|good|better|stable)`,
    String.raw`no\s+significant\s+(?:bias|degradation|drop|regression)`,
    String.raw`better\s+than\s+(?:the\s+)?(?:baseline|current|existing|previous)`,
    String.raw`(?:improves?|improved|improvement)\s+(?:on|over)\s+(?:the\s+)?(?:baseline|current|existing)`,
  ].join('|'),
  'i',
);

/** The vague phrase in a sentence that states quality without any number, or null. */
export function findVaguePhrase(sentence: string): string | null {
  const text = sentence.slice(0, MAX_TEXT);
  if (/\d/.test(text)) return null;
  return VAGUE.exec(text)?.[0] ?? null;
}

/** Splits prose into sentences without breaking decimals ("0.70") or abbreviations followed by digits. */
export function splitSentences(text: string): string[] {
  return text
    .slice(0, 20_000)
    .split(/(?<=[.!?])\s+(?=[A-Z(*`"“])|\n+/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

const APPROVAL_WORD = /\b(?:approv(?:ed|al|es|ing)|signed[-\s]off|sign[-\s]off|accepted\s+by)\b/i;
const NAME_THEN_VERSION = /(?<![\w.\-/])([A-Za-z][\w.\-/]{1,80})[`"']?\s*(?:,\s*)?\b(?:version|ver\.?|v)\s*(?:[:=#]\s*)?[`"']?(\d[\w.\-]{0,30})/i;
const MODEL_NAME = /\bmodel\s*(?:name\s*)?(?:[:=]\s*)?[`"']?([A-Za-z][\w.\-/]{1,80})/i;
const VERSION_ONLY = /\b(?:version|ver\.?)\s*(?:[:=#]\s*)?[`"']?(\d[\w.\-]{0,30})|\bv(\d+(?:\.\d+){0,3})\b/i;
const APPROVER = /\b(?:approved|signed[-\s]off|accepted)\s+by\s*(?::\s*)?([^.;\n]{2,160})/i;
const ISO_DATE = /\b(20\d{2}-[01]\d-[0-3]\d)\b/;
const NOT_A_MODEL = new Set(['model', 'approved', 'version', 'is', 'was', 'the', 'by', 'for', 'and', 'on', 'a', 'an', 'this', 'that', 'which', 'name', 'models', 'criteria', 'approval']);

/** Reads an approval statement ("Approved model: kestrel-churn version 2, approved by … on 2025-06-16"). */
export function parseApproval(text: string): Omit<ApprovalDraft, 'line'> | null {
  const t = text.slice(0, MAX_TEXT);
  if (!APPROVAL_WORD.test(t)) return null;
  let model: string | null = null;
  let version: string | null = null;
  const pair = NAME_THEN_VERSION.exec(t);
  if (pair && !NOT_A_MODEL.has(pair[1].toLowerCase())) {
    model = pair[1];
    version = pair[2];
  }
  if (!model) {
    const named = MODEL_NAME.exec(t);
    if (named && !NOT_A_MODEL.has(named[1].toLowerCase())) model = named[1];
  }
  if (!version) {
    const only = VERSION_ONLY.exec(t);
    if (only) version = only[1] ?? only[2];
  }
  const by = APPROVER.exec(t);
  const approvedBy = by ? by[1].replace(/(?<!\s)\s+on\s+20\d{2}-.*$/, '').replace(/(?<!\s)\s+on$/, '').replace(/(?<![\s,:])[\s,:]+$/, '').trim() || null : null;
  const date = ISO_DATE.exec(t)?.[1] ?? null;
  if (!model && !version && !approvedBy) return null;
  return { model: model?.replace(/(?<![`"'.,])[`"'.,]+$/, '') ?? null, version: version?.replace(/(?<![`"'.,)])[`"'.,)]+$/, '') ?? null, approvedBy, date };
}
