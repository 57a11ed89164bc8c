// Vocabulary families: the words vendors use for one idea in headings and titles ("Known issues", "Caveats",
// "Performance and Limitations" all say limitations). Checks match a heading against a family, not against
// one exact title, and `explain` prints each family's terms. Pure: text in, boolean out.
//
// A term is a phrase of words; `word*` also matches the word's inflections (limitation, limitations;
// deploy, deploying, deployment), and a lone `*` matches any one word ("switch * off" = "switch chat off").
// Matching is on normalised text (lower case, punctuation to spaces), on word boundaries, anywhere in it.

export interface VocabularyFamily {
  id: string;
  /** What the family means, as `explain` says it. */
  label: string;
  terms: readonly string[];
  /** Compiled from the terms: linear (alternatives of bounded words, no nested quantifiers). */
  pattern: RegExp;
}

function family(id: string, label: string, terms: readonly string[]): VocabularyFamily {
  return { id, label, terms, pattern: compile(terms) };
}

function compile(terms: readonly string[]): RegExp {
  const alternatives = terms.map((term) =>
    term
      .split(' ')
      .map((word) => (word === '*' ? '[\\p{L}\\p{N}]{1,30}' : word.endsWith('*') ? `${escape(word.slice(0, -1))}[\\p{L}]{0,8}` : escape(word)))
      .join(' '),
  );
  return new RegExp(`(?:^| )(?:${alternatives.join('|')})(?= |$)`, 'u');
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Lower case, every run of punctuation a space, leading numbering dropped ("## 3. Rolling back" -> "rolling back"). */
export function normalisePhrase(text: string): string {
  return text
    .slice(0, 300)
    .toLowerCase()
    .replace(/^[\d.\s)]+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Whether the heading or title uses a word of the family. */
export function speaks(family: VocabularyFamily, text: string): boolean {
  return family.pattern.test(normalisePhrase(text));
}

/** One line for `explain`: "limitations: limitation(s), known issue(s), …". */
export function describeFamily(family: VocabularyFamily): string {
  const shown = (term: string) => term.split(' ').map((word) => (word === '*' ? '<word>' : word.replace(/\*$/, '…'))).join(' ');
  return `${family.label}: ${family.terms.map(shown).join(', ')}`;
}

export const LIMITATIONS = family('limitations', 'limitations', [
  'limitation*',
  'known issue*',
  'known problem*',
  'known bug*',
  'caveat*',
  'failure mode*',
  'failure case*',
  'weakness*',
  'shortcoming*',
  'risks',
  'risk',
  'bias',
  'biases',
  'edge case*',
  'out of scope use*',
  'pitfall*',
]);

export const ROLLBACK = family('rollback', 'rollback', [
  'rollback*',
  'roll* back*',
  'revert*',
  'restor*',
  'downgrad*',
  'back* out',
  'undo* * release',
  'undo* * deploy*',
  'undo* changes',
]);

export const TURN_OFF = family('turn-off', 'turning off', [
  'turn* off',
  'turn* * off',
  'turn* * * off',
  'turn* * * * off',
  'switch* off',
  'switch* * off',
  'switch* * * off',
  'switch* * * * off',
  'shut* down',
  'shutdown*',
  'disabl*',
  'kill switch*',
  'decommission*',
  'take* * offline',
  'emergency stop*',
]);

export const DEPLOY = family('deploy', 'deploying', ['deploy*', 'releas*', 'rollout*', 'roll* out', 'ship*', 'go live', 'serving', 'install*', 'promot*']);

// Refreshing what an LLM application answers from (ingesting documents, re-indexing) is its retraining.
export const RETRAINING = family('retraining', 'retraining', ['retrain*', 're train*', 'training', 'model refresh*', 'refresh*', 'refit*', 'ingest*', 'reindex*', 're index*']);

export const MONITORING = family('monitoring', 'monitoring and alerts', ['monitor*', 'alert*', 'alarm*', 'drift', 'dashboard*', 'observability', 'metrics', 'slo', 'slos', 'signals']);

export const DIAGNOSIS = family('diagnosis', 'diagnosis', [
  'diagnos*',
  'triage',
  'troubleshoot*',
  'debug*',
  'investigat*',
  'incident*',
  'known issues',
  'known problems',
  'faq',
  'symptom*',
  'common problems',
  'common issues',
  'common failures',
]);

export const ESCALATION = family('escalation', 'escalation', [
  'escalat*',
  'contact*',
  'on call',
  'oncall',
  'who to call',
  'who to contact',
  'support',
  'owner*',
  'communication*',
  'paging',
]);

/**
 * Operational procedures a document title names. A document outside the runbook folders is a runbook
 * when its title speaks one of these and its body is a procedure; "Installation", "Getting started",
 * "Contributing" are absent on purpose: setting up a developer machine is not operating a service.
 */
export const OPERATIONS = family('operations', 'operating a service', [
  ...ROLLBACK.terms,
  ...TURN_OFF.terms,
  'deploy*',
  'releas*',
  'rollout*',
  'roll* out',
  'go live',
  'retrain*',
  'continuous training',
  'continuous deploy*',
  'continuous deliver*',
  'publish*',
  'production',
  'ingest*',
  'undo*',
  'incident*',
  'outage*',
  'on call',
  'oncall',
  'runbook*',
  'playbook*',
  'operat*',
  'maintenance',
  'failover',
  'disaster recovery',
  'recover*',
  'backup*',
  'restart*',
  'rotat*',
  'scal* * up',
  'scal* * down',
  'delet*',
  'purg*',
  'migrat*',
  'rebuild*',
  'reindex*',
  're index*',
  'populat*',
  'bulk index*',
  'manual build*',
  'exclud*',
  'remov*',
  'escalat*',
  'troubleshoot*',
  'triage',
]);

/** A card describing a model or an AI system, whatever the file is called. */
export const MODEL_CARD_TITLE = family('model-card', 'model or system card', [
  'model card*',
  'system card*',
  'ai card*',
  'model fact* sheet*',
  'model factsheet*',
  'model sheet*',
  'model documentation',
  'model overview',
]);

/** Headings that hold acceptance thresholds. */
export const ACCEPTANCE = family('acceptance', 'acceptance thresholds', [
  'acceptance*',
  'accept* criteri*',
  'success criteri*',
  'release criteri*',
  'quality gate*',
  'evaluation gate*',
  'model gate*',
  'promotion gate*',
  'threshold*',
  'accuracy target*',
  'performance target*',
  'quality target*',
  'minimum bar',
  'pass criteri*',
  'exit criteri*',
]);

/** Setting up a developer's machine or trying the project out: never an operations runbook. */
export const DEVELOPER_SETUP = family('developer-setup', 'developer setup (not operations)', [
  'install*',
  'local',
  'locally',
  'local development',
  'developer setup',
  'dev setup',
  'development setup',
  'development environment',
  'getting started',
  'get started',
  'quick start',
  'quickstart',
  'setup',
  'set* up',
  'tutorial*',
  'contribut*',
  'how to contribute',
]);

/** Model or system card parts, for headings a card template does not use ("Performance and Limitations"). */
export const EVALUATION = family('evaluation', 'evaluation', [
  'evaluat*',
  'performance',
  'results',
  'metrics',
  'benchmark*',
  'accuracy',
  'test results',
  'quantitative analys*',
  'how well it works',
]);

export const INTENDED_USE = family('intended-use', 'intended use', [
  'intended use*',
  'intended purpose',
  'use case*',
  'purpose',
  'direct use*',
  'downstream use*',
  'primary use*',
  'intended user*',
  'what it is for',
  'who it is for',
]);

export const TRAINING_DATA = family('training-data', 'training data', ['training data*', 'training set', 'data source*', 'datasets', 'dataset', 'training procedure', 'knowledge base', 'corpus', 'data used']);

export const SYSTEM_DETAILS = family('details', 'model or system details', [
  'model detail*',
  'model description',
  'system detail*',
  'system description',
  'system overview',
  'model overview',
  'model architecture',
  'system architecture',
  'how it works',
  'how the system works',
  'models used',
  'model used',
]);
