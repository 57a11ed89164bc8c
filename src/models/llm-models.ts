// The models an LLM application uses, as its code and configuration name them: hosted models (whose weights are
// the provider's, never the vendor's to deliver), open models it runs itself through a local inference package
// (Ollama, vLLM, llama.cpp; their reference must be pinned to be the same model tomorrow), and fine-tuned models
// kept by a hosted fine-tuning service (`ft:gpt-4o-mini-…`, Bedrock custom models, Vertex/Gemini tuned models).
import { readDeclaredDependencies } from '../llm/dependencies.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { isHubId } from './folders.js';
import { THIRD_PARTY } from './paths.js';
import { versionedModelsIn } from './system-card.js';

const SOURCE_FILES = ['**/*.{py,ipynb,ts,js,mjs,rb,cs,go,java,yaml,yml,json,toml,cfg,ini,sh,env.example,md}', '**/Modelfile', '**/Dockerfile', '**/docker-compose*.yml', '**/.env.example'];
const MAX_FILES = 1500;
const MAX_FILE_BYTES = 256 * 1024;
const MAX_FOUND = 50;
/** Tests name models to exercise code; they say nothing about what the delivery calls. */
const TEST_PATH = /(^|\/)(tests?|spec|__tests__|testing|fixtures)\/|[._-](spec|test)\.[a-z]+$|(^|\/)test_[^/]*$/i;
/** Lock files list package names, never models. */
const LOCK_FILE = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|yarn\.lock|composer\.lock|packages\.lock\.json|[^/]*\.lock)$/;

/** How firmly an open model reference fixes the weights: a commit or digest, a tag or version, or a bare name. */
export type Pin = 'digest' | 'tag' | 'name';

export interface OpenModelReference {
  /** As written: `meta-llama/Llama-3.1-8B-Instruct`, `llama3.1:8b-instruct-q4_K_M`, `./models/x.gguf`. */
  model: string;
  pin: Pin;
  /** The revision, tag or digest that pins it, when one does. */
  revision: string | null;
  path: string;
  line: number;
}

export interface HostedFineTune {
  id: string;
  service: string;
  /** The base model the id names (OpenAI and Azure ids carry it), when it does. */
  base: string | null;
  path: string;
  line: number;
}

export interface LlmModelUse {
  /** `Anthropic (anthropic)`: providers whose SDK or gateway the delivery declares. */
  providers: string[];
  /** Local inference packages declared (Ollama, vLLM, llama.cpp…). */
  localInference: Array<{ name: string; manifest: string; line: number }>;
  /** Hosted model ids the code and configuration name (up to eight). */
  hostedModels: Array<{ name: string; path: string; line: number }>;
  openModels: OpenModelReference[];
  fineTunes: HostedFineTune[];
}

const OLLAMA_COMMAND = /\bollama[ \t]+(?:pull|run|create[ \t]+\S+[ \t]+-f)[ \t]+([a-z0-9][\w./-]{0,80}(?::[\w.-]{1,60})?(?:@sha256:[0-9a-f]{64})?)/gi;
const OLLAMA_CALL = /\b(?:ollama\.(?:chat|generate|pull|embeddings?)|(?:Chat)?Ollama(?:LLM|Embeddings)?)\([^)]{0,200}?\bmodel[ \t]*=[ \t]*["']([a-z0-9][\w./-]{0,80}(?::[\w.-]{1,60})?)["']/gi;
/** `"TextModel": "phi3:medium-128k"` in configuration: an Ollama-style name:tag under a model key. */
const OLLAMA_CONFIG = /["']?\w{0,30}model\w{0,30}["']?[ \t]*[:=][ \t]*["']([a-z0-9][\w./-]{0,80}:[\w.-]{1,60})["']/gi;
/** Hosted ids that also carry a colon: Bedrock `anthropic.claude-3-haiku-20240307-v1:0`, `amazon.titan-embed-text-v2:0`. */
const HOSTED_WITH_COLON = /^(anthropic|amazon|cohere|meta|mistral|ai21|stability|us|eu|apac)\.|-v\d+:\d+$/i;
const MODELFILE_FROM = /^FROM[ \t]+(\S{1,200})/gim;
const VLLM = /\bvllm[ \t]+serve[ \t]+([\w.-]+\/[\w.-]+)|\bLLM\([ \t]*model[ \t]*=[ \t]*["']([\w.-]+\/[\w.-]+)["']|--model[= \t]+["']?([\w.-]+\/[\w.-]+)/g;
const LLAMA_CPP = /\bLlama(?:\.from_pretrained)?\([^)]{0,200}?\b(?:model_path|repo_id)[ \t]*=[ \t]*["']([^"'\n]{1,200})["']/g;
const HUB_ID_CALL = /\b(?:from_pretrained|hf_hub_download|snapshot_download|pipeline|SentenceTransformer)[ \t]*\([^)]{0,200}?["']([A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95})["']/g;
/** A revision given next to the reference (`revision="…"`, `--revision …`, `revision: …`). */
const REVISION = /\b-{0,2}revision(?:[ \t]{0,8}[=:][ \t]{0,8}|[ \t]{1,8})["']?([\w.-]{1,64})/;
const COMMIT = /^[0-9a-f]{40}$/;

const FINE_TUNE_IDS: ReadonlyArray<{ service: string; pattern: RegExp; base: (match: RegExpMatchArray) => string | null }> = [
  { service: 'OpenAI fine-tuning', pattern: /\bft:([\w.-]{2,80}):[\w-]{0,80}:[\w-]{0,80}:[A-Za-z0-9]{4,40}\b/g, base: (match) => match[1] },
  { service: 'Azure OpenAI fine-tuning', pattern: /\b([a-z][\w.-]{2,60})\.ft-[0-9a-f]{32}\b/g, base: (match) => match[1] },
  { service: 'Amazon Bedrock custom model', pattern: /\barn:aws:bedrock:[\w-]{1,30}:\d{12}:custom-model\/[\w.:/-]{1,200}/g, base: () => null },
  { service: 'Vertex AI / Gemini tuned model', pattern: /\btunedModels\/[\w-]{1,100}|\bprojects\/[\w-]{1,64}\/locations\/[\w-]{1,40}\/(?:models|endpoints)\/\d{6,24}\b/g, base: () => null },
];

export async function collectLlmModelUse(snapshot: Snapshot): Promise<LlmModelUse> {
  const dependencies = await readDeclaredDependencies(snapshot);
  const providers = [...new Set(dependencies.llm.filter((dep) => (dep.role === 'provider-sdk' || dep.role === 'gateway') && dep.provider).map((dep) => `${dep.provider} (${dep.name})`))];
  const localInference = dependencies.llm.filter((dep) => dep.role === 'local-inference').map((dep) => ({ name: dep.name, manifest: dep.manifest, line: dep.line }));
  const use: LlmModelUse = { providers, localInference, hostedModels: [], openModels: [], fineTunes: [] };
  const files = snapshot.glob(SOURCE_FILES).filter((path) => !THIRD_PARTY.test(path) && !snapshot.isSymlink(path) && !/(^|\/)(mlruns|node_modules|dist|build)\//.test(path) && !LOCK_FILE.test(path)).slice(0, MAX_FILES);
  for (const path of files) {
    if (snapshot.deadline.expired()) break;
    const read = await snapshot.readText(path, { maxBytes: MAX_FILE_BYTES });
    if (!read.ok) continue;
    const text = read.text;
    const lines = lineIndex(text);
    if (!/\.md$/i.test(path) && !TEST_PATH.test(path)) hostedIn(text, path, lines, use);
    if (localInference.length > 0) openModelsIn(text, path, lines, use);
    // An Ollama client in the application's code (LangChain's `Ollama(model="mistral")`) runs open weights on an
    // Ollama server even when no `ollama` package is declared; a judge model in a test is not the application's.
    else if (!/\.md$/i.test(path) && !TEST_PATH.test(path)) ollamaClientsIn(text, path, lines, use);
    fineTunesIn(text, path, lines, use);
  }
  return use;
}

function hostedIn(text: string, path: string, lines: LineIndex, use: LlmModelUse): void {
  if (use.hostedModels.length >= 8) return;
  for (const name of versionedModelsIn(text)) {
    if (use.hostedModels.some((seen) => seen.name === name) || use.hostedModels.length >= 8) continue;
    use.hostedModels.push({ name, path, line: lines.at(text.indexOf(name)) });
  }
}

function openModelsIn(text: string, path: string, lines: LineIndex, use: LlmModelUse): void {
  const add = (model: string, index: number, explicit: Pin | null = null) => {
    if (use.openModels.length >= MAX_FOUND || use.openModels.some((seen) => seen.model === model && seen.path === path)) return;
    const revision = REVISION.exec(text.slice(index, index + 300))?.[1] ?? null;
    const pin: Pin = explicit ?? (revision ? (COMMIT.test(revision) ? 'digest' : 'tag') : 'name');
    use.openModels.push({ model, pin, revision, path, line: lines.at(index) });
  };
  for (const pattern of [OLLAMA_COMMAND, OLLAMA_CALL]) for (const match of text.matchAll(pattern)) add(match[1], match.index, ollamaPin(match[1]));
  if (/\.(json|ya?ml|toml|env\.example)$|\.env\.example$/i.test(path)) {
    for (const match of text.matchAll(OLLAMA_CONFIG)) if (!HOSTED_WITH_COLON.test(match[1]) && !/^https?:/i.test(match[1])) add(match[1], match.index, ollamaPin(match[1]));
  }
  if (/(^|\/)Modelfile$/.test(path)) for (const match of text.matchAll(MODELFILE_FROM)) add(match[1], match.index, /\.gguf$/i.test(match[1]) ? 'digest' : ollamaPin(match[1]));
  for (const pattern of [VLLM, HUB_ID_CALL]) {
    for (const match of text.matchAll(pattern)) {
      const id = match.slice(1).find((group) => group !== undefined) ?? '';
      if (isHubId(id)) add(id, match.index);
    }
  }
  for (const match of text.matchAll(LLAMA_CPP)) add(match[1], match.index, /\.gguf$/i.test(match[1]) && !isHubId(match[1]) ? 'digest' : null);
}

function ollamaClientsIn(text: string, path: string, lines: LineIndex, use: LlmModelUse): void {
  if (!/ollama/i.test(text)) return;
  for (const match of text.matchAll(OLLAMA_CALL)) {
    // A commented-out client (`# embeddings = OllamaEmbeddings(model=…)`) runs nothing.
    const lineStart = text.lastIndexOf('\n', match.index) + 1;
    if (/^[ \t]*(?:#|\/\/)/.test(text.slice(lineStart, match.index))) continue;
    if (use.openModels.length >= MAX_FOUND || use.openModels.some((seen) => seen.model === match[1] && seen.path === path)) continue;
    use.openModels.push({ model: match[1], pin: ollamaPin(match[1]), revision: null, path, line: lines.at(match.index) });
  }
}

/** `name@sha256:…` is a digest; `name:8b-instruct-q4_K_M` a tag; `name` or `name:latest` floats. */
function ollamaPin(reference: string): Pin {
  if (/@sha256:/.test(reference)) return 'digest';
  const tag = reference.split(':')[1];
  return tag && tag !== 'latest' ? 'tag' : 'name';
}

function fineTunesIn(text: string, path: string, lines: LineIndex, use: LlmModelUse): void {
  for (const { service, pattern, base } of FINE_TUNE_IDS) {
    for (const match of text.matchAll(pattern)) {
      if (use.fineTunes.length >= MAX_FOUND) return;
      if (use.fineTunes.some((seen) => seen.id === match[0])) continue;
      use.fineTunes.push({ id: match[0], service, base: base(match), path, line: lines.at(match.index) });
    }
  }
}

interface LineIndex {
  at(index: number): number;
}

/** Line numbers by binary search over newline offsets (one pass per file, however many matches). */
function lineIndex(text: string): LineIndex {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return {
    at(index: number): number {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid] <= index) low = mid;
        else high = mid - 1;
      }
      return low + 1;
    },
  };
}
