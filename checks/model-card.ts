// model-card: does the delivery describe the model the way a receiving team needs it: what it is and
// which version, what it is for and not for, what it was trained and evaluated on (with numbers), where
// it falls short, and who to ask? Judged per card, section by section, on filled content. For an application
// built on hosted LLMs the card is the system card (models and providers instead of training data); a
// fine-tuned model's card names its base model and how it was tuned; a data pipeline has no model to card.
import { defineCheck, findingFrom, type Evidence, type Finding } from '../src/check.js';
import {
  countWords,
  isModelCardByContent,
  isModelCardFileName,
  isReadmeFileName,
  mergedSectionFor,
  parseModelCard,
  readmeIsModelCard,
  sectionFor,
  sectionsFor,
  stripTemplateText,
  type CardSection,
  type ModelCard,
  type ModelCardPart,
} from '../src/formats/model-card.js';
import { describeFormatError } from '../src/formats/result.js';
import { describeFamily, EVALUATION, INTENDED_USE, LIMITATIONS, MODEL_CARD_TITLE, SYSTEM_DETAILS, TRAINING_DATA } from '../src/formats/vocabulary.js';
import { baseModelNamed, describesTuningProcedure, providersIn, systemEvaluationFacts, versionedModelsIn } from '../src/models/system-card.js';
import { DEFAULT_PROFILES, promptedOnly, trainsModel, type DeliveryProfiles } from '../src/profiles/system-profile.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';

/** Folders that hold other people's code and cards (dependencies, virtual environments). */
export const THIRD_PARTY = /(^|\/)(node_modules|\.venv|venv|site-packages|\.tox|__pypackages__|vendor|third[-_]party|\.git)\//i;
const MAX_READMES = 200;
const MAX_README_DEPTH = 4;
/** Other Markdown documents read to tell whether they are cards under another name. */
const MAX_CONTENT_CANDIDATES = 150;
/** Project meta files and decision records: never a card, whatever their sections say. */
const NOT_A_CARD = /(^|\/)(changelog|changes|history|contributing|code[-_]of[-_]conduct|security|licen[cs]e|notice|authors|glossary)[^/]*$|(^|\/)(adrs?|decisions|templates?)\/|template/i;
const MAX_CARD_MARKER_FINDINGS = 10;
/** Titles and names of system cards that the card vocabulary does not use (Microsoft's transparency notes). */
const TRANSPARENCY_NOTE = /\btransparency (note|faq|documentation|report)s?\b|\bresponsible ai (note|faq|statement)\b/i;
/** Sections of a system card about the models it calls and who runs them ("Models and providers"). */
const MODELS_HEADING = /\b(models?|providers?|llms?|foundation models?|sub-?processors?|third[- ]party (models|services))\b/i;
/** Sections on how the system fails, under a name the card templates do not use. */
const FAILURE_HEADING = /\bfailure modes?\b|\bknown (failures|errors)\b|\bwhere it (fails|goes wrong)\b/i;
/** A fine-tuned model's data and procedure section ("Fine-tuning data", "Fine-tuning procedure"). */
const FINE_TUNING_HEADING = /\bfine[- ]?tun\w*\b|\btuning (data|procedure)\b/i;
const PROCEDURE_HEADING = /\bfine[- ]?tun\w*\b|\bprocedure\b|\bhyper-?param\w*\b|\btraining (details|setup|configuration)\b/i;

/** A section with this much filled text is more than a one-liner. */
const SUBSTANTIVE_WORDS = 25;
const SUBSTANTIVE_WORDS_AS_LIST = 12;

const VERSION = /\bv(?:ersion)?\s*(?:[:=#]\s*)?\d+(?:\.\d+)*\b|\bversion\b[^.\n]{0,40}\d|\breleased?\b[^.\n]{0,30}\d|\b\d+\.\d+\.\d+\b/i;
const MODEL_TYPE =
  /\b(model type|architecture|classifier|classification|regress\w*|transformer|gradient[- ]boost\w*|boost\w*|neural|lightgbm|xgboost|catboost|random forest|logistic|linear model|bert|gpt|llm|language model|cnn|rnn|lstm|decision trees?|svm|k-?means|clustering|forecast\w*|ranking|recommender|detector|segmentation|diffusion|encoder|decoder|ensemble)\b/i;
const DATA_SOURCE = /\b(sources?|from|collected|export(ed|s)?|crm|database|warehouse|logs?|survey|scraped|dataset|corpus|tables?|system|api|provided by)\b/i;
const DATA_PERIOD = /\b(19|20)\d{2}\b/;
const DATA_SIZE =
  /\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\s*(?:k|m|b|bn|thousand|million|billion)\b|\b\d+\s+(?:rows|records|samples|examples|customers|users|images|documents|tokens|hours|instances|observations|transactions|sessions|accounts|stores|items|products|tickets|invoices|patients|claims|files|utterances|pairs|sentences|days|weeks|months|years)\b/i;
/** "Out-of-scope use cases: …" inside Intended Use (Mitchell et al.), or a "must not be used for" sentence. */
const OUT_OF_SCOPE_LINE = /\bout[- ]of[- ]scope\b[^:\n]{0,30}:\s*\S|\b(must|should) not be used\b|\bnot (intended|designed|suitable|validated) for\b/i;
/** Out-of-scope uses as a bold label opening a paragraph (`**Out-of-scope** Use in …`) or as advice against a use. */
const OUT_OF_SCOPE_LABEL = /^[ \t]{0,4}(?:\*\*|__)?out[- ]of[- ]scope(?: uses?| use cases?)?(?:\*\*|__)?[ \t]{0,4}[:\-–—]?[ \t]{0,4}\S/i;
const ADVISED_AGAINST = /\b(?:recommend|caution|advise|warn)s?[ \t]{1,4}(?:\w{1,20}[ \t]{1,4}){0,2}?against[ \t]{1,4}(?:the[ \t]{1,4})?us(?:e|ing)\b/i;
/** A use section under a name the card vocabulary does not list ("Model Use", "Evaluated Use", "Primary intended uses"). */
const USE_HEADING = /\b(?:model|evaluated|primary|intended|appropriate|expected) uses?\b/i;
/** Who made the card's model, when named outside a contact section ("Contributors", "Model developers Meta"). */
const PEOPLE_HEADING = /\b(?:contributors?|authors?|maintainers?|core team)\b/i;
const FEEDBACK_LINE = /\bquestions or comments\b|\b(?:send|provide|give)[ \t]{1,4}(?:\w{1,20}[ \t]{1,4})?(?:questions|feedback|comments)\b|\breport (?:issues|problems|bugs)\b/i;
/** Evaluation numbers in an HTML table cell (`<td>66.6</td>`), as cards rendered from documents often hold. */
const HTML_NUMBER_CELL = /<td\b[^>]{0,200}>[ \t\r\n]{0,40}(?:[<>≥≤=~]{1,2}[ \t]{0,4})?-?(?:\d{1,6}(?:\.\d{1,6})?|\.\d{1,6})[ \t]{0,4}%?[ \t\r\n]{0,40}<\/td>/i;
const DATA_VERSION = /\b(dvc|lfs|versions?|versioned|revision|hash|sha\d*|commit|snapshot|release|tag)\b/i;
const METRIC_NUMBER =
  /\b(accuracy|precision|recall|f1|f-score|auc|pr-auc|roc-auc|auprc|auroc|rmse|mae|mape|mse|bleu|rouge\w*|perplexity|log ?loss|r2|r²|map|ndcg|wer|cer|exact match|top-\d|iou|brier)\b[^.\n]{0,40}?\d*\.?\d+/i;
const NUMBER_CELL = /^\s*(?:[<>≥≤=~]+\s*)?-?(?:\d+(?:\.\d+)?|\.\d+)\s*(?:%\s*)?$/;
const EVAL_DATA = /\b(test(ing)?( set| split| data)?|hold-?out|held[- ]out|validation|eval(uation)? (set|data|split)|benchmark|split|cross[- ]validation)\b/i;
const CONTACT_ROUTE = /(?<![\w.+-])[\w.+-]+@[\w-]+(\.[\w-]+)+|https?:\/\/\S+|(^|\s)[#@][a-z0-9][\w.-]{1,79}|\b(slack|teams channel|jira|servicenow|pagerduty|on-?call)\b/i;

type Criterion = 'details' | 'intended-use' | 'training-data' | 'evaluation' | 'limitations' | 'contact';
const CRITERIA: readonly Criterion[] = ['details', 'intended-use', 'training-data', 'evaluation', 'limitations', 'contact'];

/**
 * Which card the delivery owes: a model card for trained weights (`fineTuned` also asks for the base model and the
 * tuning), a system card for an application that only prompts hosted or open models, none for a data pipeline.
 */
type CardKind = { kind: 'model'; fineTuned: boolean; alsoLlm: boolean } | { kind: 'system' } | { kind: 'none' };

function cardKind(profiles: Pick<DeliveryProfiles, 'judged'>): CardKind {
  if (profiles.judged.every((profile) => profile === 'data-pipeline')) return { kind: 'none' };
  if (promptedOnly(profiles)) return { kind: 'system' };
  return { kind: 'model', fineTuned: profiles.judged.includes('fine-tuned-model'), alsoLlm: profiles.judged.includes('llm-application') && trainsModel(profiles) };
}

const check = defineCheck({
  id: 'model-card',
  title: 'Model card',
  rationale:
    'A model card is the one page a receiving team reads before touching the model: what it is, what it may and may not be used for, what data it learned from, how well it does on what, where it fails, and who to ask. A template with the blanks left in tells them nothing.',
  defaultWeight: 2,
  criteria: [
    {
      id: 'details',
      title: 'Model details: what it is, its type and version',
      weight: 1.5,
      description:
        'A filled Model Details / description section that names the model type and the version delivered; a fine-tuned model\'s card also names its base model (half the value without it). A system card instead describes the system and the models it calls (50%), names them with their versions (25%) and names the provider that receives the data (25%).',
    },
    { id: 'intended-use', title: 'Intended use and out-of-scope use', weight: 2, description: 'Who uses the model for what (60%), and which uses are out of scope (40%), in real sentences or lists.' },
    {
      id: 'training-data',
      title: 'Training data described',
      weight: 2,
      description:
        'A filled Training Data section (40%) naming the source, the period, the size and a link to the exact dataset version (15% each); for a fine-tuned model the fine-tuning data, and the tuning procedure (method or hyper-parameters) as a fifth facet (12% each). Not applicable to a system card: an application that only prompts hosted or open models trains no weights.',
    },
    {
      id: 'evaluation',
      title: 'Evaluation with numbers',
      weight: 2,
      description:
        'A filled Evaluation section (40%) with metric values (40%) and the data they were measured on (20%); `model-index` metadata counts. A system card: what was measured with its results (30%: pass rates, groundedness, citation accuracy, latency…), the thresholds they had to meet (10%) and the suite or cases they were measured on (20%).',
    },
    { id: 'limitations', title: 'Limitations, bias and risks', weight: 1.5, description: 'A filled Bias, Risks and Limitations (or Caveats / Ethical Considerations / Known failure modes) section; a one-liner earns 40%.' },
    { id: 'contact', title: 'Ownership and contact', weight: 1, description: 'Model Card Authors / Contact naming people or a team and a way to reach them (e-mail, channel, URL).' },
  ],
  findings: {
    'no-model-card': {
      severity: 'error',
      title: 'No model card',
      remediation:
        'Add MODEL_CARD.md at the repository root (or a Hugging Face README.md with YAML front matter) with Model Details, Intended Use, Out-of-Scope Use, Training Data, Evaluation, Bias/Risks/Limitations and Model Card Contact sections, following the Hugging Face model card template or Mitchell et al. (2019).',
    },
    'missing-details': { severity: 'warning', title: 'No model details', criterion: 'details', remediation: 'Add a "## Model Details" section: what the model predicts, its type (e.g. LightGBM binary classifier), the version delivered and its registry name.' },
    'system-models-incomplete': {
      severity: 'warning',
      title: 'System card does not name the models or the provider',
      criterion: 'details',
      remediation: 'List every model the system calls with its exact version (e.g. `anthropic.claude-3-5-sonnet-20240620-v1:0`, `gpt-4o-2024-08-06`) and the provider that runs it and receives the prompts (e.g. Amazon Bedrock in eu-central-1, Azure OpenAI), per call.',
    },
    'base-model-unnamed': {
      severity: 'warning',
      title: 'Fine-tuned model card does not name its base model',
      criterion: 'details',
      remediation: 'Name the base model with its Hub id and revision (`base_model:` in the front matter and a sentence in Model Details), so the receiver can fetch the exact weights the adapter or fine-tune applies to.',
    },
    'details-incomplete': { severity: 'info', title: 'Model details lack type or version', criterion: 'details', remediation: 'State the model type and the exact version delivered (registry version, tag or release), so the receiver knows which model the card describes.' },
    'missing-intended-use': { severity: 'warning', title: 'No intended use', criterion: 'intended-use', remediation: 'Add an "## Intended Use" section: who uses the model, for which decision, and whether a human stays in the loop.' },
    'missing-out-of-scope': { severity: 'warning', title: 'No out-of-scope uses', criterion: 'intended-use', remediation: 'Add an "## Out-of-Scope Use" section listing uses the model was not built or evaluated for (populations, decisions, markets).' },
    'missing-training-data': { severity: 'warning', title: 'No training data section', criterion: 'training-data', remediation: 'Add a "## Training Data" section: source systems, time period, size, preprocessing, and a link to the exact dataset version (DVC file, dataset card, revision).' },
    'training-data-incomplete': { severity: 'warning', title: 'Training data description is incomplete', criterion: 'training-data', remediation: 'Name the data source, the period covered, the size (rows, customers) and link the exact dataset version (DVC file, dataset id, revision or hash).' },
    'tuning-procedure-missing': {
      severity: 'warning',
      title: 'Fine-tuning procedure not described',
      criterion: 'training-data',
      remediation: 'Describe how the base model was tuned: the method (LoRA/QLoRA, full fine-tuning, DPO), the main hyper-parameters (rank, learning rate, epochs, batch size) and the script or config that ran it.',
    },
    'missing-evaluation': { severity: 'warning', title: 'No evaluation section', criterion: 'evaluation', remediation: 'Add an "## Evaluation" section with a table of metrics and their values, and the test data (split, period, size) they were measured on; mirror them in `model-index` metadata.' },
    'evaluation-without-numbers': { severity: 'warning', title: 'Evaluation has no metric values', criterion: 'evaluation', remediation: 'Report metric values (e.g. "PR-AUC 0.74 on the 2025-Q2 holdout"), not prose such as "performs well".' },
    'evaluation-without-data': { severity: 'info', title: 'Evaluation does not name its data', criterion: 'evaluation', remediation: 'Say which data the metrics were measured on: dataset, split, period and size.' },
    'evaluation-without-thresholds': { severity: 'info', title: 'Evaluation states no thresholds', criterion: 'evaluation', remediation: 'State the threshold each measure had to meet for the version to be approved (e.g. "groundedness ≥ 0.8 on every case", "all injection cases end in a refusal"), next to the results.' },
    'model-index-invalid': { severity: 'warning', title: 'model-index metadata is incomplete', criterion: 'evaluation', remediation: 'Each model-index result needs task.type, dataset.name/type and metrics with type and value (huggingface_hub ModelCardData).' },
    'missing-limitations': { severity: 'warning', title: 'No limitations section', criterion: 'limitations', remediation: 'Add a "## Bias, Risks, and Limitations" section naming the populations, inputs and conditions where the model is weak, with numbers where you have them.' },
    'missing-contact': { severity: 'warning', title: 'No owner or contact', criterion: 'contact', remediation: 'Add "## Model Card Authors" and "## Model Card Contact" sections naming the vendor author and the buyer-side owner with an e-mail or channel.' },
    'contact-unreachable': { severity: 'info', title: 'Contact gives no way to reach anyone', criterion: 'contact', remediation: 'Add an e-mail address, a chat channel or an issue tracker URL next to the names.' },
    'template-section': { severity: 'warning', title: 'Section holds only template text', remediation: 'Replace "[More Information Needed]" and the template boilerplate with the real content, or remove the section if it truly does not apply and say why.' },
    'thin-section': { severity: 'info', title: 'Section is a one-liner', remediation: 'Expand the section: a receiving team needs specifics (numbers, populations, systems, names), not a single sentence.' },
    'template-marker': { severity: 'info', title: 'Unfilled template marker', remediation: 'Fill in or delete the "[More Information Needed]" field and the default template text.' },
    'card-is-symlink': {
      severity: 'warning',
      title: 'Model card is a symbolic link',
      remediation: 'Commit the model card as a regular file: links are never followed (one can point outside the repository, or nowhere once the vendor is gone), so a linked card is not judged.',
    },
    'front-matter-unparsed': { severity: 'warning', title: 'Card metadata could not be parsed', remediation: 'Fix the YAML front matter between the leading `---` lines (see the Hugging Face model card metadata spec).' },
  },
  scale: {
    high: 'A card (MODEL_CARD.md or a Hugging Face README) with model type and version, intended and out-of-scope uses, training data with source, period, size and dataset version, evaluation with metric values on named data, limitations, and a reachable owner.',
    low: 'No model card, or a card that is still the template ("[More Information Needed]").',
  },
  profiles: {
    'llm-application':
      'the system card instead (SYSTEM_CARD.md, a transparency note, or any document or README whose sections cover it): the models called with their versions and the provider receiving the data, intended and out-of-scope use, evaluation results against thresholds on named cases, limitations and failure modes, and the owner; training data is not applicable when nothing is trained.',
    'fine-tuned-model': 'the model card of the fine-tuned model, which must also name the base model and describe the fine-tuning data and procedure.',
    'data-pipeline': 'nothing when the delivery is only a data pipeline: there is no model, and the datasets\' cards are judged by dataset-versioning.',
  },
  recognises: [
    'card files: MODEL_CARD.md, model_card.md, MODELCARD.md, model-card*.md anywhere (e.g. docs/model-card.md), and policy locations',
    'Hugging Face model cards: README.md with YAML front matter holding ModelCardData keys (library_name, pipeline_tag, base_model, model-index, or datasets/metrics with license/tags/language), or titled "Model Card"',
    'headings of the Hugging Face template (Model Details, Uses, Out-of-Scope Use, Bias, Risks, and Limitations, Training Details, Evaluation, Model Card Authors/Contact) and of Mitchell et al. 2019 (Intended Use, Factors, Metrics, Evaluation Data, Training Data, Quantitative Analyses, Ethical Considerations, Caveats and Recommendations)',
    'unfilled template markers: "[More Information Needed]", the default Recommendations sentence, unrendered {{ slots }}',
    `cards under other names (SYSTEM_CARD.md, docs/ai-system.md): a document titled or named in the card vocabulary (${describeFamily(MODEL_CARD_TITLE)}) with two filled parts, or one whose filled sections cover evaluation and limitations plus details or intended use, about a model or AI system; not change logs, decision records or templates`,
    `other headings by vocabulary: ${[SYSTEM_DETAILS, INTENDED_USE, TRAINING_DATA, EVALUATION, LIMITATIONS].map(describeFamily).join('; ')} ("Performance and Limitations" counts for evaluation and limitations); "Known failure modes" counts for limitations`,
    'system cards of LLM applications: documents titled as a transparency note (Microsoft) as well, and READMEs whose filled sections cover evaluation and limitations plus details or intended use; model names with versions (claude-…, gpt-…, gemini-…, llama-…, mistral-…, Bedrock and Azure model ids), providers (OpenAI, Azure OpenAI, Anthropic, Amazon Bedrock, Vertex AI, Mistral AI, Cohere, self-hosted), LLM measures (pass rate, faithfulness, groundedness, citation accuracy, refusal rate, latency) and thresholds',
    'fine-tuned models: the base model from `base_model` front matter or a "base model: org/name" / "fine-tuned from …" sentence, the tuning procedure (LoRA, QLoRA, PEFT, SFT, DPO, epochs, learning rate, rank) and "Fine-tuning data" sections',
  ],
  async run(snapshot, context) {
    const profiles = context.profiles ?? DEFAULT_PROFILES;
    const kind = cardKind(profiles);
    if (kind.kind === 'none') {
      const seen = profiles.sightings.find((sighting) => sighting.profile === 'data-pipeline');
      const why = seen ? ` (${seen.why}: ${seen.path})` : '';
      return { status: 'skip', reason: `No model: the delivery is judged as a data pipeline only${why}; the datasets' cards are judged by dataset-versioning.` };
    }
    const system = kind.kind === 'system';
    const noun = system ? 'system card' : 'model card';
    const cards = await findModelCards(snapshot, context.locations, { readmesByContent: profiles.judged.includes('llm-application') });
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    // An application that only prompts models trains no weights: there is no training data of its own to describe.
    const notApplicable = system ? [{ criterion: 'training-data', reason: `the delivery is judged as an LLM application that trains nothing (${describeJudged(profiles)}): the models' training data is their providers', and the system card names the models and providers instead` }] : [];
    // A card by name that is a link is not read; said, so "no model card" never hides a card that is there.
    for (const path of linkedCardFiles(snapshot)) {
      findings.push(findingFrom(check, 'card-is-symlink', `${path} is a symbolic link and was not followed, so it was not judged.`, { path }));
    }
    if (cards.length === 0) {
      findings.push(
        system
          ? findingFrom(check, 'no-model-card', 'No system card found (looked for SYSTEM_CARD.md and other documents titled as a system, model or AI card or a transparency note, model card files, and READMEs or documents whose filled sections cover the system, its intended use, evaluation and limitations).', { remediation: SYSTEM_CARD_REMEDIATION })
          : findingFrom(check, 'no-model-card', 'No model card found (looked for MODEL_CARD.md, model_card.md, MODELCARD.md, model-card*.md, and README.md files with Hugging Face model card metadata).'),
      );
      return { status: 'judged', criteria: zeroes(), evidence, findings, summary: `No ${noun} found.`, notApplicable };
    }
    const mode: JudgeMode = system ? { system: true, fineTuned: false } : { system: false, fineTuned: kind.kind === 'model' && kind.fineTuned };
    const judged = cards.map(({ path, card, source }) => judgeCard(path, card, findings, mode, source));
    for (const [index, { path, card, recognisedBy }] of cards.entries()) evidence.push(describeCard(path, card, judged[index], recognisedBy, system));
    // Trained and an LLM application: training data stays required; what the card says of the LLMs is shown too.
    if (kind.kind === 'model' && kind.alsoLlm) for (const { path, card } of cards) evidence.push(describeLlmFacts(path, card));
    const criteria = zeroes();
    for (const criterion of CRITERIA) criteria[criterion] = judged.reduce((sum, values) => sum + values[criterion], 0) / judged.length;
    const applicable = CRITERIA.filter((criterion) => !notApplicable.some((entry) => entry.criterion === criterion));
    const complete = judged.filter((values) => applicable.every((criterion) => values[criterion] >= 0.8)).length;
    return {
      status: 'judged',
      criteria,
      evidence,
      findings,
      summary: `${cards.length} ${noun}(s), ${complete} covering all ${applicable.length} parts a receiver needs with real content.`,
      notApplicable,
    };
  },
});

const SYSTEM_CARD_REMEDIATION =
  'Add SYSTEM_CARD.md: the models the system calls with their versions and the provider that receives the data, intended and out-of-scope use, the evaluation (what was measured, the results and the thresholds they had to meet, on which cases), the limitations and known failure modes, and who owns the system.';

function describeJudged(profiles: Pick<DeliveryProfiles, 'judged' | 'source'>): string {
  return `${profiles.judged.join(' + ')}, ${profiles.source === 'policy' ? "from the buyer's policy" : profiles.source === 'detected' ? 'as the scan found it' : 'by default'}`;
}

export default check;

export interface FoundModelCard {
  path: string;
  source: string;
  card: ModelCard;
  /** Why a document under another name was taken for a card (absent for card files and READMEs). */
  recognisedBy?: string;
}

/**
 * Card files by name, READMEs that carry model card metadata or say "Model Card", and policy locations; then
 * documents that are cards by content. `readmesByContent`: an LLM application's system card is often a set of
 * README sections, so a README whose sections cover a card counts too.
 */
export async function findModelCards(snapshot: Snapshot, locations: readonly string[] = [], options: { readmesByContent?: boolean } = {}): Promise<FoundModelCard[]> {
  const usable = (path: string) => /\.(md|markdown)$/i.test(path) && !THIRD_PARTY.test(path) && !snapshot.isSymlink(path);
  const named = snapshot.files.filter((path) => usable(path) && isModelCardFileName(path));
  const extra = locations.length ? snapshot.glob(locations).filter(usable) : [];
  const readmes = snapshot.files
    .filter((path) => usable(path) && isReadmeFileName(path) && path.split('/').length <= MAX_README_DEPTH)
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))
    .slice(0, MAX_READMES);
  const found: FoundModelCard[] = [];
  const seen = new Set<string>();
  for (const [path, byName] of [...named.map((p) => [p, true] as const), ...extra.map((p) => [p, true] as const), ...readmes.map((p) => [p, false] as const)]) {
    if (seen.has(path)) continue;
    seen.add(path);
    const read = await snapshot.readText(path);
    if (!read.ok) continue; // the snapshot records why, with the path
    const card = parseModelCard(read.text);
    if (byName || readmeIsModelCard(card)) found.push({ path, source: read.text, card });
    else if (options.readmesByContent) {
      const verdict = isModelCardByContent(card, path);
      if (verdict.card) found.push({ path, source: read.text, card, recognisedBy: `a README whose sections ${verdict.reason}` });
    }
  }
  // Cards under other names and places, recognised by what they hold.
  const others = snapshot.files.filter((path) => usable(path) && !seen.has(path) && !isReadmeFileName(path) && !NOT_A_CARD.test(path) && path.split('/').length <= MAX_README_DEPTH);
  const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  const likely = others.filter((path) => /card|model|system|ai[-_]|transparency/i.test(base(path)));
  const likelySet = new Set(likely);
  for (const path of [...likely, ...others.filter((path) => !likelySet.has(path))].slice(0, MAX_CONTENT_CANDIDATES)) {
    const size = await snapshot.sizeOf(path);
    if (size === undefined || size > 512 * 1024) continue;
    const read = await snapshot.readText(path);
    if (!read.ok) continue;
    const card = parseModelCard(read.text);
    const verdict = isModelCardByContent(card, path);
    if (verdict.card) found.push({ path, source: read.text, card, recognisedBy: verdict.reason });
    else if (isTransparencyNote(card, path)) found.push({ path, source: read.text, card, recognisedBy: `titled "${(card.title?.text ?? base(path)).slice(0, 60)}"` });
  }
  return found;
}

/** A transparency note (Microsoft's system card) by title or file name, with at least two filled card parts. */
function isTransparencyNote(card: ModelCard, path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/[-_]+/g, ' ');
  if (!TRANSPARENCY_NOTE.test(card.title?.text ?? '') && !TRANSPARENCY_NOTE.test(name)) return false;
  return new Set(card.sections.filter((section) => section.words >= 10).map((section) => section.part)).size >= 2;
}

/** Card files by name that are symbolic links (the snapshot lists links but never reads through them). */
function linkedCardFiles(snapshot: Snapshot): string[] {
  return snapshot.files.filter((path) => snapshot.isSymlink(path) && /\.(md|markdown)$/i.test(path) && !THIRD_PARTY.test(path) && isModelCardFileName(path));
}

type CardValues = Record<Criterion, number>;

function zeroes(): CardValues {
  return { details: 0, 'intended-use': 0, 'training-data': 0, evaluation: 0, limitations: 0, contact: 0 };
}

/** `system`: judged as a system card; `fineTuned`: the card must name the base model and the tuning. */
interface JudgeMode {
  system: boolean;
  fineTuned: boolean;
}

/** `source`: the card as written (HTML tables included), for numbers the Markdown reading leaves out. */
function judgeCard(path: string, card: ModelCard, findings: Finding[], mode: JudgeMode = { system: false, fineTuned: false }, source = card.document.text): CardValues {
  const values = zeroes();
  const at = (line?: number) => ({ path, line: line ?? card.title?.line ?? 1 });
  const add = (id: string, message: string, line?: number) => findings.push(findingFrom(check, id, message, at(line)));

  if (card.metadataError) add('front-matter-unparsed', `Front matter not parsed (${describeFormatError(card.metadataError)}); its metadata (licence, datasets, model-index) is lost.`, card.metadataError.line ?? 1);

  /** 0 for missing or template-only, 0.4 for a one-liner, 1 for real content; emits the finding. */
  const fill = (section: CardSection | undefined, missingId: string, missingMessage: string, substantive = isSubstantive): number => {
    if (!section) {
      add(missingId, missingMessage);
      return 0;
    }
    if (section.empty) {
      add('template-section', `"${section.heading.text}" holds only template text or nothing.`, section.heading.line);
      return 0;
    }
    if (!substantive(section)) {
      add('thin-section', `"${section.heading.text}" is a one-liner (${section.words} words).`, section.heading.line);
      return 0.4;
    }
    return 1;
  };
  const lines = (section: CardSection) => ({ from: section.heading.line, to: section.endLine });

  // Model details: the best details section, or the summary under the card's title.
  if (mode.system) values.details = judgeSystemDetails(card, fill, add);
  const details = mode.system ? undefined : (sectionFor(card, 'details') ?? titleSummary(card));
  const detailsFill = mode.system ? 0 : fill(details, 'missing-details', 'The card has no Model Details section.');
  if (details && detailsFill > 0) {
    const text = `${card.title?.text ?? ''}\n${details.filled}`;
    const hasVersion = VERSION.test(text);
    const hasType = MODEL_TYPE.test(text) || Boolean(card.metadata?.libraryName || card.metadata?.pipelineTag);
    const missing = [hasType ? '' : 'model type', hasVersion ? '' : 'version'].filter(Boolean);
    if (missing.length) add('details-incomplete', `Model details do not state the ${missing.join(' or the ')}.`, details.heading.line);
    values.details = detailsFill * 0.6 + (hasVersion ? 0.2 : 0) + (hasType ? 0.2 : 0);
  }
  if (mode.fineTuned && !baseModelNamed(card.document.text, card.metadata?.baseModel ?? [])) {
    add('base-model-unnamed', 'The card of a fine-tuned model names no base model (no `base_model` front matter, no "base model: …" or "fine-tuned from …" naming one).', details?.heading.line);
    values.details *= 0.5;
  }

  // Intended use and out-of-scope use.
  const intended = fill(sectionFor(card, 'intended-use') ?? sectionByHeading(card, USE_HEADING, 'intended-use'), 'missing-intended-use', 'The card has no Intended Use (or Uses / Direct Use / Model Use) section.');
  const scopeSection = sectionFor(card, 'out-of-scope');
  const scopeLine = scopeSection ? undefined : outOfScopeLine(card);
  const outOfScope = scopeLine
    ? scopeLine.words >= 8
      ? 1
      : 0.5
    : fill(scopeSection, 'missing-out-of-scope', 'The card names no out-of-scope uses.', (section) => section.items >= 2 || section.words >= 15);
  values['intended-use'] = intended * 0.6 + outOfScope * 0.4;

  // Training data: source, period, size, and a link to the dataset version (a system card has none to describe).
  const training = mode.system ? undefined : (sectionFor(card, 'training-data') ?? (mode.fineTuned ? sectionByHeading(card, FINE_TUNING_HEADING, 'training-data') : undefined));
  const trainingFill = mode.system ? 0 : fill(training, 'missing-training-data', mode.fineTuned ? 'The card has no Training Data or Fine-tuning Data section.' : 'The card has no Training Data section.');
  if (training && trainingFill > 0) {
    const text = training.filled;
    const { from, to } = lines(training);
    const linked =
      card.document.links.some((link) => link.line >= from && link.line <= to) ||
      card.document.code.some((code) => code.kind === 'inline' && code.line >= from && code.line <= to && /[/.]/.test(code.value)) ||
      DATA_VERSION.test(text) ||
      (card.metadata?.datasets.length ?? 0) > 0;
    const facets = { source: DATA_SOURCE.test(text), period: DATA_PERIOD.test(text), size: DATA_SIZE.test(text), 'dataset version': linked };
    const missing = Object.entries(facets).filter(([, present]) => !present).map(([name]) => name);
    if (missing.length) add('training-data-incomplete', `Training data does not state: ${missing.join(', ')}.`, training.heading.line);
    values['training-data'] = trainingFill * 0.4 + 0.15 * (4 - missing.length);
    if (mode.fineTuned) {
      // The procedure is the fifth facet: the data alone does not say how the base model was changed.
      const procedure = describesTuningProcedure([text, ...procedureSections(card)].join('\n'));
      if (!procedure) add('tuning-procedure-missing', 'The card does not say how the base model was tuned (no method such as LoRA, QLoRA, SFT or DPO, no hyper-parameters such as rank, learning rate or epochs).', training.heading.line);
      values['training-data'] = trainingFill * 0.4 + 0.12 * (4 - missing.length + (procedure ? 1 : 0));
    }
  }

  // Evaluation: numbers on named data, from the section or from model-index.
  const evaluation = mergedSectionFor(card, 'evaluation');
  const indexMetrics = (card.metadata?.modelIndex ?? []).flatMap((result) => result.metrics.filter((metric) => typeof metric.value === 'number' || /\d/.test(String(metric.value ?? ''))).map(() => result));
  const indexHasData = indexMetrics.some((result) => result.dataset !== null);
  for (const problem of card.metadata?.problems.slice(0, 5) ?? []) add('model-index-invalid', `model-index: ${problem}.`, 1);
  if (!evaluation && indexMetrics.length > 0) {
    add('missing-evaluation', `The card has no Evaluation section; only ${indexMetrics.length} model-index metric value(s) in the metadata.`);
    values.evaluation = 0.4 + (indexHasData ? 0.2 : 0);
  } else {
    const evaluationFill = fill(evaluation, 'missing-evaluation', 'The card has no Evaluation (or Results / Metrics) section and no model-index metrics.');
    if (evaluation && evaluationFill > 0) {
      // Numbers and data may sit in any evaluation section (Mitchell: Metrics, Evaluation Data, Quantitative Analyses).
      const all = sectionsFor(card, 'evaluation');
      const tables = card.document.tables.filter((table) => all.some((section) => table.line >= section.heading.line && table.line <= section.endLine));
      const numbers =
        tables.some((table) => table.rows.some((row) => row.some((cell) => NUMBER_CELL.test(cell)))) ||
        all.some((section) => METRIC_NUMBER.test(section.filled)) ||
        all.some((section) => htmlNumberCell(source, section)) ||
        indexMetrics.length > 0;
      const data = all.some((section) => EVAL_DATA.test(section.filled)) || indexHasData;
      if (mode.system) {
        // A system card: what was measured with results, the thresholds they had to meet, the cases they ran on.
        const facts = systemEvaluationFacts(all.map((section) => section.filled).join('\n'), tables.flatMap((table) => table.rows.flat()));
        const results = numbers || facts.results;
        const cases = data || facts.data;
        if (!results) add('evaluation-without-numbers', 'The Evaluation section reports no results (no measure with a value, no pass rate, no numbers in a results table).', evaluation.heading.line);
        if (!facts.thresholds) add('evaluation-without-thresholds', 'The Evaluation section states no threshold the results had to meet.', evaluation.heading.line);
        if (!cases) add('evaluation-without-data', 'The Evaluation section does not say which suite, cases or set the results were measured on.', evaluation.heading.line);
        values.evaluation = evaluationFill * 0.4 + (results ? 0.3 : 0) + (facts.thresholds ? 0.1 : 0) + (cases ? 0.2 : 0);
      } else {
        if (!numbers) add('evaluation-without-numbers', 'The Evaluation section reports no metric values.', evaluation.heading.line);
        if (!data) add('evaluation-without-data', 'The Evaluation section does not say which data the metrics were measured on.', evaluation.heading.line);
        values.evaluation = evaluationFill * 0.4 + (numbers ? 0.4 : 0) + (data ? 0.2 : 0);
      }
    }
  }

  // Limitations, bias and risks.
  values.limitations = fill(
    sectionFor(card, 'limitations') ?? sectionByHeading(card, FAILURE_HEADING, 'limitations'),
    'missing-limitations',
    'The card has no Bias, Risks, and Limitations (or Limitations / Caveats / Ethical Considerations / Known failure modes) section.',
  );

  // Ownership and contact.
  const contacts = card.sections.filter((section) => section.part === 'contact' && !section.empty);
  // A contributors list or a "where to send questions" line names the people and the route under other names.
  const people = contacts.length ? undefined : sectionByHeading(card, PEOPLE_HEADING, 'contact');
  const linked = (line: number) => card.document.links.some((link) => link.line === line && /^(?:https?:|mailto:)/i.test(link.url));
  const feedback = contacts.length ? undefined : card.document.paragraphs.find((paragraph) => FEEDBACK_LINE.test(paragraph.text) && (CONTACT_ROUTE.test(paragraph.text) || linked(paragraph.line)));
  if (people && !people.empty) contacts.push(people);
  const contactText = [...contacts.map((section) => section.filled), feedback ? `${feedback.text} ${card.document.links.filter((link) => link.line === feedback.line).map((link) => link.url).join(' ')}` : ''].join('\n');
  const developer = developedBy(card);
  if (contacts.length === 0 && feedback) values.contact = developer ? 1 : 0.6;
  else if (contacts.length === 0) {
    const template = card.sections.find((section) => section.part === 'contact');
    if (template) add('template-section', `"${template.heading.text}" holds only template text or nothing.`, template.heading.line);
    else add('missing-contact', developer ? `The card names a developer ("${developer.slice(0, 60)}") but no owner or contact.` : 'The card names no authors, owner or contact.');
    values.contact = developer ? (CONTACT_ROUTE.test(developer) ? 0.6 : 0.3) : 0;
  } else if (CONTACT_ROUTE.test(contactText)) values.contact = 1;
  else {
    add('contact-unreachable', 'The authors/contact section names no e-mail, channel or URL.', contacts[0].heading.line);
    values.contact = countWords(contactText) >= 2 ? 0.6 : 0.3;
  }

  reportMarkers(path, card, findings);
  return values;
}

type Fill = (section: CardSection | undefined, missingId: string, missingMessage: string, substantive?: (section: CardSection) => boolean) => number;

/**
 * A system card's details: a section on the system or the models it calls (half), the models named with their
 * versions (a quarter) and the provider that receives the data (a quarter), anywhere in the card.
 */
function judgeSystemDetails(card: ModelCard, fill: Fill, add: (id: string, message: string, line?: number) => void): number {
  const candidates = [sectionFor(card, 'details'), sectionByHeading(card, MODELS_HEADING, 'details'), titleSummary(card)].filter((section): section is CardSection => section !== undefined);
  const best = candidates.reduce<CardSection | undefined>((top, section) => (!top || section.words > top.words ? section : top), undefined);
  const sectionValue = fill(best, 'missing-details', 'The system card has no section on the system and the models it calls (System Details, Models, Models and providers).');
  const models = versionedModelsIn(card.document.text);
  const providers = providersIn(card.document.text);
  const missing = [models.length ? '' : 'the models with their versions', providers.length ? '' : 'the provider that receives the data'].filter(Boolean);
  if (missing.length) add('system-models-incomplete', `The system card does not name ${missing.join(' or ')}.`, best?.heading.line);
  return sectionValue * 0.5 + (models.length ? 0.25 : 0) + (providers.length ? 0.25 : 0);
}

/**
 * A section the card templates do not name, found by its heading ("Models and providers", "Known failure modes",
 * "Fine-tuning data"): the fullest one below the title, measured as a card part.
 */
function sectionByHeading(card: ModelCard, heading: RegExp, part: ModelCardPart): CardSection | undefined {
  let best: CardSection | undefined;
  for (const section of card.document.sections) {
    if (section.heading.depth === 1 || !heading.test(section.heading.text)) continue;
    const filled = stripTemplateText(section.content);
    const words = countWords(filled);
    const items = filled.split('\n').filter((line) => /^\s*(?:[-*+]\s+\S|\|)/.test(line)).length;
    const measured: CardSection = { part, heading: section.heading, endLine: section.endLine, filled, words, bodyWords: countWords(stripTemplateText(section.body)), items, empty: words === 0 };
    if (!best || measured.words > best.words) best = measured;
  }
  return best;
}

/** Text of the sections that may describe how a model was tuned (procedure, hyper-parameters, fine-tuning). */
function procedureSections(card: ModelCard): string[] {
  return card.document.sections.filter((section) => PROCEDURE_HEADING.test(section.heading.text)).map((section) => stripTemplateText(section.content));
}

function isSubstantive(section: CardSection): boolean {
  return section.words >= SUBSTANTIVE_WORDS || (section.words >= SUBSTANTIVE_WORDS_AS_LIST && section.items >= 2);
}

/** The prose under the card's level-1 title (HF: "Provide a quick summary of what the model is/does"). */
function titleSummary(card: ModelCard): CardSection | undefined {
  const title = card.document.sections.find((section) => section.heading.depth === 1);
  if (!title) return undefined;
  const filled = stripTemplateText(title.body);
  const words = countWords(filled);
  if (words === 0) return undefined;
  return { part: 'details', heading: title.heading, endLine: title.endLine, filled, words, bodyWords: words, items: 0, empty: false };
}

/** An out-of-scope statement inside another section, with its line and length. */
function outOfScopeLine(card: ModelCard): { line: number; words: number } | undefined {
  for (const paragraph of card.document.paragraphs) {
    if (OUT_OF_SCOPE_LINE.test(paragraph.text) || OUT_OF_SCOPE_LABEL.test(paragraph.text) || ADVISED_AGAINST.test(paragraph.text)) return { line: paragraph.line, words: countWords(stripTemplateText(paragraph.text)) };
  }
  return undefined;
}

/** A developer named anywhere outside a contact section. */
const DEVELOPED_BY: readonly RegExp[] = [
  /\bdeveloped by\s*:\s*(.+)$/i, // the HF "Developed by:" line
  /^[ \t]{0,4}(?:\*\*|__)?model developers?(?:\*\*|__)?[ \t]{0,4}:?[ \t]{0,4}(?:\*\*|__)?[ \t]{0,4}(\S.{0,80})$/i, // "**Model developers** Meta"
  /\b(?:developed|trained and released|released|built|created) by ((?:[A-Z][\w&.-]{1,40})(?: [A-Z][\w&.-]{1,40}){0,3})/, // "… trained and released by OpenAI"
  /\b(?:at|from) ((?:[A-Z][\w&.-]{1,40})(?: [A-Z][\w&.-]{1,40}){0,3}) developed the models?\b/, // "Researchers at OpenAI developed the models"
];

/** The developer a card names ("Developed by:", "Model developers", "… released by X"), when it was filled in. */
function developedBy(card: ModelCard): string | null {
  for (const pattern of DEVELOPED_BY) {
    for (const paragraph of card.document.paragraphs) {
      const match = pattern.exec(paragraph.text);
      if (!match || stripTemplateText(match[1]) === '') continue;
      let named = match[1].trim();
      while (/[.,;:]$/.test(named)) named = named.slice(0, -1);
      if (named !== '') return named;
    }
  }
  return null;
}

/** Whether an evaluation section's lines hold an HTML table cell with a number. */
function htmlNumberCell(source: string, section: CardSection): boolean {
  const lines = source.split('\n').slice(section.heading.line - 1, section.endLine);
  return lines.some((line) => line.includes('<td') && HTML_NUMBER_CELL.test(line)) || HTML_NUMBER_CELL.test(lines.join('\n'));
}

function reportMarkers(path: string, card: ModelCard, findings: Finding[]): void {
  const markers = card.markers;
  for (const marker of markers.slice(0, MAX_CARD_MARKER_FINDINGS)) {
    findings.push(findingFrom(check, 'template-marker', `Unfilled template text: ${marker.text}.`, { path, line: marker.line }));
  }
  if (markers.length > MAX_CARD_MARKER_FINDINGS) {
    findings.push(findingFrom(check, 'template-marker', `${markers.length - MAX_CARD_MARKER_FINDINGS} more unfilled template markers (${markers.length} in all).`, { path, line: markers[MAX_CARD_MARKER_FINDINGS].line }));
  }
}

/** For a trained model that is also an LLM application: which LLMs and providers the card names (not scored). */
function describeLlmFacts(path: string, card: ModelCard): Evidence {
  const models = versionedModelsIn(card.document.text);
  const providers = providersIn(card.document.text);
  return {
    path,
    kind: 'system-card-facts',
    note: `also an LLM application: the card names ${models.length ? `models ${models.join(', ')}` : 'no LLM with its version'} and ${providers.length ? `providers ${providers.join(', ')}` : 'no provider'}`,
  };
}

function describeCard(path: string, card: ModelCard, values: CardValues, recognisedBy?: string, system = false): Evidence {
  const judgedParts: ModelCardPart[] = ['details', 'intended-use', 'out-of-scope', 'training-data', 'evaluation', 'limitations', 'contact'];
  const filled = judgedParts.filter((part) => card.sections.some((section) => section.part === part && !section.empty)).length;
  const metrics = (card.metadata?.modelIndex ?? []).reduce((sum, result) => sum + result.metrics.length, 0);
  const judgedCriteria = system ? CRITERIA.filter((criterion) => criterion !== 'training-data') : CRITERIA;
  const strong = judgedCriteria.filter((criterion) => values[criterion] >= 0.8).length;
  const models = system ? versionedModelsIn(card.document.text) : [];
  const providers = system ? providersIn(card.document.text) : [];
  const note = [
    system ? `${card.flavour} card judged as a system card` : `${card.flavour} card`,
    card.title ? `"${card.title.text.slice(0, 80)}"` : 'untitled',
    `${filled}/${judgedParts.length} parts with content`,
    `${strong}/${judgedCriteria.length} criteria met`,
    ...(system ? [`models: ${models.join(', ') || 'none named with a version'}`, `providers: ${providers.join(', ') || 'none named'}`] : []),
    `${metrics} model-index metric(s)`,
    `${card.markers.length} template marker(s)`,
    ...(recognisedBy ? [`a card under another name: ${recognisedBy}`] : []),
  ];
  return { path, line: card.title?.line ?? 1, kind: 'model-card', note: note.join(' · ') };
}
