// What an LLM delivery's documentation must cover, as topics with aspects: the models and providers with their
// settings, the retrieval pipeline, guardrails and prompt failure modes, and what third-party providers receive.
// A document is about a topic as a whole when its file name says so (docs/retrieval.md), otherwise only its
// sections with a topic heading count. Aspects are judged by topic-coverage.
import { PRIVACY_HEADING } from '../data-protection/handling-document.js';
import { statementsOf, type Aspect, type TopicDocument } from '../data-protection/topic-coverage.js';
import type { MarkdownDocument } from '../formats/markdown.js';
import { readMarkdown } from '../snapshot/parsed-reads.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { MAX_TOKENS, MODEL_NAME, PROVIDER_NAME, TEMPERATURE } from './vocabulary.js';
import { shallowFirst } from '../path-memo.js';

export interface Topic {
  id: 'models' | 'retrieval' | 'guardrails' | 'provider-data';
  /** A document whose path matches is about the topic as a whole. */
  file: RegExp;
  /** Otherwise, sections under a heading matching this count. */
  heading: RegExp;
  /**
   * A section under any heading that names the topic in its statements ("**Guardrails** - Filters off-topic
   * queries" under "Features") counts too: the README says the control exists, so "nothing documents it" is false.
   */
  mentions?: RegExp;
  aspects: ReadonlyArray<Aspect & { label: string }>;
}

const DOC = /\.(md|markdown)$/i;
/** A changelog records that a control was added; it does not document it. */
const NOT_DOCUMENTATION = /(^|\/)(changelog|changes|history|release[-_ ]?notes|news)\.(md|markdown)$/i;
const IGNORED = /(^|\/)(node_modules|site-packages|\.venv|venv|vendor|third_party|mlruns|wandb|dist|build)\//i;
const MAX_DOCUMENTS = 150;
/**
 * The documents are held together while the topics are judged, parsed (sections, tables, statements): a few
 * times their text in memory. Past this many characters the deeper ones are left unread and the report says so;
 * 31 one-megabyte ADR tables took the scan over 300 MB without it.
 */
const MAX_DOCUMENT_CHARS = 4 * 1024 * 1024;
const NUMBER = /\d/;

export const MODELS: Topic = {
  id: 'models',
  file: /(^|\/)(?=[^/]*(models?|providers?|llms?|model[-_]config(uration)?|inference))[^/]*\.(md|markdown)$/i,
  heading: /\bmodels?\b|\bproviders?\b|\bllms?\b|language models?|inference|generation (?:settings|parameters)|model (?:settings|configuration|parameters)|configuration|settings/i,
  aspects: [
    { id: 'model', label: 'the model names', says: (text) => MODEL_NAME.test(text), minWords: 2 },
    { id: 'provider', label: 'the provider serving each model', says: (text) => PROVIDER_NAME.test(text), minWords: 2 },
    { id: 'temperature', label: 'the temperature', says: (text) => TEMPERATURE.test(text) && NUMBER.test(text), minWords: 2 },
    { id: 'max-tokens', label: 'the maximum output tokens', says: (text) => MAX_TOKENS.test(text) && NUMBER.test(text), minWords: 2 },
  ],
};

export const RETRIEVAL: Topic = {
  id: 'retrieval',
  file: /(^|\/)(?=[^/]*(retriev|rag|ingest|indexing|knowledge[-_]?base|embeddings?|vector))[^/]*\.(md|markdown)$/i,
  // "Prepare data" in an LLM application is preparing the documents it retrieves from.
  heading: /retriev|\brag\b|knowledge base|\bindex(?:es|ing)?\b|ingest|embedding|vector|chunk|sources|corpus|\bprepar\w* (?:the |your )?data\b|\bdata prep/i,
  aspects: [
    {
      id: 'sources',
      label: 'the sources indexed',
      heading: /sources?|corpus|knowledge base|content/i,
      says: (text) => /\bsources?\b|corpus|knowledge base|documents? (?:from|in)|articles?|confluence|sharepoint|zendesk|notion|help ?cent(?:er|re)|wiki|pdfs?|faqs?/i.test(text),
    },
    { id: 'chunking', label: 'chunking', heading: /chunk|split/i, says: (text) => /chunk|splitt(?:er|ing)|overlap|passages?|token window/i.test(text) },
    {
      id: 'index',
      label: 'the index and embedding model',
      heading: /\bindex|embedding|vector/i,
      says: (text) => /vector (?:store|database|index|db)|\bindex(?:ed|es|ing)?\b|embedding|pgvector|faiss|chroma|pinecone|qdrant|weaviate|milvus|opensearch|elasticsearch|lancedb|\bhnsw\b/i.test(text),
    },
    {
      id: 'refresh',
      label: 'how and when the index is refreshed',
      heading: /refresh|re-?index|updat|freshness|schedul|sync/i,
      says: (text) => /refresh|re-?index|rebuil|re-?ingest|nightly|daily|weekly|hourly|schedul|\bcron\b|incremental|\bsync|stale|freshness/i.test(text),
    },
  ],
};

export const GUARDRAILS: Topic = {
  id: 'guardrails',
  file: /(^|\/)(?=[^/]*(guardrails?|safety|failure[-_]?modes?|risks?|limitations?|security|known[-_]issues|threat[-_]?model|red[-_]?team))[^/]*\.(md|markdown)$/i,
  heading: /guardrail|safety|failure|limitation|\brisks?\b|security|abuse|injection|hallucinat|known (?:issues|problems)|mitigation|responsible|misuse|threat/i,
  mentions: /\bguardrails?\b|\bcontent (?:filter(?:s|ing)?|safety)\b|\bmoderation (?:api|endpoint|model|check)/i,
  aspects: [
    { id: 'injection', label: 'prompt injection', heading: /injection|jailbreak/i, says: (text) => /prompt[- ]injection|jailbreak|indirect injection|malicious instructions|untrusted (?:input|content|text)/i.test(text) },
    {
      id: 'hallucination',
      label: 'hallucination and grounding',
      heading: /hallucinat|grounding|groundedness|factual/i,
      says: (text) => /hallucinat|grounded|groundedness|fabricat|made[- ]up|\bcit(?:e|es|ation)|faithful|unsupported (?:claims?|answers?)|confabulat/i.test(text),
    },
    {
      id: 'controls',
      label: 'the guardrails in place (moderation, refusals, output checks, human handoff)',
      heading: /guardrails?|controls|mitigations?|moderation/i,
      says: (text) => /guardrail|moderation|content (?:filter|safety)|refus|fallback|escalat|hand ?off|human (?:review|in the loop)|output (?:validation|checks?)|redact|allow ?list|block ?list|rate limit/i.test(text),
    },
  ],
};

const LOG_WORDS = /\b(?:prompts? (?:and|&|\/) (?:responses?|completions?)|requests? logs?|conversation logs?|chat logs?|transcripts?|logs?|logging|logged|traces?|tracing)\b/i;
const LOG_PLACE = /cloudwatch|langsmith|langfuse|helicone|phoenix|\bs3\b|bucket|database|postgres|\btable\b|elastic|opensearch|datadog|splunk|bigquery|\bloki\b|stored in|kept in|written to|log group|log store/i;
const DURATION = /(?<!\d)\d+\s*(?:days?|hours?|weeks?|months?|years?)\b|not (?:logged|stored|kept|retained|persisted)|never (?:logged|stored|retained)/i;
const DATA_MOVES = /\b(?:send|sends|sent|receiv|transmit|shar|leav|pass|forward|process|go(?:es)? to|data sent|data shared)/i;
const RETENTION = /retain|retention|stor(?:ed|es|age) for|delet|purg|zero[- ]data[- ]retention|\bZDR\b|not (?:stored|retained|persisted|kept)|kept for|(?<!\d)\d+\s*(?:days?|hours?|months?)\b/i;
const NO_TRAINING = /(?:\bnot|\bnever|\bno)\b[^.;]{0,60}\b(?:train|training|improve (?:its|their) models)|opt(?:ed)?[- ]out of (?:model )?training|zero[- ]data[- ]retention|\bZDR\b|\bno[- ]training\b/i;
const PROVIDER_WORDS = /provider|vendor|third[- ]party|\bapi\b|sub-?processor/i;

export const PROVIDER_DATA: Topic = {
  id: 'provider-data',
  file: /(^|\/)(?=[^/]*(data[-_ ]?handling|data[-_ ]?protection|privacy|gdpr|dpia|providers?|third[-_]?party|data[-_]?flows?|sub-?processors?))[^/]*\.(md|markdown)$/i,
  heading: new RegExp(`${PRIVACY_HEADING.source}|third[- ]party|\\bproviders?\\b|data flow|sub-?processors?|logging|\\blogs?\\b|observability|external (?:services|apis?)`, 'i'),
  aspects: [
    { id: 'recipients', label: 'which providers receive which data', says: (text) => (PROVIDER_NAME.test(text) || PROVIDER_WORDS.test(text)) && DATA_MOVES.test(text) },
    { id: 'provider-retention', label: 'how long providers retain the data', says: (text) => (PROVIDER_NAME.test(text) || PROVIDER_WORDS.test(text)) && RETENTION.test(text) },
    { id: 'no-training', label: 'whether providers may train on the data', says: (text) => NO_TRAINING.test(text) },
    {
      id: 'logs',
      label: 'where prompt and response logs are kept and for how long',
      heading: /\blog|trac(?:e|ing)|observab/i,
      sectionSays: (content) => LOG_PLACE.test(content) && DURATION.test(content),
      says: (text) => LOG_WORDS.test(text) && LOG_PLACE.test(text) && DURATION.test(text),
    },
  ],
};

export interface LlmDocument {
  path: string;
  document: MarkdownDocument;
  /** A notebook's Markdown cells: the cell holding each line of the document (line n is `cells[n - 1]`). */
  cells?: readonly number[];
}

/** Markdown a delivery documents itself with: root files, docs/, READMEs, prompt catalogues; shallow first, capped. */
export async function readLlmDocuments(snapshot: Snapshot): Promise<LlmDocument[]> {
  const paths = snapshot.files
    .filter((path) => DOC.test(path) && !IGNORED.test(path) && !NOT_DOCUMENTATION.test(path) && !snapshot.isSymlink(path))
    .filter((path) => {
      const depth = path.split('/').length;
      return depth === 1 || /^docs?\//i.test(path) || /(^|\/)readme\.(md|markdown)$/i.test(path) || /(^|\/)prompts?\//i.test(path);
    })
    .sort(shallowFirst)
    .slice(0, MAX_DOCUMENTS);
  const docs: LlmDocument[] = [];
  let chars = 0;
  for (const [index, path] of paths.entries()) {
    if (chars >= MAX_DOCUMENT_CHARS) {
      snapshot.addError({ message: `LLM documentation: ${paths.length - index} of ${paths.length} documents not read for the LLM topics (models, retrieval, guardrails, provider data): the first ${index} already hold ${Math.round(chars / 1024)} K characters, the bound` });
      break;
    }
    const document = await readMarkdown(snapshot, path);
    if (!document) continue;
    docs.push({ path, document });
    chars += document.text.length;
  }
  return docs;
}

/** Innermost headings of the sections whose statements name the topic (bounded). */
function mentioningHeadings(path: string, document: MarkdownDocument, mentions: RegExp): string[] {
  const headings = new Set<string>();
  for (const statement of statementsOf(path, document)) {
    const innermost = statement.headings[statement.headings.length - 1];
    if (innermost && mentions.test(statement.text)) headings.add(innermost);
    if (headings.size >= 10) break;
  }
  return [...headings];
}


/** The documents that speak to a topic, each with its scope; documents about the topic as a whole first (they are its primary evidence). */
export function topicDocuments(docs: readonly LlmDocument[], topic: Topic): TopicDocument[] {
  const whole = docs.filter((doc) => topic.file.test(doc.path));
  const rest = docs.filter((doc) => !topic.file.test(doc.path));
  return sectionsAbout([...whole, ...rest], topic);
}

function sectionsAbout(docs: readonly LlmDocument[], topic: Topic): TopicDocument[] {
  const out: TopicDocument[] = [];
  for (const { path, document } of docs) {
    if (topic.file.test(path)) out.push({ path, document, scope: 'whole' });
    else {
      const mentioned = topic.mentions ? mentioningHeadings(path, document, topic.mentions) : [];
      if (mentioned.length === 0 && !document.sections.some((section) => topic.heading.test(section.heading.text))) continue;
      const named = new Set(mentioned);
      const scope = mentioned.length ? { test: (heading: string) => topic.heading.test(heading) || named.has(heading) } : topic.heading;
      out.push({ path, document, scope });
    }
  }
  return out;
}
