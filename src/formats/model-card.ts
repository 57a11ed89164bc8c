// Model cards in their real variants: Hugging Face cards (README.md or a card file with YAML front matter
// holding ModelCardData keys and `model-index`, headings from huggingface_hub's modelcard_template.md),
// Mitchell et al. (2019) cards (Model Details, Intended Use, Factors, Metrics, Evaluation Data, Training
// Data, Quantitative Analyses, Ethical Considerations, Caveats and Recommendations), and free-form cards.
// Pure: text in, card out. The card says which parts a receiver needs are there, and what they hold.
import { EVALUATION, INTENDED_USE, LIMITATIONS, MODEL_CARD_TITLE, speaks, SYSTEM_DETAILS, TRAINING_DATA, type VocabularyFamily } from './vocabulary.js';
import { normaliseHeading, parseMarkdown, type MarkdownDocument, type MarkdownHeading, type MarkdownSection } from './markdown.js';
import type { FormatError } from './result.js';
import { startsWithTodo } from './placeholders.js';
import { lastSlash } from '../path-memo.js';

/** The parts of a card a receiving team needs. */
export const MODEL_CARD_PARTS = ['details', 'intended-use', 'out-of-scope', 'training-data', 'evaluation', 'limitations', 'recommendations', 'contact'] as const;
export type ModelCardPart = (typeof MODEL_CARD_PARTS)[number];

export type ModelCardFlavour = 'huggingface' | 'mitchell' | 'free-form';

export interface CardSection {
  part: ModelCardPart;
  heading: MarkdownHeading;
  endLine: number;
  /** Content (sub-sections included) with template markers, template sentences and empty labels removed. */
  filled: string;
  words: number;
  /** Filled words directly under the heading, before any sub-section. */
  bodyWords: number;
  /** List items and table rows in the filled content. */
  items: number;
  /** The section exists but holds only template text or nothing. */
  empty: boolean;
}

export interface ModelIndexMetric {
  type: string;
  name?: string;
  value: number | string | null;
}

export interface ModelIndexResult {
  model: string | null;
  task: string | null;
  dataset: string | null;
  split: string | null;
  metrics: ModelIndexMetric[];
}

/** ModelCardData keys (huggingface_hub `repocard_data.py`), as far as a receiver cares. */
export interface ModelCardMetadata {
  license: string | null;
  libraryName: string | null;
  pipelineTag: string | null;
  baseModel: string[];
  datasets: string[];
  metrics: string[];
  tags: string[];
  language: string[];
  modelIndex: ModelIndexResult[];
  /** Problems in the metadata (e.g. a model-index entry without a dataset), each a sentence. */
  problems: string[];
}

export interface TemplateMarker {
  line: number;
  text: string;
}

export interface ModelCard {
  flavour: ModelCardFlavour;
  title: MarkdownHeading | null;
  document: MarkdownDocument;
  metadata: ModelCardMetadata | null;
  metadataError: FormatError | null;
  /** Recognised sections, each mapped to the part it covers; a part may have several. */
  sections: CardSection[];
  /** `[More Information Needed]`, the default Recommendations text, `{{ jinja }}` slots. */
  markers: TemplateMarker[];
}

// Headings after normaliseHeading and with `[optional]` dropped. A heading may cover two parts
// (the Trainer-generated "Intended uses & limitations", "Training and evaluation data").
const PART_HEADINGS: ReadonlyArray<[ModelCardPart, RegExp]> = [
  ['details', /^(model details?|model description|model summary|model overview|overview|about( the model)?|model information|model|summary|model architecture( and objective)?|technical specifications)$/],
  ['intended-use', /^(intended uses?(( and)? limitations)?|uses|direct use|downstream use|primary intended uses?|primary intended users|use cases?|intended users|how (it|the model) is used|purpose)$/],
  ['out-of-scope', /^(out of scope uses?( cases)?|out of scope|misuse( and out of scope use)?|prohibited uses?|not intended for|unsupported uses?|limitations of use)$/],
  ['training-data', /^(training data(set|sets)?|training details|training and evaluation data|data|datasets?|training procedure|data sources?)$/],
  ['evaluation', /^(evaluation( results| data| metrics| protocol)?|results|metrics|performance( metrics)?|model performance|quantitative analys[ie]s|testing data factors metrics|testing data|training and evaluation data|evaluation and results|benchmarks?)$/],
  ['limitations', /^(bias risks and limitations|risks and limitations|limitations( and bias(es)?)?|bias and limitations|known limitations|ethical considerations|caveats( and recommendations)?|intended uses( and)? limitations|risks|biases|bias|known issues)$/],
  ['recommendations', /^(recommendations|caveats and recommendations)$/],
  ['contact', /^(model card authors?|model card contact|contacts?( information)?|authors?|maintainers?|owners?(hip)?|ownership and contact|point of contact|support|who to contact|model card authors and contact|responsible (team|party))$/],
];

const MITCHELL_HEADINGS = /^(factors|quantitative analyses|ethical considerations|caveats and recommendations|evaluation data|metrics)$/;

/** Keys only a model card's metadata carries (dataset cards use task_categories, configs, dataset_info). */
const MODEL_ONLY_KEYS = ['library_name', 'model-index', 'pipeline_tag', 'base_model', 'model_name'];
const SHARED_KEYS = ['datasets', 'metrics', 'license', 'tags', 'language'];
const DATASET_CARD_KEYS = ['task_categories', 'size_categories', 'dataset_info', 'configs', 'annotations_creators', 'source_datasets'];

export const MORE_INFORMATION_NEEDED = '[More Information Needed]';
const DEFAULT_RECOMMENDATION = /users \(both direct and downstream\) should be made aware of the risks, biases and limitations of the model\.?(\s*more information needed for further recommendations\.?)?/gi;
/** Boilerplate the HF template leaves in sections whatever the author fills in. */
const TEMPLATE_SENTENCES: readonly RegExp[] = [
  DEFAULT_RECOMMENDATION,
  /carbon emissions can be estimated using the machine learning impact calculator presented in lacoste et al\. \(2019\)\.?/gi,
  /use the code below to get started with the model\.?/gi,
  /click to expand/gi,
  /\{\{[^{}]{0,200}\}\}/g,
  /\[more information needed\]/gi,
  /\b(tbd|todo|tba|fixme|to be (added|completed|written))\b\.?/gi,
];

/** Card files by name (MODEL_CARD.md, model_card.md, MODELCARD.md, docs/model-card-v2.md); templates excluded. */
export function isModelCardFileName(path: string): boolean {
  const slash = lastSlash(path);
  // A match starts with m and ends with d or n (no `u` flag: no other character folds to these); most
  // paths are turned away before the slice.
  const last = path.charCodeAt(path.length - 1) | 32;
  if ((path.charCodeAt(slash + 1) | 32) !== 109 || (last !== 100 && last !== 110)) return false;
  const base = path.slice(slash + 1);
  return /^model[-_ ]?card([-_.][\w.-]*)?\.(md|markdown)$/i.test(base) && !/template/i.test(base);
}

export function isReadmeFileName(path: string): boolean {
  return /^readme\.(md|markdown)$/i.test(path.slice(path.lastIndexOf('/') + 1));
}

/** Front matter that says "model card": a model-only key, or shared keys without dataset-card keys. */
export function isModelCardMetadata(front: Record<string, unknown>): boolean {
  if (MODEL_ONLY_KEYS.some((key) => key in front)) return true;
  if (DATASET_CARD_KEYS.some((key) => key in front)) return false;
  return SHARED_KEYS.filter((key) => key in front).length >= 2 && ('datasets' in front || 'metrics' in front);
}

/**
 * Whether a README is a model card: HF front matter with model keys, or a title that says so. A card
 * file (MODEL_CARD.md) is a card by its name and needs no test.
 */
export function readmeIsModelCard(card: ModelCard): boolean {
  if (card.metadata && card.flavour === 'huggingface') return true;
  return card.title !== null && /\bmodel card\b/i.test(card.title.text);
}

export function parseModelCard(source: string): ModelCard {
  const document = parseMarkdown(source);
  const front = document.frontMatter;
  const metadataError = front && !front.ok ? front.error : null;
  const metadata = front?.ok && isModelCardMetadata(front.value) ? readMetadata(front.value) : null;
  const sections = recogniseSections(document);
  const markers = findMarkers(source);
  const headings = document.headings.map((heading) => headingKey(heading.text));
  const flavour: ModelCardFlavour =
    metadata || headings.includes('bias risks and limitations') || headings.includes('model card contact')
      ? 'huggingface'
      : headings.filter((heading) => MITCHELL_HEADINGS.test(heading)).length >= 2
        ? 'mitchell'
        : 'free-form';
  return { flavour, title: document.title, document, metadata, metadataError, sections, markers };
}

/**
 * The section to judge a part by: the fullest one (most filled words), where a heading that only frames
 * a more specific one of the same part ("Training Details" around "Training Data") gives way to it.
 */
export function sectionFor(card: ModelCard, part: ModelCardPart): CardSection | undefined {
  const candidates = card.sections.filter((section) => section.part === part);
  const framesAnother = (outer: CardSection) =>
    outer.bodyWords === 0 && candidates.some((inner) => inner !== outer && inner.heading.line > outer.heading.line && inner.heading.line <= outer.endLine);
  let best: CardSection | undefined;
  for (const section of candidates) {
    if (framesAnother(section)) continue;
    if (!best || section.words > best.words) best = section;
  }
  return best ?? candidates[0];
}

/** Every section covering a part, for facts that may sit in any of them (Mitchell spreads evaluation over three). */
export function sectionsFor(card: ModelCard, part: ModelCardPart): CardSection[] {
  return card.sections.filter((section) => section.part === part && !section.empty);
}

/**
 * A part spread over sibling sections judged as one: words and items summed over the outermost
 * sections of the part, under the heading of the fullest. Undefined when no section covers the part.
 */
export function mergedSectionFor(card: ModelCard, part: ModelCardPart): CardSection | undefined {
  const best = sectionFor(card, part);
  if (!best) return undefined;
  const all = card.sections.filter((section) => section.part === part);
  const outer = all.filter((section) => !all.some((other) => other !== section && section.heading.line > other.heading.line && section.heading.line <= other.endLine));
  const words = outer.reduce((sum, section) => sum + section.words, 0);
  const items = outer.reduce((sum, section) => sum + section.items, 0);
  return { ...best, filled: outer.map((section) => section.filled).join('\n'), words, items, empty: words === 0 };
}

/** Text with template markers and boilerplate removed, and list items that kept only their label dropped. */
export function stripTemplateText(text: string): string {
  // A line led by TODO is a prompt as a whole, not only its first word.
  let out = text
    .split('\n')
    .map((line) => (startsWithTodo(line) ? '' : line))
    .join('\n');
  for (const pattern of TEMPLATE_SENTENCES) out = out.replace(pattern, ' ');
  return out
    .split('\n')
    .filter((line) => !/^\s*(?:[-*+]\s*)?[^:\n]{1,60}:\s*$/.test(line) && !/^\s*[-*+]\s*$/.test(line))
    .join('\n')
    .trim();
}

export function countWords(text: string): number {
  let n = 0;
  for (const word of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(word)) n++;
  return n;
}

/** `## Model Sources [optional]` -> `model sources`; `## 3. Bias, Risks, and Limitations` -> `bias risks and limitations`. */
export function headingKey(text: string): string {
  return normaliseHeading(text.replace(/\[optional\]|\(optional\)/gi, ' '));
}

function recogniseSections(document: MarkdownDocument): CardSection[] {
  const found: CardSection[] = [];
  for (const section of document.sections) {
    const key = headingKey(section.heading.text);
    let matched = false;
    for (const [part, pattern] of PART_HEADINGS) {
      if (!pattern.test(key)) continue;
      matched = true;
      // A bare "Model"/"Summary" heading that is the document title is not a details section.
      if (part === 'details' && section.heading.depth === 1 && /^(model|summary)$/.test(key)) continue;
      found.push(measure(part, section, document));
    }
    // Headings no template uses ("Performance and Limitations", "How the system works"): by vocabulary,
    // for short headings below the title only (a sentence-long heading is prose, not a part).
    if (matched || section.heading.depth === 1 || key.split(' ').length > 6) continue;
    for (const [part, family] of PART_FAMILIES) if (family.pattern.test(key)) found.push(measure(part, section, document));
  }
  return found;
}

const PART_FAMILIES: ReadonlyArray<[ModelCardPart, VocabularyFamily]> = [
  ['details', SYSTEM_DETAILS],
  ['intended-use', INTENDED_USE],
  ['training-data', TRAINING_DATA],
  ['evaluation', EVALUATION],
  ['limitations', LIMITATIONS],
];

/**
 * Whether a document that is neither named a model card nor a README is one by what it holds: titled in
 * the card vocabulary ("System card"), or with filled sections on evaluation and limitations plus the
 * model's details or intended use, about a model or AI system.
 */
export function isModelCardByContent(card: ModelCard, path: string): { card: boolean; reason: string } {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.(md|markdown)$/i, '');
  const filled = new Set(card.sections.filter((section) => section.words >= 10).map((section) => section.part));
  const titled = speaks(MODEL_CARD_TITLE, card.title?.text ?? '') || speaks(MODEL_CARD_TITLE, base);
  if (titled && (filled.size >= 2 || card.metadata)) return { card: true, reason: `titled "${(card.title?.text ?? base).slice(0, 60)}"` };
  const covers = filled.has('evaluation') && filled.has('limitations') && (filled.has('details') || filled.has('intended-use'));
  if (covers && ABOUT_A_MODEL.test(card.document.text.slice(0, 200_000))) return { card: true, reason: `covers ${[...filled].join(', ')}` };
  return { card: false, reason: titled ? 'titled as a card but holds no filled parts' : `covers only ${[...filled].join(', ') || 'no card part'}` };
}

/** A card is about a model or an AI system, not a library or a web page. */
const ABOUT_A_MODEL = /\b(model|llm|language model|classifier|neural|machine learning|ai system|generative ai|prediction|inference)\b/i;

function measure(part: ModelCardPart, section: MarkdownSection, document: MarkdownDocument): CardSection {
  // Sub-section headings are structure, not content: a card of empty headings is an empty card.
  const subHeadings = new Set(document.headings.filter((heading) => heading.line > section.heading.line && heading.line <= section.endLine).map((heading) => heading.text));
  const own = section.content
    .split('\n')
    .filter((line) => !subHeadings.has(line.trim()))
    .join('\n');
  const filled = stripTemplateText(own);
  const tableRows = document.tables
    .filter((table) => table.line > section.heading.line && table.line <= section.endLine)
    .reduce((sum, table) => sum + table.rows.length, 0);
  const items = filled.split('\n').filter((line) => /^\s*[-*+]\s+\S/.test(line)).length + tableRows;
  const words = countWords(filled);
  const bodyWords = countWords(stripTemplateText(section.body));
  return { part, heading: section.heading, endLine: section.endLine, filled, words, bodyWords, items, empty: words === 0 };
}

function findMarkers(source: string): TemplateMarker[] {
  const markers: TemplateMarker[] = [];
  const lines = source.split('\n');
  for (let i = 0; i < lines.length && markers.length < 500; i++) {
    const line = lines[i];
    if (line.includes(MORE_INFORMATION_NEEDED)) markers.push({ line: i + 1, text: MORE_INFORMATION_NEEDED });
    else if (/users \(both direct and downstream\) should be made aware of the risks/i.test(line)) markers.push({ line: i + 1, text: 'default Recommendations text' });
    else if (/\{\{\s*[\w.]+[^{}]{0,200}\}\}/.test(line)) markers.push({ line: i + 1, text: 'unrendered template slot' });
  }
  return markers;
}

function readMetadata(front: Record<string, unknown>): ModelCardMetadata {
  const problems: string[] = [];
  const modelIndex: ModelIndexResult[] = [];
  const rawIndex = front['model-index'];
  if (rawIndex !== undefined) {
    if (!Array.isArray(rawIndex)) problems.push('model-index is not a list');
    else {
      for (const model of rawIndex.slice(0, 50)) {
        const modelName = record(model) ? text(model.name) : null;
        const results = record(model) ? model.results : undefined;
        if (!Array.isArray(results)) {
          problems.push(`model-index entry ${modelName ?? '(unnamed)'} has no results list`);
          continue;
        }
        for (const result of results.slice(0, 200)) modelIndex.push(readResult(modelName, result, problems));
      }
    }
  }
  return {
    license: text(front.license),
    libraryName: text(front.library_name),
    pipelineTag: text(front.pipeline_tag),
    baseModel: list(front.base_model),
    datasets: list(front.datasets),
    metrics: list(front.metrics),
    tags: list(front.tags),
    language: list(front.language),
    modelIndex,
    problems,
  };
}

function readResult(model: string | null, raw: unknown, problems: string[]): ModelIndexResult {
  const result = record(raw) ? raw : {};
  const task = record(result.task) ? text(result.task.type) : null;
  const dataset = record(result.dataset) ? (text(result.dataset.name) ?? text(result.dataset.type)) : null;
  const split = record(result.dataset) ? text(result.dataset.split) : null;
  const metrics: ModelIndexMetric[] = [];
  for (const metric of Array.isArray(result.metrics) ? result.metrics.slice(0, 200) : []) {
    if (!record(metric)) continue;
    const value = typeof metric.value === 'number' ? metric.value : text(metric.value);
    const entry: ModelIndexMetric = { type: text(metric.type) ?? '(no type)', value };
    const name = text(metric.name);
    if (name) entry.name = name;
    metrics.push(entry);
    if (!text(metric.type)) problems.push(`a model-index metric of ${model ?? 'the model'} has no type`);
    if (value === null) problems.push(`model-index metric ${entry.type} has no value`);
  }
  if (!task) problems.push(`a model-index result of ${model ?? 'the model'} has no task.type`);
  if (!dataset) problems.push(`a model-index result of ${model ?? 'the model'} names no dataset`);
  if (metrics.length === 0) problems.push(`a model-index result of ${model ?? 'the model'} has no metrics`);
  return { model, task, dataset, split, metrics };
}

function record(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(text).filter((item): item is string => item !== null).slice(0, 200);
  const single = text(value);
  return single ? [single] : [];
}
