// Prompt templates kept as files (prompts/ folders, Prompty, Dotprompt, GitHub `.prompt.yml`, LangChain prompt
// YAML, Jinja/Mustache/text templates) and what documents each one: its own metadata (front matter or YAML keys:
// description, inputs, model) or a catalogue (a README in the prompt folder, docs/*prompt*.md) that names it in
// a table row or heading. Found from the listing; only templates and catalogues are read.
import { parseJson } from '../formats/json.js';
import { parseMarkdown, type MarkdownDocument } from '../formats/markdown.js';
import { parseYaml } from '../formats/yaml.js';
import { readMarkdown } from '../snapshot/parsed-reads.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { MODEL_NAME } from './vocabulary.js';
import { shallowFirst } from '../path-memo.js';

export interface PromptTemplate {
  path: string;
  format: 'prompty' | 'dotprompt' | 'prompt-yaml' | 'jinja' | 'mustache' | 'markdown' | 'text' | 'json' | 'module' | 'config';
  /** Variables the template fills in (`{{ question }}`, `{context}`). */
  variables: string[];
  /** Where each part of its documentation was found, or null. */
  purpose: string | null;
  inputs: string | null;
  model: string | null;
  /** Inputs the template uses that no documentation names. */
  undocumentedInputs: string[];
  /** Generation settings its metadata names (temperature, max tokens). */
  settings: string[];
  /** A model named by the template's metadata, for the providers criterion. */
  modelName: string | null;
  /** Prompts the file holds (a prompt module or a configuration file can hold several). */
  prompts: number;
}

export interface PromptFiles {
  templates: PromptTemplate[];
  /** Catalogue documents read (prompt folder READMEs, docs about prompts). */
  catalogues: string[];
  /** Templates beyond the cap, not judged. */
  beyondCap: number;
  /** The catalogues parsed, for judging prompt modules and configuration prompts against them. */
  catalogueDocuments: ReadonlyArray<{ path: string; document: MarkdownDocument }>;
  /** Templates recognised by how they open rather than by name or place (see withPromptsByOpening). */
  byOpening: number;
}

const PROMPT_FOLDER = /^(?=((?:[^]*\/)?(?:[\w.-]*[-_])?(?:prompts?|prompt[-_]templates?|prompt[-_]library|promptlib)\/))\1(?:[^/]+\/)*[^/]+\.(?:txt|md|markdown|jinja2?|j2|ya?ml|json|prompty|prompt|mustache|hbs|tmpl|tpl|xml|erb|liquid)$/i;
/** Semantic Kernel keeps each prompt function as `skprompt.txt` with its settings in the sibling `config.json`. */
const SK_PROMPT = /(^|\/)skprompt\.txt$/i;
/** Text that may be a prompt kept under any name, judged by how it opens. */
const TEXT_CANDIDATE = /\.(txt|md|markdown|jinja2?|j2|tmpl|mustache|hbs|liquid)$/i;
const NOT_PROMPT_TEXT =
  /(^|\/)(docs?|tests?|spec|fixtures|examples?|\.github|\.cursor|\.claude|\.windsurf|\.vscode|licenses?|changelog\.d)\/|(^|\/)(readme|contributing|code_of_conduct|security|support|changelog|changes|history|license|licence|notice|authors|agents|claude|gemini|copilot-instructions|requirements[^/]*|constraints[^/]*|robots|codeowners)\.[^/]+$/i;
/** A prompt opens by addressing the model: "You are …", "Your task is …", "Act as …". */
const PROMPT_OPENING = /^\uFEFF?\s*(?:#{1,6}[^\n]{0,120}\n\s*)?(?:you are|you're|your (?:task|job|role|goal) is|act as|as an? (?:ai|assistant|expert)\b)/i;
const MAX_TEXT_CANDIDATES = 100;
const MAX_TEXT_BYTES = 64 * 1024;
const PROMPT_EXTENSION = /\.(prompty|prompt)$|\.prompt\.(ya?ml|md|txt|json)$|(^|\/)[^/]*prompts?\.(ya?ml|json)$|(^|\/)skprompt\.txt$/i;
const NOT_A_TEMPLATE = /(^|\/)(readme|index|changelog|catalog(ue)?|license)\.(md|markdown|txt)$/i;
const CATALOGUE = /^(?=((?:[^]*\/)?(?:prompts?|prompt[-_]templates?)\/))\1(?:[^/]+\/)*(?:readme|index|catalog(?:ue)?)\.(?:md|markdown)$|^(?=((?:[^]*\/)?docs?\/))\2(?:[^/]+\/)*(?=[^/]*prompt)[^/]*\.(?:md|markdown)$|^PROMPTS\.md$/i;
const IGNORED = /(^|\/)(node_modules|site-packages|\.venv|venv|dist|build|mlruns|wandb|\.git)\//;
/** Decision records and runbooks about prompts (an ADR choosing promptfoo, a runbook for changing a prompt) are not catalogues of them. */
const NOT_A_CATALOGUE = /(^|\/)(adrs?|decisions?|decision[-_]records?|architecture[-_]decisions?|runbooks?|playbooks?|rfcs?)\/|(^|\/)\d{3,4}[-_][^/]*$/i;
const MAX_TEMPLATES = 200;
const MAX_TEMPLATE_BYTES = 256 * 1024;
const MAX_VARIABLES = 40;

export async function readPromptFiles(snapshot: Snapshot): Promise<PromptFiles> {
  const paths = snapshot.files.filter((path) => !IGNORED.test(path) && !snapshot.isSymlink(path) && (PROMPT_FOLDER.test(path) || PROMPT_EXTENSION.test(path)) && !NOT_A_TEMPLATE.test(path) && !CATALOGUE.test(path));
  const cataloguePaths = snapshot.files.filter((path) => !IGNORED.test(path) && CATALOGUE.test(path) && !NOT_A_CATALOGUE.test(path)).slice(0, 20);
  const catalogues: Array<{ path: string; document: MarkdownDocument }> = [];
  for (const path of cataloguePaths) {
    const document = await readMarkdown(snapshot, path);
    if (document) catalogues.push({ path, document });
  }
  const templates: PromptTemplate[] = [];
  for (const path of paths.slice(0, MAX_TEMPLATES)) {
    const read = await snapshot.readText(path, { maxBytes: MAX_TEMPLATE_BYTES });
    if (!read.ok) continue;
    templates.push(judgeTemplate(path, read.text, catalogues, SK_PROMPT.test(path) ? await siblingConfig(snapshot, path) : null));
  }
  return { templates, catalogues: catalogues.map((catalogue) => catalogue.path), beyondCap: Math.max(0, paths.length - MAX_TEMPLATES), catalogueDocuments: catalogues, byOpening: 0 };
}

/**
 * The prompt files found by how they open, added to those found by name and place. Read only once the delivery is
 * known to be an LLM application: it opens up to 100 small text files.
 */
export async function withPromptsByOpening(snapshot: Snapshot, files: PromptFiles): Promise<PromptFiles> {
  const known = new Set(files.templates.map((template) => template.path));
  const templates = [...files.templates];
  let byOpening = 0;
  for (const path of await promptsByOpening(snapshot, known, files.catalogues)) {
    const read = await snapshot.readText(path, { maxBytes: MAX_TEXT_BYTES });
    if (!read.ok || templates.length >= MAX_TEMPLATES) continue;
    templates.push(judgeTemplate(path, read.text, files.catalogueDocuments));
    byOpening++;
  }
  return { ...files, templates, byOpening };
}

/** Text files outside the prompt folders that open by addressing a model (`instructions.md`: "You are an expert …"). */
async function promptsByOpening(snapshot: Snapshot, known: ReadonlySet<string>, catalogues: readonly string[]): Promise<string[]> {
  const candidates = snapshot.files
    .filter((path) => TEXT_CANDIDATE.test(path) && !known.has(path) && !catalogues.includes(path) && !IGNORED.test(path) && !NOT_PROMPT_TEXT.test(path) && !snapshot.isSymlink(path))
    .sort(shallowFirst)
    .slice(0, MAX_TEXT_CANDIDATES);
  const found: string[] = [];
  for (const path of candidates) {
    const size = await snapshot.sizeOf(path);
    if (size !== undefined && size > MAX_TEXT_BYTES) continue;
    const read = await snapshot.readText(path, { maxBytes: MAX_TEXT_BYTES });
    if (!read.ok) continue;
    const body = read.text.replace(/^\uFEFF?---[\s\S]{0,4000}?\n---[ \t]*\r?\n/, '');
    if (PROMPT_OPENING.test(body.slice(0, 400)) && /\b(?:answer|respond|question|user|context|instructions?|task)\b/i.test(body.slice(0, 4000))) found.push(path);
  }
  return found;
}

/** The `config.json` next to a Semantic Kernel `skprompt.txt`, parsed, or null. */
async function siblingConfig(snapshot: Snapshot, path: string): Promise<Record<string, unknown> | null> {
  const config = `${path.slice(0, path.lastIndexOf('/') + 1)}config.json`;
  if (!snapshot.files.includes(config)) return null;
  const read = await snapshot.readText(config, { maxBytes: MAX_TEMPLATE_BYTES });
  if (!read.ok) return null;
  const parsed = parseJson(read.text);
  return parsed.ok && isRecord(parsed.value) ? parsed.value : null;
}

/**
 * A code file that exists to hold prompts (`prompts/answer.py`, `PromptBuilder.cs`, `guardrails_prompts.py`): the
 * prompts are kept apart from the code that calls the model, which is what a template file gives. Its leading
 * comment documents it like a template's metadata; a catalogue entry naming it counts as for a template.
 */
export function judgePromptModule(path: string, text: string, variables: readonly string[], prompts: number, catalogues: ReadonlyArray<{ path: string; document: MarkdownDocument }>): PromptTemplate {
  const header = leadingComment(text);
  const catalogue = catalogueEntry(path, catalogues);
  const purpose = words(header) >= 4 ? `${path} header comment` : catalogue && catalogue.purposeWords >= 5 ? `${catalogue.path}:${catalogue.line}` : null;
  const named = new Set([...identifiers(header), ...identifiers(catalogue?.text ?? '')]);
  const undocumentedInputs = variables.filter((variable) => !named.has(variable.toLowerCase()));
  const inputs = (header || catalogue) && undocumentedInputs.length === 0 ? (catalogue ? `${catalogue.path}:${catalogue.line}` : `${path} header comment`) : null;
  const headerModel = firstModel(header);
  const modelName = headerModel ?? firstModel(catalogue?.text ?? '');
  const model = headerModel ? `${path} header comment` : modelName ? `${catalogue!.path}:${catalogue!.line}` : null;
  return { path, format: 'module', variables: [...variables], purpose, inputs, model, undocumentedInputs, settings: [], modelName, prompts };
}

/** The comment a code file opens with (`#`, `//`, `///`, a block comment or a Python docstring), markers removed; bounded. */
function leadingComment(text: string): string {
  const head = text.slice(0, 4000);
  const block = /^\s*(?:[rR]?"{3}([\s\S]{0,3000}?)"{3}|\/\*+([\s\S]{0,3000}?)\*\/)/.exec(head);
  if (block) return (block[1] ?? block[2] ?? '').replace(/^[ \t]*\*+/gm, '').trim();
  const lines: string[] = [];
  for (const line of head.split('\n')) {
    const comment = /^\s*(?:#(?!!)|\/\/\/?)\s?(.*)$/.exec(line);
    if (comment) lines.push(comment[1].replace(/<\/?summary>/g, ''));
    // Imports and blank lines before the comment are passed over; the first other line ends it (a class doc comment counts).
    else if (lines.length || !(line.trim() === '' || /^\s*(?:namespace|package|using|import|from|require|#!)\b/.test(line))) {
      if (lines.length) break;
    }
  }
  return lines.join(' ').trim();
}


interface SelfDocumentation {
  description: string | null;
  inputs: string[];
  model: string | null;
  settings: string[];
  body: string;
}

export function judgeTemplate(path: string, text: string, catalogues: ReadonlyArray<{ path: string; document: MarkdownDocument }>, sidecar: Record<string, unknown> | null = null): PromptTemplate {
  const format = formatOf(path);
  const self = sidecar ? sidecarDocumentation(sidecar, text) : selfDocumentation(format, text);
  const variables = templateVariables(self.body);
  const catalogue = catalogueEntry(path, catalogues);

  const purpose = self.description && words(self.description) >= 4 ? `${path} metadata` : catalogue && catalogue.purposeWords >= 5 ? `${catalogue.path}:${catalogue.line}` : null;
  const named = new Set([...self.inputs.map((input) => input.toLowerCase()), ...identifiers(catalogue?.text ?? '')]);
  const undocumentedInputs = variables.filter((variable) => !named.has(variable.toLowerCase()));
  const documented = self.inputs.length > 0 || catalogue !== null;
  const inputs = documented && undocumentedInputs.length === 0 ? (self.inputs.length ? `${path} metadata` : `${catalogue!.path}:${catalogue!.line}`) : null;
  const modelName = self.model ?? firstModel(catalogue?.text ?? '');
  const model = self.model ? `${path} metadata` : modelName ? `${catalogue!.path}:${catalogue!.line}` : null;
  return { path, format, variables, purpose, inputs, model, undocumentedInputs: documented ? undocumentedInputs : variables, settings: self.settings, modelName, prompts: 1 };
}

/** Semantic Kernel `config.json`: description, input_variables (or the older input.parameters), execution_settings (or completion). */
function sidecarDocumentation(config: Record<string, unknown>, body: string): SelfDocumentation {
  const named = (list: unknown) => (Array.isArray(list) ? list.map((item) => (isRecord(item) && typeof item.name === 'string' ? item.name : null)).filter((name): name is string => name !== null) : []);
  const inputs = [...named(config.input_variables), ...named(record(config.input).parameters)];
  const settingsRecords = [record(config.completion), ...Object.values(record(config.execution_settings)).map(record)];
  const settings = [...new Set(settingsRecords.flatMap((entry) => Object.keys(entry)).filter((key) => /temperature|max[_-]?tokens|top[_-]?p/i.test(key)))];
  const model = settingsRecords.map((entry) => firstString(entry.model_id, entry.model, entry.ai_model_id)).find(Boolean) ?? null;
  return { description: firstString(config.description), inputs, model, settings, body };
}


function formatOf(path: string): PromptTemplate['format'] {
  const lower = path.toLowerCase();
  if (lower.endsWith('.prompty')) return 'prompty';
  if (lower.endsWith('.prompt')) return 'dotprompt';
  if (/\.ya?ml$/.test(lower)) return 'prompt-yaml';
  if (/\.(jinja2?|j2)$/.test(lower)) return 'jinja';
  if (/\.(mustache|hbs)$/.test(lower)) return 'mustache';
  if (/\.(md|markdown)$/.test(lower)) return 'markdown';
  if (lower.endsWith('.json')) return 'json';
  return 'text';
}

/**
 * What the template says about itself. Prompty and Dotprompt put `description`, `inputs`/`input` and `model`
 * (with `parameters`/`config`) in front matter; GitHub `.prompt.yml` has `description`, `model`,
 * `modelParameters`, `messages`; LangChain prompt YAML has `input_variables` and `template`. Jinja templates can
 * open with a `{# … #}` comment.
 */
function selfDocumentation(format: PromptTemplate['format'], text: string): SelfDocumentation {
  const none: SelfDocumentation = { description: null, inputs: [], model: null, settings: [], body: text };
  let meta: Record<string, unknown> | null = null;
  let body = text;
  if (format === 'prompt-yaml' || format === 'json') {
    const parsed = format === 'json' ? parseJson(text) : parseYaml(text);
    if (parsed.ok && isRecord(parsed.value)) {
      meta = parsed.value;
      body = collectStrings(parsed.value).join('\n');
    }
  } else {
    const document = parseMarkdown(text.length > MAX_TEMPLATE_BYTES ? text.slice(0, MAX_TEMPLATE_BYTES) : text);
    if (document.frontMatter?.ok) {
      meta = document.frontMatter.value;
      body = text.replace(/^\uFEFF?---[\s\S]*?\n(?:---|\.\.\.)[ \t]*\r?\n/, '');
    }
  }
  if (!meta) {
    const comment = /^\s*\{#([\s\S]{0,4000}?)#\}/.exec(text);
    if (format === 'jinja' && comment) return { ...none, description: comment[1].trim(), model: firstModel(comment[1]), inputs: identifiers(comment[1]) };
    return none;
  }
  const description = firstString(meta.description, meta.purpose, meta.summary);
  const inputs = [...Object.keys(record(meta.inputs)), ...Object.keys(record(record(meta.input).schema)), ...stringsOf(meta.input_variables), ...stringsOf(meta.variables), ...Object.keys(record(meta.variables))];
  const modelValue = meta.model ?? meta.modelName ?? meta.model_name;
  const modelRecord = record(modelValue);
  const configuration = record(modelRecord.configuration);
  const model =
    typeof modelValue === 'string'
      ? modelValue
      : firstString(modelRecord.name, modelRecord.id, configuration.model, configuration.azure_deployment, configuration.name, configuration.model_id) ?? (Object.keys(modelRecord).length ? 'model section' : null);
  const parameters = { ...record(modelRecord.parameters), ...record(meta.config), ...record(meta.modelParameters), ...record(meta.parameters) };
  const settings = Object.keys(parameters).filter((key) => /temperature|max[_-]?(?:output[_-]?|new[_-]?|completion[_-]?)?tokens|top[_-]?p|maxOutputTokens/i.test(key));
  return { description, inputs, model, settings, body };
}

/** `{{ question }}`, `{{question | upper}}`, `{{#items}}`, `{context}`, `${name}`; loop and filter names left out. */
export function templateVariables(body: string): string[] {
  const found = new Set<string>();
  // Semantic Kernel writes `{{$input}}`.
  for (const match of body.matchAll(/\{\{[#^/]?\s*\$?([A-Za-z_][\w]*)/g)) found.add(match[1]);
  for (const match of body.matchAll(/(?<![{$])\{([A-Za-z_]\w*)\}(?!\})/g)) found.add(match[1]);
  for (const match of body.matchAll(/\$\{([A-Za-z_]\w*)\}/g)) found.add(match[1]);
  // `{% for row in rows %}` uses `rows` and binds `row`; `{% if flag %}` uses `flag`.
  for (const match of body.matchAll(/\{%-?\s*for\s+[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)?\s+in\s+([A-Za-z_]\w*)/g)) found.add(match[1]);
  for (const match of body.matchAll(/\{%-?\s*(?:el)?if\s+(?:not\s+)?([A-Za-z_]\w*)/g)) found.add(match[1]);
  for (const match of body.matchAll(/\{%-?\s*for\s+([A-Za-z_]\w*)(?:\s*,\s*([A-Za-z_]\w*))?/g)) {
    found.delete(match[1]);
    if (match[2]) found.delete(match[2]);
  }
  for (const keyword of ['if', 'else', 'endif', 'for', 'endfor', 'loop', 'true', 'false', 'none', 'raw', 'endraw']) found.delete(keyword);
  return [...found].slice(0, MAX_VARIABLES);
}

interface CatalogueEntry {
  path: string;
  line: number;
  text: string;
  purposeWords: number;
}

/** A table row or a section in a catalogue that names the template (its file name, or its stem when distinctive). */
function catalogueEntry(path: string, catalogues: ReadonlyArray<{ path: string; document: MarkdownDocument }>): CatalogueEntry | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const stem = base.replace(/\.[^.]+$/, '').replace(/\.prompt$/, '');
  const names = [base.toLowerCase(), ...(stem.length >= 4 ? [stem.toLowerCase()] : [])];
  const mentions = (text: string) => {
    const lower = text.toLowerCase();
    return names.some((name) => new RegExp(`(^|[^\\w.-])${escape(name)}($|[^\\w-])`).test(lower));
  };
  for (const { path: cataloguePath, document } of catalogues) {
    for (const table of document.tables) {
      for (let i = 0; i < table.rows.length; i++) {
        const row = table.rows[i];
        if (!row.some(mentions)) continue;
        const text = row.map((cell, c) => (table.header[c] ? `${table.header[c]}: ${cell}` : cell)).join('\n');
        const purposeColumn = table.header.findIndex((header) => /purpose|description|what|use|task/i.test(header));
        const purposeWords = purposeColumn >= 0 ? words(row[purposeColumn] ?? '') : Math.max(...row.filter((cell) => !mentions(cell)).map(words), 0);
        return { path: cataloguePath, line: table.rowLines[i] ?? table.line, text, purposeWords };
      }
    }
    for (const section of document.sections) {
      if (!mentions(section.heading.text)) continue;
      return { path: cataloguePath, line: section.heading.line, text: section.content, purposeWords: words(section.content) };
    }
  }
  return null;
}

function firstModel(text: string): string | null {
  const match = MODEL_NAME.exec(text);
  MODEL_NAME.lastIndex = 0;
  return match ? match[0] : null;
}

function identifiers(text: string): string[] {
  return [...text.matchAll(/[A-Za-z_][\w]*/g)].map((match) => match[0].toLowerCase());
}

function collectStrings(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 8 || out.length > 500) return out;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, out, depth + 1);
  else if (isRecord(value)) for (const item of Object.values(value)) collectStrings(item, out, depth + 1);
  return out;
}

function firstString(...values: unknown[]): string | null {
  for (const value of values) if (typeof value === 'string' && value.trim()) return value.trim();
  return null;
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
