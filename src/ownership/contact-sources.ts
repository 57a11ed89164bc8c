// Where a repository says who to call: whole files (MAINTAINERS, OWNERS, CONTACTS.md, SUPPORT.md) and
// sections of READMEs, runbooks, model cards and handover guides headed Contacts, Owners, Support or
// Escalation. Pure: paths and parsed documents in, contact blocks out.
import { normaliseHeading, type MarkdownDocument } from '../formats/markdown.js';
import { scanContacts, type ContactScan } from '../formats/contacts.js';

/** Files that are, as a whole, a list of owners or contacts (case-insensitive, at the root or in docs/ or .github/). */
export const CONTACT_FILES: readonly string[] = [
  '{,docs/,.github/}{MAINTAINERS,OWNERS,CONTACTS,CONTACT,SUPPORT,TEAM,CODE_OWNERS}{,.md,.markdown,.txt,.rst}',
];

/** Documents that often hold a contacts section (model cards, handover guides; READMEs and runbooks are added by the check). */
export const CONTACT_SECTION_FILES: readonly string[] = [
  '**/{MODEL_CARD,model_card,MODELCARD,model-card}.md',
  '{,docs/}{HANDOVER,HANDOFF,ONBOARDING,OPERATIONS,ONCALL,ON_CALL,SUPPORT}.md',
  '{docs,doc}/**/*{onboarding,handover,handoff,contact,owner,escalation,support,team}*.md',
];

export const CONTACT_HEADING =
  /\b(contacts?|owners?|ownership|maintainers?|maintained by|support|escalation|escalat\w*|who to (call|ask|contact)|on ?call|point of contact|points of contact|responsibilit\w*|raci|people|model card contact|getting help|help|team)\b/;

/** Words that name a contact section only as (nearly) the whole heading: "Team", "Getting help", not "Why X helps". */
const SHORT_ONLY = /^(help|team|people)$/;
/**
 * "Support" as a way to get help: first word, or the whole heading after getting/customer/technical/production/
 * vendor or "and" ("Customer support", "Help and support"). "Intelligent Customer Support" and "Customer Support
 * Intelligence" name what a product does.
 */
const SUPPORT_CONTACT = /^support\b|^(getting|get|customer|technical|user|production|vendor|ongoing|product) support$|\band support$/;

/**
 * A heading that introduces contacts: a short label ("Contacts", "Support", "Roles and responsibilities"), not
 * a question or a sentence that happens to contain the word ("What roles and responsibilities interact with
 * an ADR?", "Why fitness functions help decisions").
 */
export function isContactHeading(heading: string): boolean {
  if (/\?\s*$/.test(heading)) return false;
  const name = normaliseHeading(heading);
  const words = name.split(' ').filter(Boolean);
  if (words.length === 0 || words.length > 6 || /^(why|what|how|when|where|which)\b/.test(name)) return false;
  const match = CONTACT_HEADING.exec(name);
  if (!match) return false;
  // "Docker support", "GPU support": what the software supports, not whom to ask.
  if (match[1] === 'support' && !SUPPORT_CONTACT.test(name)) return false;
  return !SHORT_ONLY.test(match[1]) || words.length <= 3;
}

export interface ContactBlock {
  path: string;
  /** Heading of the section, or null when the whole file is the block. */
  heading: string | null;
  line: number;
  scan: ContactScan;
}

/** Contact sections of a parsed Markdown document, scanned on the raw lines so line numbers are exact. */
export function contactSections(path: string, document: MarkdownDocument, source: string): ContactBlock[] {
  const lines = source.split('\n');
  const blocks: ContactBlock[] = [];
  const taken: Array<{ start: number; end: number }> = [];
  for (const section of document.sections) {
    if (!isContactHeading(section.heading.text)) continue;
    const line = section.heading.line;
    if (taken.some((range) => range.start < line && line <= range.end)) continue; // inside a section already taken
    taken.push({ start: line, end: section.endLine });
    const text = lines.slice(line, section.endLine).join('\n');
    blocks.push({ path, heading: section.heading.text, line, scan: scanContacts(text, line + 1) });
  }
  return blocks;
}

/** A whole file as one contact block. */
export function contactFile(path: string, source: string): ContactBlock {
  return { path, heading: null, line: 1, scan: scanContacts(source, 1) };
}

/**
 * Kubernetes-style OWNERS (YAML `approvers` / `reviewers` lists of GitHub logins): the logins as handles.
 * Returns null when the value is not shaped like an OWNERS file.
 */
export function ownersFileHandles(value: Record<string, unknown>): string[] | null {
  const lists = ['approvers', 'reviewers', 'emeritus_approvers'].map((key) => value[key]).filter(Array.isArray) as unknown[][];
  if (lists.length === 0) return null;
  const handles = new Set<string>();
  for (const list of lists) for (const item of list) if (typeof item === 'string' && /^[A-Za-z0-9][\w.-]{0,99}$/.test(item)) handles.add(`@${item}`);
  return [...handles];
}
