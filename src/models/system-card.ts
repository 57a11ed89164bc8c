// What a system card (the model card of an application built on hosted or open LLMs) says that a model card of
// trained weights does not: which models it calls, at which version, and which provider receives the data; how it
// was evaluated against which thresholds; and, for a fine-tuned model, which base model and how it was tuned.
// Pure: card text in, facts out. The patterns are bounded (no nested quantifiers) and run on capped text.

/** A hosted or open LLM named with a version: `claude-3-5-sonnet-20240620`, `Claude 3.5 Sonnet`, `gpt-4o-2024-08-06`, `llama-3.1-8b`. */
const VERSIONED_MODEL =
  /\b(?:(?:claude|gpt|gemini|llama|mistral|mixtral|codestral|command[- ]r|titan|phi|qwen|gemma|deepseek|granite|nova|jamba|text-embedding|embed(?:-multilingual|-english)?)\b(?:[- .:_]{0,2}[a-z]{0,12}){0,2}[- .:_v]{0,2}\d[\w.:-]{0,40}|o[134](?:-(?:mini|preview|pro))?(?:-\d{4}-\d{2}-\d{2})?\b)/gi;
/** The provider that runs the model and receives the prompts. */
const PROVIDER =
  /\b(openai|azure openai|azure ai|anthropic|amazon bedrock|aws bedrock|bedrock|vertex ai|google ai studio|gemini api|mistral ai|cohere|groq|together ai|fireworks|replicate|hugging ?face inference|ollama|vllm|self[- ]hosted|on[- ]prem\w*|our own (gpu|servers?|hardware))\b/gi;
/** LLM and RAG evaluation measures, with a number after them. */
const LLM_METRIC =
  /\b(pass(ed)?( rate)?|passing|faithfulness|groundedness|grounded(ness)? score|answer relevanc[ey]|context (precision|recall|relevanc[ey])|hallucination rate|citation (accuracy|precision|recall)|refusal rate|handoff rate|toxicity|win rate|correctness|helpfulness|success rate|resolution rate|latency|p95|accuracy|precision|recall|f1|exact match|rouge\w*|bleu)\b[^.\n]{0,40}?\d/i;
/** `24/24 cases`, `92%`, `0.91` in a results table cell (trimmed and short: no run of spaces to backtrack over). */
const RESULT_CELL = /^(?:[<>≥≤=~]{1,2} ?)?(?:-?\d{1,12}(?:\.\d{1,12})? ?%?|\d{1,9} ?\/ ?\d{1,9})(?: (?:cases|tests|passed|pass|ms|s)){0,2}$/i;
const THRESHOLD = /\b(thresholds?|at least|minimum|no (more|less|fewer) than|must (be|score|pass|reach|stay)|pass(ing)? (bar|mark|criteria)|acceptance|target|gate|fails? (below|above))\b|[≥≤]|>=|<=/i;
/** What the system was evaluated on: a suite, a set of cases, a golden set. */
const LLM_EVAL_DATA =
  /\b(test cases?|cases|golden (set|dataset|questions)|eval(uation)? (suite|set|dataset|cases)|test set|held[- ]out|benchmark|promptfoo|deepeval|ragas|langsmith|langfuse|red[- ]team\w*)\b|\b\d{1,9} (\w{1,30} ){0,2}(questions|conversations|prompts|transcripts|samples)\b/i;
/** A named base model: `base model: meta-llama/Meta-Llama-3-8B`, `| Base model | Llama 3 8B |`, `fine-tuned from mistral-7b`. */
const BASE_MODEL =
  /\bbase[- ]model\b[\s*_`:=|]{0,6}(?:is |was )?[\s*_`"'[]{0,4}([A-Za-z][\w./:-]{0,80}(?: [\w.-]{1,20}){0,3})|\b(?:fine[- ]?tuned|finetuned|adapted|tuned|trained) (?:version )?(?:from|of|on top of)\s+[`"'*[]{0,3}([A-Za-z][\w./:-]{0,80}(?: [\w.-]{1,20}){0,3})/gi;
/** How the weights were tuned: method or hyper-parameters. */
const TUNING_PROCEDURE =
  /\b(lora|qlora|peft|adapters?|sft|supervised fine[- ]?tuning|instruction[- ]tun\w*|full fine[- ]?tun\w*|dpo|orpo|rlhf|ppo|epochs?|learning[- ]rate|batch size|warm-?up|rank|lora_r|lora_alpha|steps)\b/i;

const MAX_TEXT = 200_000;

/** The models named with a version (up to five, as written). */
export function versionedModelsIn(text: string): string[] {
  const found: string[] = [];
  for (const match of text.slice(0, MAX_TEXT).matchAll(VERSIONED_MODEL)) {
    const name = match[0].replace(/[.:-]{1,8}$/, '');
    // `gpt-4.json` is a file name; in `claude-model:0` the only digit is a deployment suffix, not a version.
    if (/\.(json|ya?ml|py|md|txt|csv|ts|js)$/i.test(name) || !/\d/.test(name.split(':')[0])) continue;
    if (!found.includes(name)) found.push(name);
    if (found.length >= 5) break;
  }
  return found;
}

/** The providers named (lower case, up to five). */
export function providersIn(text: string): string[] {
  const found: string[] = [];
  for (const match of text.slice(0, MAX_TEXT).matchAll(PROVIDER)) {
    const name = match[0].toLowerCase();
    if (!found.includes(name)) found.push(name);
    if (found.length >= 5) break;
  }
  return found;
}

export interface EvaluationFacts {
  /** Results with numbers: an LLM or ML measure with a value, or a number in a results table. */
  results: boolean;
  thresholds: boolean;
  /** The suite, cases or set the results were measured on. */
  data: boolean;
}

/** What an evaluation section of a system card holds; `cells` are the table cells inside it. */
export function systemEvaluationFacts(text: string, cells: readonly string[]): EvaluationFacts {
  const capped = text.slice(0, MAX_TEXT);
  return {
    results: LLM_METRIC.test(capped) || cells.some((cell) => cell.length <= 60 && RESULT_CELL.test(cell.trim().replace(/\s+/g, ' '))),
    thresholds: THRESHOLD.test(capped),
    data: LLM_EVAL_DATA.test(capped),
  };
}

/** The base model a fine-tuned model's card names, when it names one that looks like a model (a digit or an org/name). */
export function baseModelNamed(text: string, metadata: readonly string[]): string | null {
  if (metadata.length > 0) return metadata[0];
  for (const match of text.slice(0, MAX_TEXT).matchAll(BASE_MODEL)) {
    const name = (match[1] ?? match[2] ?? '').trim();
    const [first, second = ''] = name.split(' ');
    // `Llama 3 8B`, `meta-llama/Meta-Llama-3-8B`; not prose such as "was chosen for its 8k context".
    if (/[\d/]/.test(first) || /^\d/.test(second)) return name.slice(0, 80);
  }
  return null;
}

export function describesTuningProcedure(text: string): boolean {
  return TUNING_PROCEDURE.test(text.slice(0, MAX_TEXT));
}
