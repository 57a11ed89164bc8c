// The data-handling statement: a dedicated document (DATA_HANDLING.md, PRIVACY.md, docs/data-protection.md, a
// DPIA) or privacy sections in the README, the model card or a datasheet. Which files are candidates is decided
// from the listing; what they cover is judged by topic-coverage on their sections.
import { readMarkdown } from '../snapshot/parsed-reads.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { coverAspects, type Aspect, type Coverage, type TopicDocument } from './topic-coverage.js';
import { shallowFirst } from '../path-memo.js';

export type HandlingAspectId = 'inventory' | 'minimisation' | 'residency' | 'retention' | 'access';

/** Whole documents about data protection. */
const DEDICATED = /(^|\/)(data[-_ ]?handling|data[-_ ]?protection|privacy(?:[-_ ]?(?:notice|policy|statement))?|gdpr|dpia|pii|personal[-_ ]?data)[^/]*\.(md|markdown)$/i;
/** Documents that often carry a privacy section: READMEs, model cards, datasheets and dataset cards, docs/. */
const GENERAL = /(^|\/)(readme|model[-_ ]?card|datasheet|dataset[-_ ]?card|data[-_ ]?card|security)\.(md|markdown)$|^docs?\/.+\.(md|markdown)$/i;
const IGNORED = /(^|\/)(node_modules|site-packages|\.venv|venv|vendor|third_party|mlruns|wandb)\//i;
export const PRIVACY_HEADING =
  /privacy|personal (?:and sensitive )?(?:data|information)|sensitive (?:data|information)|data protection|data handling|gdpr|\bpii\b|data (?:retention|residency|governance|security)|retention|anonymi|pseudonymi/i;
const MAX_DEDICATED = 20;
const MAX_GENERAL = 120;

export const HANDLING_ASPECTS: readonly (Aspect & { id: HandlingAspectId; label: string })[] = [
  {
    id: 'inventory',
    label: 'what personal data the system processes',
    heading: /personal data|what data|data (?:we )?(?:process|collect|use)|categories of data|data inventory|\bpii\b/i,
    says: (text) => /personal data|personally identifiable|\bPII\b|e-?mail|phone|names?\b|address|date of birth|identifier|customer data|special categor|no personal/i.test(text),
  },
  {
    id: 'minimisation',
    label: 'anonymisation or minimisation for training',
    heading: /minimi[sz]|anonymi[sz]|pseudonymi[sz]|de-?identif|redact/i,
    says: (text) => /anonymi[sz]|pseudonym|minimi[sz]|de-?identif|redact|mask(?:ed|ing)?\b|hash(?:ed)?\b|removed|dropped|aggregat|k-anonym|tokeni[sz]|not (?:exported|collected|included|stored)|\bno (?:names|contact details|direct identifiers|personal data) (?:or [\w ]{1,30})?(?:is|are) (?:exported|collected|kept|stored|used)/i.test(text),
  },
  {
    id: 'residency',
    label: 'where the data is stored and processed (residency)',
    heading: /residen|data location|storage location|where .{0,30}stored|cross-border|transfers?\b/i,
    says: (text) => /residen|\bregion\b|\b(?:eu|us|ap|ca|me|sa)-(?:west|east|central|north|south|northeast|southeast)-\d\b|stored in|hosted in|located in|processed in|data cent(?:er|re)|\bEEA\b|\bEU\b|european union|cross-border|on[- ]prem/i.test(text),
  },
  {
    id: 'retention',
    label: 'retention and deletion',
    heading: /retention|deletion|erasure/i,
    says: (text) => /retention|retain|delet|eras(?:e|ure)|purg|lifecycle rule|right to be forgotten|kept for|expire/i.test(text),
  },
  {
    id: 'access',
    label: 'access control',
    heading: /access control|access management|who can access|\baccess\b|permissions/i,
    says: (text) => /access|\bIAM\b|\brole\b|permission|least privilege|authori[sz]|\bRBAC\b|encrypt|\bSSO\b|\bMFA\b|audit log/i.test(text),
  },
];

export interface HandlingDocuments {
  /** Every document read, with its scope. */
  documents: TopicDocument[];
  /** Paths of dedicated documents and of documents with a privacy section. */
  dedicated: string[];
  withSection: Array<{ path: string; line: number; heading: string }>;
}

export async function readHandlingDocuments(snapshot: Snapshot): Promise<HandlingDocuments> {
  const dedicated: string[] = [];
  const general: string[] = [];
  // Both patterns end in .md/.markdown: the extension index narrows the listing first.
  for (const path of snapshot.glob(['**/*.md', '**/*.markdown'])) {
    if (IGNORED.test(path) || snapshot.isSymlink(path) || path.split('/').length > 5) continue;
    if (DEDICATED.test(path)) dedicated.push(path);
    else if (GENERAL.test(path)) general.push(path);
  }
  // Shallow files first: the root README and model card matter more than a nested doc.
  general.sort(shallowFirst);
  const result: HandlingDocuments = { documents: [], dedicated: [], withSection: [] };
  for (const path of dedicated.slice(0, MAX_DEDICATED)) {
    const document = await readMarkdown(snapshot, path);
    if (!document) continue;
    result.documents.push({ path, document, scope: 'whole' });
    result.dedicated.push(path);
  }
  for (const path of general.slice(0, MAX_GENERAL)) {
    const document = await readMarkdown(snapshot, path);
    if (!document) continue;
    const section = document.sections.find((candidate) => PRIVACY_HEADING.test(candidate.heading.text));
    if (!section) continue;
    result.documents.push({ path, document, scope: PRIVACY_HEADING });
    result.withSection.push({ path, line: section.heading.line, heading: section.heading.text });
  }
  return result;
}

export function judgeHandling(documents: readonly TopicDocument[]): Map<HandlingAspectId, Coverage | null> {
  return coverAspects(documents, HANDLING_ASPECTS) as Map<HandlingAspectId, Coverage | null>;
}
