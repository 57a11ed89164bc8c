// Prompts and model settings a delivery keeps in configuration rather than code or documents: .NET
// appsettings*.json (JSON with comments), YAML/JSON under config/ or named for settings, and .env examples. A
// string is a prompt when it is long, worded like a sentence and sits under a prompt-named key or section
// (`Prompts.SystemIntent`, `llm_prompts.answer.system_prompt`); a model is a model-named key holding a model name;
// settings are temperature and maximum-output-token keys with a number. Bounded: capped files, sizes and depth.
import { parseJson } from '../formats/json.js';
import { parseYaml } from '../formats/yaml.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { templateVariables } from './prompt-files.js';
import { MODEL_NAME } from './vocabulary.js';
import { shallowFirst } from '../path-memo.js';

export interface ConfigPrompt {
  path: string;
  /** Dotted key of the prompt (`Prompts.SystemIntent`). */
  key: string;
  length: number;
  variables: string[];
  /** The comment written above the prompt's key or its section (`// ChatPlugin prompts are used to …`). */
  comment: string;
}

export interface ConfigModels {
  path: string;
  model: string | null;
  provider: boolean;
  temperature: boolean;
  maxTokens: boolean;
}

export interface ConfigFiles {
  prompts: ConfigPrompt[];
  /** Configuration files that name a model or generation settings. */
  models: ConfigModels[];
}

/** appsettings.json and its environment variants. */
const APPSETTINGS = /^appsettings(?:\.[\w-]+)?\.json$/i;
/** YAML/JSON named for settings, configuration or prompts (`llm_config.yaml`, `prompts.yml`); tested on the file name. */
const CONFIG_NAME = /^(?=[^/]*(?:settings|config|prompts?))[^/]*\.(?:ya?ml|json)$/i;
const ENV_EXAMPLE = /^(?:\.env\.(?:example|sample|template|dist)|example\.env|sample\.env)$/i;
/** YAML/JSON up to three folders below a config folder. */
const CONFIG_FOLDER = /(?:^|\/)(?:config|configs|configuration|settings|conf)\/(?:[^/]+\/){0,3}[^/]+\.(?:ya?ml|json)$/i;
const NOT_CONFIG = /(^|\/)(node_modules|\.git|vendor|dist|build|obj|bin|target|site-packages|\.venv|venv|tests?|spec|fixtures|\.github|\.vscode|\.devcontainer)\/|(^|\/)(package(-lock)?|tsconfig[^/]*|jsconfig|composer(\.lock)?|launchSettings|\.eslintrc[^/]*|renovate|\.prettierrc[^/]*|global)\.json$|(^|\/)(docker-compose|compose|mkdocs|\.pre-commit-config|codecov|dependabot)[^/]*\.ya?ml$/i;
/** Code modules that hold configuration (`src/agent/config.py`, `lib/bedrock_models.rb`, `PromptsOptions.cs`): read for models and settings only. */
const CONFIG_MODULE = /^(?:config|configuration|settings|constants|llm|llms|models?[-_](?:config|registry)|[a-z]*[-_]models|llm[-_]?(?:config|settings)|model[-_]?(?:config|settings)|[A-Za-z]*(?:Options|Settings|Config))\.(?:py|rb|ts|js|cs|go|java|kt)$/;
const MAX_MODULES = 20;
const MODULE_TEMPERATURE = /temperature["']?[ \t]{0,8}(?::|=|=>)?[ \t]{0,8}(?:\{[ \t]{0,4}get;[ \t]{0,4}(?:set;[ \t]{0,4})?\}[ \t]{0,4}=[ \t]{0,4})?\d/i;
const MODULE_MAX_TOKENS = /max[_-]?(?:output[_-]?|new[_-]?|completion[_-]?)?tokens["']?[ \t]{0,8}(?::|=|=>)[ \t]{0,8}\d|ResponseTokenLimit/i;
const MODULE_PROVIDER = /\b(?:provider|service)\w{0,30}["']?[ \t]{0,8}(?::|=|=>)[ \t]{0,8}["'](?:openai|anthropic|bedrock|google|vertex|azure|mistral|cohere|ollama)/i;
const MAX_FILES = 40;
const MAX_BYTES = 256 * 1024;
const NOT_OWN_MODULE = /(^|\/)(node_modules|site-packages|\.venv|venv|vendor|third_party|dist|build|obj|bin|target|migrations|tests?|spec|__tests__)\//i;
const MAX_PROMPTS = 100;

const PROMPT_KEY = /prompt|system|instruction|template|persona|preamble|guideline|intent|cognitive|continuation|rephras|guardrail/i;
const MODEL_KEY = /model|deployment|engine/i;
const TEMPERATURE_KEY = /temperature/i;
const MAX_TOKENS_KEY = /max[_-]?(?:output[_-]?|new[_-]?|completion[_-]?|response[_-]?)?tokens|response[_-]?token[_-]?limit|max[_-]?tokens[_-]?to[_-]?sample|num[_-]?predict/i;
const PROVIDER_KEY = /provider|type|service|backend|api/i;
const PROVIDER_VALUE = /openai|anthropic|bedrock|vertex|gemini|mistral|cohere|ollama|azure/i;
const WORD_GAP = /[A-Za-z,.;:?!)'"]\s+[A-Za-z(]/g;
/** Speaks to the model ("You are …", "Your task …") or opens with an instruction ("Rewrite the last message …"); a canned reply to a user ("Sorry, I …") does neither. */
const ADDRESSES_MODEL = /\byou are\b|\byou're\b|\byour (?:task|job|role|goal)\b|\byou (?:must|should|will|need to)\b/i;
const INSTRUCTION_OPENING =
  /^\s*(?:[A-Z][A-Z ]{0,20}:\s*)?(?:rewrite|extract|summari[sz]e|answer|generate|classify|given|using|either|below is|this is a (?:chat|conversation)|do not|don't|respond|return|write|translate|analy[sz]e|identify|determine|list)\b/i;

export async function readConfigFiles(snapshot: Snapshot): Promise<ConfigFiles> {
  const paths = snapshot.files
    .filter((path) => isConfig(path) && !NOT_CONFIG.test(path) && !snapshot.isSymlink(path))
    .sort(shallowFirst)
    .slice(0, MAX_FILES);
  const result: ConfigFiles = { prompts: [], models: [] };
  for (const path of paths) {
    const size = await snapshot.sizeOf(path);
    if (size !== undefined && size > MAX_BYTES) continue;
    const read = await snapshot.readText(path, { maxBytes: MAX_BYTES });
    if (!read.ok) continue;
    const value = parseConfig(path, read.text);
    if (value === undefined) continue;
    const models: ConfigModels = { path, model: null, provider: false, temperature: false, maxTokens: false };
    walk(value, [], 0, (keys, leaf) => {
      const key = keys[keys.length - 1] ?? '';
      if (typeof leaf === 'string') {
        if (isPrompt(keys, leaf) && result.prompts.length < MAX_PROMPTS) {
          const comment = commentAbove(read.text, keys[keys.length - 1]) || (keys.length > 1 ? commentAbove(read.text, keys[keys.length - 2]) : '');
          result.prompts.push({ path, key: keys.join('.'), length: leaf.length, variables: templateVariables(leaf.slice(0, 64 * 1024)), comment });
        }
        if (!models.model && MODEL_KEY.test(key) && leaf.length < 120) {
          const match = MODEL_NAME.exec(leaf);
          if (match) models.model = match[0];
        }
        if (PROVIDER_KEY.test(key) && leaf.length < 80 && PROVIDER_VALUE.test(leaf)) models.provider = true;
      }
      const numeric = typeof leaf === 'number' || (typeof leaf === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(leaf));
      if (numeric && TEMPERATURE_KEY.test(key)) models.temperature = true;
      if (numeric && MAX_TOKENS_KEY.test(key)) models.maxTokens = true;
    });
    if (models.model || models.temperature || models.maxTokens) result.models.push(models);
  }
  result.models.push(...(await readConfigModules(snapshot)));
  return result;
}

/** Models and settings written down in configuration code: a model name, a provider key, a temperature or token limit with its value. */
async function readConfigModules(snapshot: Snapshot): Promise<ConfigModels[]> {
  const paths = snapshot.files
    .filter((path) => CONFIG_MODULE.test(path.slice(path.lastIndexOf('/') + 1)) && !NOT_CONFIG.test(path) && !NOT_OWN_MODULE.test(path) && !snapshot.isSymlink(path))
    .sort(shallowFirst)
    .slice(0, MAX_MODULES);
  const out: ConfigModels[] = [];
  for (const path of paths) {
    const size = await snapshot.sizeOf(path);
    if (size !== undefined && size > MAX_BYTES) continue;
    const read = await snapshot.readText(path, { maxBytes: MAX_BYTES });
    if (!read.ok) continue;
    const model = MODEL_NAME.exec(read.text)?.[0] ?? null;
    const entry = { path, model, provider: MODULE_PROVIDER.test(read.text), temperature: MODULE_TEMPERATURE.test(read.text), maxTokens: MODULE_MAX_TOKENS.test(read.text) };
    if (entry.model || entry.temperature || entry.maxTokens) out.push(entry);
  }
  return out;
}

/** The `//` or `#` comment lines right above the first line that opens `key` (bounded: 20 lines). */
function commentAbove(text: string, key: string): string {
  const quoted = text.indexOf(`"${key}"`);
  const at = quoted !== -1 ? quoted : yamlKeyLine(text, key);
  if (at === -1) return '';
  const lines = text.slice(Math.max(0, at - 4000), at).split('\n');
  lines.pop();
  const comment: string[] = [];
  for (let i = lines.length - 1; i >= 0 && comment.length < 20; i--) {
    const match = /^\s*(?:\/\/+|#)\s?(.*)$/.exec(lines[i]);
    if (!match) break;
    comment.unshift(match[1]);
  }
  return comment.join(' ').trim();
}

/** Where a YAML line opens with `key:` (indentation allowed), or -1; the first 50 occurrences are tried. */
function yamlKeyLine(text: string, key: string): number {
  let from = 0;
  for (let tries = 0; tries < 50; tries++) {
    const at = text.indexOf(`${key}:`, from);
    if (at === -1) return -1;
    let i = at - 1;
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t') && at - i < 200) i--;
    if (i < 0 || text[i] === '\n') return at;
    from = at + 1;
  }
  return -1;
}

function isConfig(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return APPSETTINGS.test(name) || CONFIG_NAME.test(name) || ENV_EXAMPLE.test(name) || CONFIG_FOLDER.test(path);
}

/** A long, worded string under a prompt-named key or section, or one that tells a model what to do. */
function isPrompt(keys: readonly string[], value: string): boolean {
  if (value.length < 80 || /<\/?(?:html|div|span|p|body)\b/i.test(value.slice(0, 2000))) return false;
  const head = value.slice(0, 4096);
  let gaps = 0;
  WORD_GAP.lastIndex = 0;
  while (WORD_GAP.exec(head) !== null && ++gaps < 6);
  WORD_GAP.lastIndex = 0;
  if (gaps < 6) return false;
  const named = keys.slice(-3).some((key) => PROMPT_KEY.test(key));
  return named && (ADDRESSES_MODEL.test(head) || INSTRUCTION_OPENING.test(head));
}

function walk(value: unknown, keys: string[], depth: number, visit: (keys: string[], leaf: unknown) => void): void {
  if (depth > 12) return;
  if (Array.isArray(value)) value.slice(0, 500).forEach((item) => walk(item, keys, depth + 1, visit));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value).slice(0, 1000)) walk(item, [...keys, key], depth + 1, visit);
  else visit(keys, value);
}

function parseConfig(path: string, text: string): unknown {
  if (/\.ya?ml$/i.test(path)) {
    const parsed = parseYaml(text);
    return parsed.ok ? parsed.value : undefined;
  }
  if (/\.json$/i.test(path)) {
    const parsed = parseJson(stripJsonComments(text));
    return parsed.ok ? parsed.value : undefined;
  }
  // KEY=VALUE lines of an .env example.
  const out: Record<string, string> = {};
  for (const line of text.split('\n').slice(0, 2000)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][\w.]*)\s*=\s*["']?([^"'#\n]*)/.exec(line);
    if (match) out[match[1]] = match[2].trim();
  }
  return out;
}

/** appsettings.json is JSON with `//` and `/* *\/` comments and trailing commas: removed outside strings, in two linear passes. */
export function stripJsonComments(text: string): string {
  const withoutComments = outsideStrings(text, (source, i) => {
    if (source[i] !== '/') return i;
    if (source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      return end === -1 ? source.length : end;
    }
    if (source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      return end === -1 ? source.length : end + 2;
    }
    return i;
  });
  return outsideStrings(withoutComments, (source, i) => {
    if (source[i] !== ',') return i;
    let j = i + 1;
    while (j < source.length && /\s/.test(source[j])) j++;
    return source[j] === '}' || source[j] === ']' ? i + 1 : i;
  });
}

/** Copies `text` without the spans `skip` claims outside strings (it returns where the span ends, or `i` for none). */
function outsideStrings(text: string, skip: (source: string, i: number) => number): string {
  let out = '';
  let from = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (text[i] === '"') {
      i++;
      while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    const end = skip(text, i);
    if (end > i) {
      out += text.slice(from, i);
      i = end;
      from = end;
      continue;
    }
    i++;
  }
  return out + text.slice(from);
}
