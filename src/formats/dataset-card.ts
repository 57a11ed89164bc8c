// Dataset documentation: Hugging Face dataset cards (README.md YAML front matter + template sections,
// huggingface_hub DatasetCardData / datasetcard_template.md) and Datasheets for Datasets (Gebru et al.:
// Motivation, Composition, Collection Process, Preprocessing/Cleaning/Labeling, Uses, Distribution,
// Maintenance). Pure: Markdown text in, what the document covers out.
import { normaliseHeading, parseMarkdown, type MarkdownDocument } from './markdown.js';
import type { FormatError } from './result.js';

export type DataTopic =
  | 'provenance'
  | 'licence'
  | 'preprocessing'
  | 'personal-data'
  | 'motivation'
  | 'composition'
  | 'uses'
  | 'maintenance'
  | 'limitations';

export interface TopicSection {
  topic: DataTopic;
  heading: string;
  line: number;
  /** Words of real content under the heading (sub-sections included, template placeholders excluded). */
  words: number;
}

export interface HubDataFile {
  config: string;
  split: string | null;
  path: string;
}

export interface HubCardData {
  /** Front-matter keys present (a dataset card has at least one dataset-only key). */
  keys: string[];
  license: string[];
  licenseName: string | null;
  sourceDatasets: string[];
  prettyName: string | null;
  dataFiles: HubDataFile[];
  splits: Array<{ name: string; numExamples: number | null; numBytes: number | null }>;
}

export interface DatasetDocument {
  title: string | null;
  /** Hugging Face card metadata, when the front matter has dataset keys. */
  hub: HubCardData | null;
  frontMatterError: FormatError | null;
  topics: TopicSection[];
  /** How many of the seven datasheet sections are present with content. */
  datasheetSections: number;
  /** `[More Information Needed]` left from the Hugging Face template. */
  placeholders: number;
}

/** Front-matter keys only a dataset card has (a model card shares license/tags/language). */
const DATASET_KEYS = [
  'configs',
  'dataset_info',
  'task_categories',
  'task_ids',
  'size_categories',
  'source_datasets',
  'annotations_creators',
  'language_creators',
  'multilinguality',
  'pretty_name',
  'paperswithcode_id',
  'train-eval-index',
  'train_eval_index',
];

const PLACEHOLDER = /\[More Information Needed\]/gi;

const TOPIC_HEADINGS: Array<[DataTopic, RegExp]> = [
  ['provenance', /\b(provenance|source data|data sources?|sources?|origin|origins|collection process|data collection|collection|lineage|initial data collection)\b/],
  ['licence', /\b(licen[cs]e|licen[cs]ing|terms of use|usage rights|copyright)\b/],
  ['preprocessing', /\b(pre ?processing|cleaning|labell?ing|annotations?|data processing|processing|transformations?|data preparation|preparation|curation)\b/],
  ['personal-data', /\b(personal|sensitive|privacy|pii|gdpr|anonymi[sz]ation|pseudonymi[sz]ation|data protection)\b/],
  ['motivation', /\b(motivation|curation rationale|purpose)\b/],
  ['composition', /\b(composition|dataset structure|data fields|data instances|data splits|schema)\b/],
  ['uses', /\b(uses|intended use|direct use|out of scope use)\b/],
  ['maintenance', /\b(maintenance|maintainers?|updates|versioning|contact)\b/],
  ['limitations', /\b(limitations|bias|biases|risks)\b/],
];

/** Gebru et al.'s seven datasheet sections. */
const DATASHEET_SECTIONS = [/^motivation/, /^composition/, /^collection/, /^(pre ?processing|cleaning|labell?ing)/, /^uses?\b/, /^distribution/, /^maintenance/];

/**
 * `generalDocument`: a project README rather than a data document; only headings that mention data
 * (`Data sources`, `Dataset licence`) count there, so the code licence is not taken for the data's.
 */
export function parseDatasetDocument(text: string, options: { generalDocument?: boolean } = {}): DatasetDocument {
  const document = parseMarkdown(text);
  const placeholders = (text.match(PLACEHOLDER) ?? []).length;
  const front = document.frontMatter?.ok ? document.frontMatter.value : null;
  const frontMatterError = document.frontMatter && !document.frontMatter.ok ? document.frontMatter.error : null;
  const hub = front && DATASET_KEYS.some((key) => key in front) ? readHubData(front) : null;
  return {
    title: document.title?.text ?? null,
    hub,
    frontMatterError,
    topics: topicsOf(document, options.generalDocument === true),
    datasheetSections: datasheetSectionCount(document),
    placeholders,
  };
}

function topicsOf(document: MarkdownDocument, general: boolean): TopicSection[] {
  const topics: TopicSection[] = [];
  for (const section of document.sections) {
    const heading = normaliseHeading(section.heading.text);
    if (general && !/\bdata(sets?)?\b/.test(heading)) continue;
    const words = wordCount(section.content.replace(PLACEHOLDER, ''));
    for (const [topic, pattern] of TOPIC_HEADINGS) {
      if (pattern.test(heading)) topics.push({ topic, heading: section.heading.text, line: section.heading.line, words });
    }
    // Gebru's "Distribution" and an "Ownership" section answer the licence question when they talk about it.
    if (/\b(distribution|ownership|legal)\b/.test(heading) && /licen[cs]|owned|ownership|copyright|terms/i.test(section.content)) {
      topics.push({ topic: 'licence', heading: section.heading.text, line: section.heading.line, words });
    }
  }
  return topics;
}

function datasheetSectionCount(document: MarkdownDocument): number {
  let count = 0;
  for (const pattern of DATASHEET_SECTIONS) {
    const section = document.sections.find((candidate) => pattern.test(normaliseHeading(candidate.heading.text)));
    if (section && wordCount(section.content.replace(PLACEHOLDER, '')) >= 5) count++;
  }
  return count;
}

function readHubData(front: Record<string, unknown>): HubCardData {
  const dataFiles: HubDataFile[] = [];
  for (const raw of Array.isArray(front.configs) ? front.configs : []) {
    if (!isRecord(raw)) continue;
    const config = typeof raw.config_name === 'string' ? raw.config_name : 'default';
    dataFiles.push(...dataFilesOf(raw.data_files, config));
  }
  const infos = Array.isArray(front.dataset_info) ? front.dataset_info : isRecord(front.dataset_info) ? [front.dataset_info] : [];
  const splits: HubCardData['splits'] = [];
  for (const info of infos) {
    if (!isRecord(info) || !Array.isArray(info.splits)) continue;
    for (const split of info.splits) {
      if (isRecord(split) && typeof split.name === 'string') {
        splits.push({ name: split.name, numExamples: numberOrNull(split.num_examples), numBytes: numberOrNull(split.num_bytes) });
      }
    }
  }
  return {
    keys: Object.keys(front),
    license: strings(front.license),
    licenseName: typeof front.license_name === 'string' ? front.license_name : null,
    sourceDatasets: strings(front.source_datasets),
    prettyName: typeof front.pretty_name === 'string' ? front.pretty_name : null,
    dataFiles,
    splits,
  };
}

/** `data_files` is a path, a list of paths, `{split: path}` or `[{split, path}]` (path may be a list). */
function dataFilesOf(raw: unknown, config: string): HubDataFile[] {
  const out: HubDataFile[] = [];
  const add = (split: string | null, path: unknown) => {
    for (const item of Array.isArray(path) ? path : [path]) if (typeof item === 'string' && item) out.push({ config, split, path: item });
  };
  if (typeof raw === 'string') add(null, raw);
  else if (Array.isArray(raw)) {
    for (const item of raw) {
      if (typeof item === 'string') add(null, item);
      else if (isRecord(item)) add(typeof item.split === 'string' ? item.split : null, item.path);
    }
  } else if (isRecord(raw)) {
    for (const [split, path] of Object.entries(raw)) add(split, path);
  }
  return out;
}

function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
