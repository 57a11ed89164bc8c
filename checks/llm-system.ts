// llm-system: for a delivery built on large language models, is the behaviour handed over? Prompts in versioned,
// documented files; models, providers and settings written down; the retrieval pipeline described; an evaluation
// set for the prompts; guardrails and prompt failure modes; and what third-party model providers receive.
import { defineCheck, findingFrom, unit, type Evidence, type Finding } from '../src/check.js';
import { coverAspects, type Coverage, type TopicDocument } from '../src/data-protection/topic-coverage.js';
import { LOOKED_FOR, providerNamedIn } from '../src/llm/catalogue.js';
import { readDeclaredDependencies, type LlmDependency } from '../src/llm/dependencies.js';
import { findEvalSets, type EvalSet } from '../src/llm/eval-sets.js';
import { scanInlinePrompts, type InlinePromptScan } from '../src/llm/inline-prompts.js';
import { readConfigFiles, type ConfigFiles } from '../src/llm/config-files.js';
import { readLinkedNotebooks } from '../src/llm/linked-notebooks.js';
import { judgePromptModule, readPromptFiles, withPromptsByOpening, type PromptFiles, type PromptTemplate } from '../src/llm/prompt-files.js';
import { GUARDRAILS, MODELS, PROVIDER_DATA, readLlmDocuments, RETRIEVAL, topicDocuments, type LlmDocument, type Topic } from '../src/llm/topics.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';

const MAX_INLINE_FINDINGS = 30;
const MAX_TEMPLATE_FINDINGS = 40;
const GOOD_EVAL_CASES = 20;
const RAG_CODE = /(^|\/)(?=[^/]*(ingest|retriev|rag|vector[-_]?store|embed(?:ding)?s?|index(?:er|ing)))[^/]*\.(py|ts|js|rb|cs|go|java|kt|php|rs)$|(^|\/)chroma\.sqlite3$|\.faiss$/i;

const check = defineCheck({
  id: 'llm-system',
  title: 'LLM system: prompts, models, retrieval, evaluation, guardrails, provider data',
  rationale:
    "In an LLM application the behaviour lives in prompts, model and provider settings and the retrieval pipeline, not in trained weights; if those are scattered through code and undocumented, the buyer cannot change a prompt or a model without breaking something unseen. The largest risks are what leaves for a third-party model API and what the system does when a prompt is attacked or the model makes things up, which buyers' contracts ask about first.",
  defaultWeight: 2,
  criteria: [
    { id: 'prompts-in-files', title: 'Prompts live in versioned template files', weight: 3, description: 'Share of prompts kept as template files (prompts/ folders under any prefix, .prompty, .prompt, .prompt.yml, Semantic Kernel skprompt.txt, text files that open by addressing the model), prompt modules (code files in a prompt folder or named for prompts) or configuration (appsettings.json, YAML prompt keys) rather than as long strings in code. No prompts found at all: 0; prompts the documentation links to in another repository: not judged, reported as not delivered.' },
    { id: 'prompts-documented', title: 'Each prompt template is documented', weight: 2, description: 'Per template, a third each for its purpose, its inputs (every variable it uses is named) and the model it was written for, from its own metadata (front matter, YAML keys, a {# #} header) or a catalogue (prompts/README.md, docs/*prompt*.md).' },
    { id: 'models-documented', title: 'Models, providers and settings are written down', weight: 2, description: 'Model names (0.4), the provider serving them (0.2), temperature (0.2) and maximum output tokens (0.2), in documentation, prompt metadata, configuration (appsettings.json, YAML, .env examples) or configuration code (config.py, *_models.rb, *Options.cs); scaled by the share of providers in the dependencies that the documentation names.' },
    { id: 'retrieval-documented', title: 'The retrieval pipeline is documented', weight: 2, description: 'When vector stores, RAG frameworks or ingestion code are present: sources, chunking, index and embedding model, refresh schedule (a quarter each). With no retrieval pipeline the criterion does not apply and leaves the weight.' },
    { id: 'evaluation-set', title: 'Prompts have an evaluation set', weight: 2, description: `A promptfoo suite, an OpenAI evals registry or a golden set (JSONL/CSV under evals/ or named for an eval set, JSON case lists with expected answers under evals/). Cases with assertions or expected answers earn 0.5 plus up to 0.5 at ${GOOD_EVAL_CASES} cases; unchecked cases at most 0.5. Thresholds are judged by evaluation-criteria.` },
    { id: 'guardrails', title: 'Guardrails and prompt failure modes are documented', weight: 2, description: 'Prompt injection, hallucination/grounding, and the controls in place (moderation, refusals, output checks, human handoff): a third each.' },
    { id: 'provider-data', title: 'Third-party model data handling is documented', weight: 3, description: 'For an application calling external model APIs: which providers receive which data, their retention, no-training terms, and where prompt/response logs are kept and for how long (a quarter each). Self-hosted models only: the log statement alone decides between 0 and 1.' },
  ],
  findings: {
    'no-prompts': { severity: 'error', title: 'No prompts found', criterion: 'prompts-in-files', remediation: 'Keep every prompt as a template file under prompts/ (Jinja, Prompty, .prompt.yml), loaded by name from code, so prompts are versioned, reviewed and diffable.' },
    'prompts-not-delivered': { severity: 'error', title: 'Prompts are kept outside the delivery', criterion: 'prompts-in-files', remediation: 'Deliver the prompt files the documentation points to (or vendor the private package that holds them) with the repository, so the buyer can read, change and test every prompt.' },
    'no-prompt-files': { severity: 'error', title: 'Prompts exist only as strings in code', criterion: 'prompts-in-files', remediation: 'Move each prompt into its own file under prompts/ (e.g. prompts/answer.jinja) and load it by name; document its purpose, inputs and model in front matter or prompts/README.md.' },
    'inline-prompt': { severity: 'warning', title: 'Prompt written inline in code', criterion: 'prompts-in-files', remediation: 'Move the prompt into a template file under prompts/ and load it by name, so a prompt change is a reviewed diff of its own.' },
    'prompt-undocumented': { severity: 'warning', title: 'Prompt template lacks documentation', criterion: 'prompts-documented', remediation: 'Give the template a description, its inputs and the model it was written for: Prompty/Dotprompt front matter (description, inputs, model) or a row in prompts/README.md (template, purpose, inputs, model).' },
    'models-undocumented': { severity: 'error', title: 'Models and providers are not written down', criterion: 'models-documented', remediation: 'Document each model call: model name and version, provider (and region or deployment), temperature, maximum output tokens and timeouts, e.g. a table in docs/models.md.' },
    'model-settings-missing': { severity: 'warning', title: 'Model documentation is incomplete', criterion: 'models-documented', remediation: 'Complete the model table: model name and version, provider, temperature and maximum output tokens for every call.' },
    'provider-undocumented': { severity: 'warning', title: 'A provider in the dependencies is not documented', criterion: 'models-documented', remediation: 'Name every model or service provider the code depends on, what it is used for and with which settings, or remove the unused dependency.' },
    'retrieval-undocumented': { severity: 'error', title: 'Retrieval pipeline not documented', criterion: 'retrieval-documented', remediation: 'Document the retrieval pipeline (docs/retrieval.md): the sources indexed, chunking (size, overlap, splitter), the index and embedding model, and how and when the index is refreshed.' },
    'retrieval-incomplete': { severity: 'warning', title: 'Retrieval documentation is incomplete', criterion: 'retrieval-documented', remediation: 'Add what is missing: sources, chunking, index and embedding model, refresh schedule.' },
    'no-eval-set': { severity: 'error', title: 'No evaluation set for the prompts', criterion: 'evaluation-set', remediation: 'Add an evaluation suite that runs every prompt against representative cases with assertions: promptfoo (promptfooconfig.yaml with tests and assert), OpenAI evals, or a golden JSONL set with expected answers; the evaluation-criteria check judges its thresholds.' },
    'eval-set-small': { severity: 'warning', title: 'Evaluation set is small', criterion: 'evaluation-set', remediation: `Grow the evaluation set to at least ${GOOD_EVAL_CASES} cases covering the main intents, edge cases and known failure modes (injection attempts, unanswerable questions).` },
    'eval-set-unchecked': { severity: 'warning', title: 'Evaluation cases have no assertions or expected answers', criterion: 'evaluation-set', remediation: 'Give each case an expected answer or assertions (contains, llm-rubric, similar with a threshold), so a run says pass or fail.' },
    'eval-config-unparsed': { severity: 'warning', title: 'Evaluation configuration could not be read', criterion: 'evaluation-set', remediation: 'Fix the configuration so the suite can run.' },
    'guardrails-undocumented': { severity: 'error', title: 'Guardrails and prompt failure modes not documented', criterion: 'guardrails', remediation: 'Document how the system handles prompt injection (including through retrieved content), hallucination (grounding, citations, refusal when unsure) and which controls run (moderation, output validation, human handoff), e.g. docs/guardrails.md.' },
    'guardrails-incomplete': { severity: 'warning', title: 'Guardrail documentation is incomplete', criterion: 'guardrails', remediation: 'Cover prompt injection, hallucination and the controls in place, each with how it is detected and what happens.' },
    'provider-data-undocumented': { severity: 'error', title: 'No third-party model data handling', criterion: 'provider-data', remediation: 'Document, per external provider: what data is sent (prompts, retrieved documents, customer messages), the provider\'s retention and whether it may train on the data (contract or API terms), and where prompt/response logs are kept and for how long (DATA_HANDLING.md or docs/providers.md).' },
    'missing-recipients': { severity: 'warning', title: 'Not stated which providers receive which data', criterion: 'provider-data', remediation: 'List each external provider and the data it receives (e.g. "Amazon Bedrock: the redacted question and retrieved article chunks").' },
    'missing-provider-retention': { severity: 'warning', title: 'Provider retention not stated', criterion: 'provider-data', remediation: 'State how long each provider retains prompts and completions (or that it does not), with the contract or terms it comes from.' },
    'missing-no-training': { severity: 'warning', title: 'No-training terms not stated', criterion: 'provider-data', remediation: 'State whether providers may use the data to train their models, and the term or setting that excludes it.' },
    'missing-log-retention': { severity: 'warning', title: 'Prompt/response logs: location and retention not stated', criterion: 'provider-data', remediation: 'State where prompt and response logs are kept (service, bucket, region), what they contain, and for how long.' },
  },
  scale: {
    high: 'Prompts are documented template files; models, providers and settings are written down; retrieval is described; a promptfoo or golden set with assertions covers the prompts; injection, hallucination and controls are documented; and the data each provider receives, its retention, no-training terms and log retention are stated.',
    low: 'Prompts are long strings in code, nothing says which model or provider is called with which settings, there is no evaluation set, and nothing says what customer data leaves for the model API.',
  },
  locationsUnused: 'it reads dependencies, prompts and evaluation sets wherever they are, and documentation from READMEs, root Markdown files, docs/ and the notebooks those link to only.',
  recognises: [
    `LLM dependencies in pyproject.toml, requirements*.txt, Pipfile, package.json, Gemfile, *.csproj/*.fsproj PackageReference, go.mod, Cargo.toml, pom.xml, build.gradle(.kts), libs.versions.toml and composer.json (${LOOKED_FOR}; transformers/trl/peft only with text-generation code)`,
    'prompt templates: prompts/ folders under any prefix (llm_prompts/; txt, md, jinja, j2, yaml, json, mustache, erb), .prompty and Dotprompt .prompt files, GitHub .prompt.yml, *prompts.yml, LangChain prompt YAML, Semantic Kernel skprompt.txt with its config.json, text files opening "You are …" (not READMEs, docs, tests or developer-agent instructions); catalogues prompts/README.md and docs/*prompt*.md (not ADRs or runbooks)',
    'prompt modules and configuration: code files in a prompt folder or named for prompts (header comment documents them); appsettings.json/YAML strings under prompt-named keys that instruct the model (canned replies to users are not prompts); links in the documentation to prompt files in another repository',
    'model configuration: model-named keys with a model name, provider keys, temperature and max-token keys in appsettings*.json, config/ YAML/JSON, *settings*/*config* files, .env examples and configuration code',
    'inline prompts: long instruction-like string literals in Python, JS/TS, Ruby (heredocs), C# (verbatim and raw strings), Go (raw strings), Java/Kotlin/Scala/Swift (text blocks), Rust and PHP, and in notebook code cells; docstrings, tests, URLs and HTML/CSS excluded; 400 files, 16 MiB',
    'evaluation: promptfoo configs with inline or file tests, OpenAI evals registries and samples, golden JSONL/CSV sets under evaluation folders or named for an eval set or eval dataset, JSON case lists with expected answers under evaluation folders',
    'documentation: README, root Markdown, docs/, prompt catalogues, and the Markdown cells of notebooks they link to; model, retrieval, guardrail and provider-data topics by file name or section heading',
  ],
  async run(snapshot) {
    const dependencies = await readDeclaredDependencies(snapshot);
    const named = await readPromptFiles(snapshot);
    const promptfoo = snapshot.glob('**/promptfooconfig*.{yaml,yml,json}');
    const strongDeps = dependencies.llm.filter((dep) => ['provider-sdk', 'framework', 'gateway', 'local-inference'].includes(dep.role));
    const weakDeps = dependencies.llm.filter((dep) => dep.role === 'weak');
    const needsCode = strongDeps.length === 0 && named.templates.length === 0 && promptfoo.length === 0;
    const inline = needsCode && weakDeps.length === 0 ? null : await scanInlinePrompts(snapshot);
    const applies = !needsCode || (weakDeps.length > 0 && (inline?.generationCode.length ?? 0) > 0);
    if (!applies) return { status: 'skip', reason: skipReason(dependencies.manifests, weakDeps), evidence: dependencies.manifests.slice(0, 20).map((path) => ({ path, kind: 'manifest', note: 'no LLM SDK or framework declared' })) };

    // Prompt files found by how they open are looked for only in an LLM application (they cannot make one).
    const promptFiles = await withPromptsByOpening(snapshot, named);
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    for (const dep of dependencies.llm) evidence.push({ path: dep.manifest, line: dep.line, kind: 'llm-dependency', note: `${dep.name} (${dep.role}${dep.provider ? ` → ${dep.provider}` : ''})` });
    for (const code of inline?.generationCode.slice(0, 5) ?? []) evidence.push({ path: code.path, line: code.line, kind: 'generation-code' });

    const markdown = await readLlmDocuments(snapshot);
    // A notebook the README sends its reader to (a walkthrough of the system) documents it as a docs/ page does.
    const docs = [...markdown, ...(await readLinkedNotebooks(snapshot, markdown))];
    const allText = docs.map((doc) => doc.document.text).join('\n');
    const fullScan = inline ?? (await scanInlinePrompts(snapshot));
    const config = await readConfigFiles(snapshot);
    // Prompts kept in modules of their own or in configuration are kept apart from the code, as template files are.
    const modules = await promptModules(snapshot, fullScan, promptFiles);
    const configured = configPrompts(config, promptFiles);
    const kept: PromptFiles = { ...promptFiles, templates: [...promptFiles.templates, ...modules, ...configured] };
    const scan: InlinePromptScan = { ...fullScan, prompts: fullScan.prompts.filter((prompt) => prompt.cell !== undefined || !isPromptModule(prompt.path)) };
    const promptsInFiles = judgePromptLocation(kept, scan, evidence, findings);
    const promptsDocumented = judgePromptDocumentation(kept, evidence, findings);
    const models = judgeModels(docs, kept.templates, dependencies.llm, allText, evidence, findings, config);
    const retrieval = judgeRetrieval(snapshot, docs, dependencies.llm, evidence, findings);
    // No vector store, RAG framework or ingestion code: there is no retrieval pipeline to document.
    const notApplicable = retrieval === null ? [{ criterion: 'retrieval-documented', reason: 'no vector store, RAG framework or ingestion code: no retrieval pipeline' }] : [];
    const evaluation = judgeEvaluation(await findEvalSets(snapshot, { wider: true }), evidence, findings);
    const guardrails = judgeTopic(GUARDRAILS, docs, evidence, findings, 'guardrails-undocumented', 'guardrails-incomplete', 'Nothing documents guardrails or prompt failure modes (looked for docs/guardrails*.md, safety, risks, limitations and failure-mode sections).');
    const providerData = judgeProviderData(docs, dependencies.llm, evidence, findings);

    const criteria = {
      'prompts-in-files': unit(promptsInFiles),
      'prompts-documented': unit(promptsDocumented),
      'models-documented': unit(models),
      'retrieval-documented': unit(retrieval ?? 0),
      'evaluation-set': unit(evaluation),
      guardrails: unit(guardrails),
      'provider-data': unit(providerData.value),
    };
    const summary =
      `${promptFiles.templates.length} prompt template file(s), ${modules.length ? `${modules.length} prompt module(s), ` : ''}${configured.length ? `${configured.length} configuration file(s) with prompts, ` : ''}${scan.prompts.length} inline prompt(s); ` +
      `${providerData.providers.length ? `external providers: ${providerData.providers.join(', ')}` : 'no external model provider in the dependencies'}.`;
    // No prompt found anywhere, but code in languages the scanner does not read: say so rather than score 0.
    const unread = scan.unreadLanguages.map((entry) => `${entry.language} (${entry.files} file(s))`);
    const none = kept.templates.length === 0 && scan.prompts.length === 0;
    // No prompt in the delivery, but its documents link to prompt files elsewhere (a private repository): they exist and are not handed over.
    const elsewhere = none ? externalPromptFiles(snapshot, docs) : [];
    for (const reference of elsewhere.slice(0, 5)) evidence.push({ path: reference.path, line: reference.line, kind: 'prompt-file-elsewhere', note: reference.url });
    if (elsewhere.length) findings.push(findingFrom(check, 'prompts-not-delivered', `The documentation points to prompt files outside this repository (${elsewhere[0].url}${elsewhere.length > 1 ? ` and ${elsewhere.length - 1} more` : ''}); they are not in the delivery.`, { path: elsewhere[0].path, line: elsewhere[0].line }));
    const unsupportedReason = elsewhere.length
      ? 'the prompts are kept in files outside this repository (linked from its documentation), so they cannot be judged'
      : `no prompt template files, and prompts written as strings in ${unread.join(', ')} code are not looked for (Python, JavaScript/TypeScript, Ruby, C#, Go, Java, Kotlin, Scala, Swift, Rust, PHP and notebooks are)`;
    const unsupported =
      none && (unread.length > 0 || elsewhere.length > 0) ? (['prompts-in-files', 'prompts-documented'] as const).map((criterion) => ({ criterion, reason: unsupportedReason })) : [];
    return { status: 'judged', criteria, evidence, findings: unsupported.length ? findings.filter((finding) => finding.id !== 'no-prompts') : findings, summary, notApplicable, unsupported };
  },
});

export default check;

function skipReason(manifests: readonly string[], weak: readonly LlmDependency[]): string {
  const looked = manifests.length ? `the ${manifests.length} dependency manifest(s) (${manifests.slice(0, 3).join(', ')}${manifests.length > 3 ? ', …' : ''})` : 'no dependency manifest';
  const weakNote = weak.length ? ` ${[...new Set(weak.map((dep) => dep.name))].join(', ')} is declared but no code generates text with it.` : '';
  return `Not an LLM application: ${looked === 'no dependency manifest' ? 'no dependency manifest declares' : `none of ${looked} declares`} an LLM SDK or framework (looked for ${LOOKED_FOR}), and there are no prompt templates (prompts/ folders, .prompty, .prompt) and no promptfoo configuration.${weakNote}`;
}

/** A link to a prompt file (`…/config/llm_prompts/answer.yml`); the window around "prompt" is bounded. */
const PROMPT_FILE_URL = /https?:\/\/[^\s()<>\]"']{0,300}prompt[^\s()<>\]"']{0,200}\.(?:ya?ml|json|txt|md|jinja2?|j2|prompty|prompt)\b/gi;

/** Prompt files the documentation links to that are not in the delivery (a GitHub blob path of this repository counts as present). */
function externalPromptFiles(snapshot: Snapshot, docs: readonly LlmDocument[]): Array<{ path: string; line: number; url: string }> {
  const out: Array<{ path: string; line: number; url: string }> = [];
  for (const { path, document } of docs) {
    for (const link of document.links) {
      if (out.length >= 20) return out;
      PROMPT_FILE_URL.lastIndex = 0;
      const match = PROMPT_FILE_URL.exec(link.url.slice(0, 2000));
      if (!match) continue;
      const inRepository = /\/(?:blob|tree|raw)\/[^/]+\/(.+)$/.exec(match[0])?.[1];
      if (inRepository && snapshot.files.includes(inRepository)) continue;
      out.push({ path, line: link.line, url: match[0] });
    }
  }
  return out;
}

/** A code file kept for prompts: in a prompt-named folder (`src/prompts/answer.py`) or named for them (`PromptBuilder.cs`). */
function isPromptModule(path: string): boolean {
  const parts = path.toLowerCase().split('/');
  return parts[parts.length - 1].includes('prompt') || (parts.length > 1 && parts[parts.length - 2].includes('prompt'));
}

/** Code files that hold prompts and nothing else worth a finding, each judged like a template. */
async function promptModules(snapshot: Snapshot, scan: InlinePromptScan, files: PromptFiles): Promise<PromptTemplate[]> {
  const byPath = new Map<string, { variables: Set<string>; count: number }>();
  for (const prompt of scan.prompts) {
    if (prompt.cell !== undefined || !isPromptModule(prompt.path)) continue;
    const entry = byPath.get(prompt.path) ?? { variables: new Set<string>(), count: 0 };
    for (const variable of prompt.variables) entry.variables.add(variable);
    entry.count++;
    byPath.set(prompt.path, entry);
  }
  const out: PromptTemplate[] = [];
  for (const [path, entry] of byPath) {
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    out.push(judgePromptModule(path, read.ok ? read.text : '', [...entry.variables], entry.count, files.catalogueDocuments));
  }
  return out;
}

/** Configuration files holding prompts (appsettings.json `Prompts`, a YAML prompt config), one entry per file. */
function configPrompts(config: ConfigFiles, files: PromptFiles): PromptTemplate[] {
  const byPath = new Map<string, { variables: Set<string>; count: number; comments: Set<string> }>();
  for (const prompt of config.prompts) {
    if (files.templates.some((template) => template.path === prompt.path)) continue;
    const entry = byPath.get(prompt.path) ?? { variables: new Set<string>(), count: 0, comments: new Set<string>() };
    for (const variable of prompt.variables) entry.variables.add(variable);
    if (prompt.comment) entry.comments.add(prompt.comment);
    entry.count++;
    byPath.set(prompt.path, entry);
  }
  // The comments above the prompts' keys document them as a template's header comment does.
  return [...byPath].map(([path, entry]) => ({ ...judgePromptModule(path, [...entry.comments].map((comment) => `// ${comment}`).join('\n'), [...entry.variables], entry.count, files.catalogueDocuments), format: 'config' as const }));
}

function judgePromptLocation(files: PromptFiles, scan: InlinePromptScan, evidence: Evidence[], findings: Finding[]): number {
  const templates = files.templates.reduce((sum, template) => sum + template.prompts, 0);
  const inline = scan.prompts.length;
  for (const prompt of scan.prompts.slice(0, MAX_INLINE_FINDINGS)) {
    const cell = prompt.cell ? ` in cell ${prompt.cell}` : '';
    evidence.push({ path: prompt.path, line: prompt.line, kind: 'inline-prompt', note: `${prompt.length} characters${prompt.name ? `, assigned to ${prompt.name}` : ''}${cell}` });
    findings.push(findingFrom(check, 'inline-prompt', `A ${prompt.length}-character prompt${prompt.name ? ` (${prompt.name})` : ''} is written inline in ${prompt.cell ? `a notebook (cell ${prompt.cell}, line ${prompt.line})` : 'code'}.`, { path: prompt.path, line: prompt.cell ? undefined : prompt.line }));
  }
  if (inline > MAX_INLINE_FINDINGS) findings.push(findingFrom(check, 'inline-prompt', `${inline - MAX_INLINE_FINDINGS} more inline prompt(s) not listed.`));
  if (templates === 0 && inline === 0) {
    findings.push(findingFrom(check, 'no-prompts', `No prompt template files (prompts/ folders, .prompty, .prompt, .prompt.yml) and no prompt-like strings in ${scan.filesScanned} code file(s) scanned.`));
    return 0;
  }
  if (templates === 0) {
    findings.push(findingFrom(check, 'no-prompt-files', `All ${inline} prompt(s) found are strings in code; none is kept as a template file.`, { path: scan.prompts[0].path, line: scan.prompts[0].line }));
    return 0;
  }
  return templates / (templates + inline);
}

function judgePromptDocumentation(files: PromptFiles, evidence: Evidence[], findings: Finding[]): number {
  const templates = files.templates;
  for (const path of files.catalogues) evidence.push({ path, kind: 'prompt-catalogue' });
  if (files.beyondCap) evidence.push({ path: '.', kind: 'prompt-template', note: `${files.beyondCap} more template(s) beyond the cap, not judged` });
  if (templates.length === 0) return 0;
  let total = 0;
  let listed = 0;
  for (const template of templates) {
    const parts = [template.purpose, template.inputs, template.model].filter(Boolean).length;
    const documented = [template.purpose && `purpose (${template.purpose})`, template.inputs && `inputs (${template.inputs})`, template.model && `model (${template.model})`].filter(Boolean);
    evidence.push({
      path: template.path,
      line: 1,
      kind: 'prompt-template',
      note: `${template.format}; ${template.variables.length ? `inputs ${template.variables.slice(0, 8).join(', ')}` : 'no inputs'}; documented: ${documented.length ? documented.join(', ') : 'nothing'}`,
    });
    total += parts / 3;
    if (parts === 3 || listed++ >= MAX_TEMPLATE_FINDINGS) continue;
    const missing = [
      template.purpose ? null : 'its purpose',
      template.inputs ? null : template.undocumentedInputs.length ? `its inputs (${template.undocumentedInputs.slice(0, 6).join(', ')})` : 'its inputs',
      template.model ? null : 'the model it was written for',
    ].filter(Boolean);
    findings.push(findingFrom(check, 'prompt-undocumented', `Nothing documents ${missing.join(', ')}.`, { path: template.path, line: 1 }));
  }
  return total / templates.length;
}

function judgeModels(docs: readonly LlmDocument[], templates: readonly PromptTemplate[], deps: readonly LlmDependency[], allText: string, evidence: Evidence[], findings: Finding[], config: ConfigFiles): number {
  const coverage = coverAspects(topicDocuments(docs, MODELS), MODELS.aspects);
  // Configuration that names the model and its settings (appsettings.json, a YAML model config) writes them down too.
  for (const entry of config.models.slice(0, 10)) {
    const says = [entry.model && `model ${entry.model}`, entry.provider && 'provider', entry.temperature && 'temperature', entry.maxTokens && 'maximum tokens'].filter(Boolean);
    evidence.push({ path: entry.path, kind: 'llm-config:models', note: `names ${says.join(', ')}` });
  }
  const fromTemplates = {
    model: templates.some((template) => template.modelName) || config.models.some((entry) => entry.model),
    provider: config.models.some((entry) => entry.provider),
    temperature: templates.some((template) => template.settings.some((key) => /temperature/i.test(key))) || config.models.some((entry) => entry.temperature),
    'max-tokens': templates.some((template) => template.settings.some((key) => /tokens/i.test(key))) || config.models.some((entry) => entry.maxTokens),
  };
  const has = (id: string) => Boolean(coverage.get(id)) || Boolean(fromTemplates[id as keyof typeof fromTemplates]);
  recordCoverage(MODELS, coverage, docs, evidence);
  const weights: Record<string, number> = { model: 0.4, provider: 0.2, temperature: 0.2, 'max-tokens': 0.2 };
  let value = 0;
  const missing: string[] = [];
  for (const aspect of MODELS.aspects) {
    if (has(aspect.id)) value += weights[aspect.id];
    else missing.push(aspect.label);
  }
  if (value === 0) findings.push(findingFrom(check, 'models-undocumented', 'No model documentation (a models or providers document or section) or prompt metadata names the models, providers or generation settings used.'));
  else if (missing.length) findings.push(findingFrom(check, 'model-settings-missing', `The model documentation does not give ${missing.join(', ')}.`, anchor(coverage, docs)));

  const providers = [...new Set(deps.map((dep) => dep.provider).filter((provider): provider is string => provider !== null))];
  const unnamed = providers.filter((provider) => !providerNamedIn(provider, allText));
  for (const provider of unnamed) {
    const dep = deps.find((candidate) => candidate.provider === provider)!;
    findings.push(findingFrom(check, 'provider-undocumented', `${dep.name} (${provider}) is a dependency, but no document names ${provider}.`, { path: dep.manifest, line: dep.line }));
  }
  if (providers.length) value *= 0.5 + (0.5 * (providers.length - unnamed.length)) / providers.length;
  return value;
}

/** null when there is no retrieval pipeline to judge. */
function judgeRetrieval(snapshot: Snapshot, docs: readonly LlmDocument[], deps: readonly LlmDependency[], evidence: Evidence[], findings: Finding[]): number | null {
  const ragDeps = deps.filter((dep) => dep.role === 'vector-store' || /^llama-?index/.test(dep.name));
  const ragCode = snapshot.files.filter((path) => RAG_CODE.test(path) && !/(^|\/)(node_modules|tests?)\//.test(path)).slice(0, 5);
  if (ragDeps.length === 0 && ragCode.length === 0) {
    evidence.push({ path: '.', kind: 'retrieval', note: 'no vector store, RAG framework or ingestion code found: retrieval not judged' });
    return null;
  }
  for (const path of ragCode) evidence.push({ path, kind: 'retrieval-code' });
  const signals = [...new Set([...ragDeps.map((dep) => dep.name), ...ragCode])].slice(0, 4).join(', ');
  return judgeTopic(RETRIEVAL, docs, evidence, findings, 'retrieval-undocumented', 'retrieval-incomplete', `A retrieval pipeline is present (${signals}) but nothing documents it (looked for docs/retrieval*.md, rag, ingestion and index sections).`);
}

function judgeEvaluation(sets: readonly EvalSet[], evidence: Evidence[], findings: Finding[]): number {
  for (const set of sets) {
    evidence.push({ path: set.path, kind: 'eval-set', note: set.detail });
    if (set.problem) findings.push(findingFrom(check, 'eval-config-unparsed', `${set.path} could not be read: ${set.problem}.`, { path: set.path }));
  }
  const usable = sets.filter((set) => !set.problem);
  if (usable.length === 0) {
    findings.push(findingFrom(check, 'no-eval-set', 'No evaluation set for the prompts (looked for promptfooconfig*.yaml, OpenAI evals registries, golden JSONL/CSV sets under evals/ or named for an eval set, and JSON case lists with expected answers under evals/).'));
    return 0;
  }
  const value = (set: EvalSet) => {
    const size = set.cases === null ? 0.5 : Math.min(1, set.cases / GOOD_EVAL_CASES);
    return set.checked ? 0.5 + 0.5 * size : 0.25 + 0.25 * size;
  };
  const best = [...usable].sort((a, b) => value(b) - value(a))[0];
  if (!best.checked) findings.push(findingFrom(check, 'eval-set-unchecked', `The cases in ${best.path} have no assertions or expected answers.`, { path: best.path }));
  if (best.cases !== null && best.cases < GOOD_EVAL_CASES) findings.push(findingFrom(check, 'eval-set-small', `The largest evaluation set (${best.path}) has ${best.cases} case(s).`, { path: best.path }));
  return value(best);
}

function judgeProviderData(docs: readonly LlmDocument[], deps: readonly LlmDependency[], evidence: Evidence[], findings: Finding[]): { value: number; providers: string[] } {
  const providers = [...new Set(deps.filter((dep) => dep.provider && dep.role !== 'vector-store').map((dep) => dep.provider!))];
  const frameworksOnly = providers.length === 0 && deps.some((dep) => dep.role === 'framework') && !deps.some((dep) => dep.role === 'local-inference');
  const external = providers.length > 0 || frameworksOnly;
  const documents = topicDocuments(docs, PROVIDER_DATA);
  const coverage = coverAspects(documents, PROVIDER_DATA.aspects);
  recordCoverage(PROVIDER_DATA, coverage, docs, evidence);
  if (!external) {
    if (coverage.get('logs')) return { value: 1, providers };
    findings.push(findingFrom(check, 'missing-log-retention', 'The models are self-hosted, but nothing says where prompt and response logs are kept and for how long.'));
    return { value: 0, providers };
  }
  const who = providers.length ? providers.join(', ') : 'a hosted model API (the provider could not be told from the dependencies)';
  const covered = PROVIDER_DATA.aspects.filter((aspect) => coverage.get(aspect.id));
  if (covered.length === 0) {
    findings.push(findingFrom(check, 'provider-data-undocumented', `The application sends data to ${who}, and nothing says which data, how long the provider keeps it, whether it may train on it, or where prompt/response logs are kept.`));
    return { value: 0, providers };
  }
  const ids: Record<string, string> = { recipients: 'missing-recipients', 'provider-retention': 'missing-provider-retention', 'no-training': 'missing-no-training', logs: 'missing-log-retention' };
  for (const aspect of PROVIDER_DATA.aspects) {
    if (!coverage.get(aspect.id)) findings.push(findingFrom(check, ids[aspect.id], `The documentation does not say ${aspect.label} (providers: ${who}).`, anchor(coverage, docs)));
  }
  return { value: covered.length / PROVIDER_DATA.aspects.length, providers };
}

/** Share of a topic's aspects covered, with one error when nothing is and one warning naming what is missing. */
function judgeTopic(topic: Topic, docs: readonly LlmDocument[], evidence: Evidence[], findings: Finding[], noneId: string, partialId: string, noneMessage: string): number {
  const documents: TopicDocument[] = topicDocuments(docs, topic);
  const coverage = coverAspects(documents, topic.aspects);
  recordCoverage(topic, coverage, docs, evidence);
  const missing = topic.aspects.filter((aspect) => !coverage.get(aspect.id));
  if (missing.length === topic.aspects.length) {
    findings.push(findingFrom(check, noneId, noneMessage));
    return 0;
  }
  if (missing.length) findings.push(findingFrom(check, partialId, `The documentation does not cover ${missing.map((aspect) => aspect.label).join(', ')}.`, anchor(coverage, docs)));
  return (topic.aspects.length - missing.length) / topic.aspects.length;
}

/** One evidence entry per document that covers aspects of the topic. */
function recordCoverage(topic: Topic, coverage: Map<string, Coverage | null>, docs: readonly LlmDocument[], evidence: Evidence[]): void {
  const byPath = new Map<string, { line: number; aspects: string[] }>();
  for (const [id, where] of coverage) {
    if (!where) continue;
    const entry = byPath.get(where.path) ?? { line: where.line, aspects: [] };
    entry.line = Math.min(entry.line, where.line);
    entry.aspects.push(id);
    byPath.set(where.path, entry);
  }
  for (const [path, entry] of byPath) {
    const { line, cell } = place(docs, path, entry.line);
    evidence.push({ path, line, kind: `llm-doc:${topic.id}`, note: `covers ${entry.aspects.join(', ')}${cell ? ` (Markdown cell ${cell})` : ''}` });
  }
}

function anchor(coverage: Map<string, Coverage | null>, docs: readonly LlmDocument[]): { path?: string; line?: number } {
  const first = [...coverage.values()].find((where) => where !== null);
  return first ? { path: first.path, line: place(docs, first.path, first.line).line } : {};
}

/** A passage's line, or for a notebook's Markdown its cell: the notebook's own lines are JSON, not the document's. */
function place(docs: readonly LlmDocument[], path: string, line: number): { line?: number; cell?: number } {
  const cells = docs.find((doc) => doc.path === path)?.cells;
  return cells ? { cell: cells[line - 1] } : { line };
}
