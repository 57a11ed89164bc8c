// Small judgements about single runs that every store shares: is a name meaningful, is a note a note,
// which tags are the vendor's own, which tags mark the selected model.

/** Words that make `lgbm-tuned-3` a name someone chose, unlike MLflow's and W&B's `unruly-crab-868`. */
const ML_WORDS = new Set(
  (
    'baseline base lgbm lightgbm xgb xgboost catboost gbm gbdt gbt logreg logistic linear lr ridge lasso rf forest tree trees svm knn ' +
    'nb bayes cnn rnn lstm gru bert roberta gpt llm mlp deep dnn nn tabnet transformer ft resnet vit unet tuned tune tuning optuna ' +
    'sweep hpo ablation final candidate champion challenger retrain refit finetune feature features fe cv fold eval test train ' +
    'smote balanced weighted calibrated calib prod spike exp trial grid search lgb lin log reg model churn monotone ensemble stack ' +
    'blend holdout oot backtest debug smoke'
  ).split(' '),
);

/** MLflow (`<predicate>-<noun>-<0..999>`) and W&B (`<adjective>-<noun>-<n>`) generate names of this shape. */
const GENERATED_SHAPE = /^[a-z]+-[a-z]+-\d{1,5}$/;

export function isGeneratedRunName(name: string | null | undefined): boolean {
  if (!name || !name.trim()) return true;
  const clean = name.trim();
  if (/^[0-9a-f]{8,}$/i.test(clean)) return true; // a run id shown as its name
  if (!GENERATED_SHAPE.test(clean)) return false;
  const [first, second] = clean.split('-');
  return !ML_WORDS.has(first) && !ML_WORDS.has(second);
}

const PLACEHOLDER_NOTE = /^(todo|tbd|wip|test|testing|n\/a|none|null|-|\.|description|notes?|add (a )?description( here)?)\.?$/i;
export const MIN_NOTE_WORDS = 5;

/** A note that says something: a few words, not a placeholder. */
export function isSubstantiveNote(text: string | null | undefined): boolean {
  if (!text) return false;
  const clean = text.trim();
  if (clean === '' || PLACEHOLDER_NOTE.test(clean)) return false;
  return clean.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length >= MIN_NOTE_WORDS;
}

/** Tags the vendor set, as opposed to the ones MLflow sets itself. */
export function isUserTag(key: string): boolean {
  return !key.startsWith('mlflow.') && !key.startsWith('_');
}

/** Alias names that mean "this is the model", best first; any other alias ranks after these. */
const PREFERRED_ALIASES = ['champion', 'production', 'prod', 'live', 'deployed', 'selected', 'best', 'current', 'latest-approved'];

export function aliasRank(alias: string): number {
  const at = PREFERRED_ALIASES.indexOf(alias.toLowerCase());
  return at < 0 ? PREFERRED_ALIASES.length : at;
}

/** Tag keys that are a flag by themselves (`selected: true`). */
const FLAG_KEYS = new Set(['selected', 'champion', 'production', 'best', 'best_model', 'chosen', 'final', 'deployed', 'is_champion', 'is_selected', 'is_best']);
/** Tag keys whose value says the role (`stage: champion`). */
const ROLE_KEYS = new Set(['stage', 'status', 'role', 'model_stage', 'model_status', 'model_role', 'selection', 'decision']);
const ROLE_VALUES = new Set(['champion', 'production', 'prod', 'selected', 'chosen', 'best', 'final', 'deployed', 'winner']);
const FALSE_VALUES = new Set(['false', '0', 'no', 'n', 'off', 'none', '']);

/** Whether a tag key could mark the selected run (its value decides). */
export function isSelectionTagKey(key: string): boolean {
  const lower = key.toLowerCase();
  return FLAG_KEYS.has(lower) || ROLE_KEYS.has(lower);
}

export function tagMarksSelection(key: string, value: string): boolean {
  const lower = key.toLowerCase();
  const clean = value.trim().toLowerCase();
  if (FLAG_KEYS.has(lower)) return !FALSE_VALUES.has(clean);
  if (ROLE_KEYS.has(lower)) return ROLE_VALUES.has(clean);
  return false;
}

/** A full or abbreviated git object name. */
export function isGitCommit(value: string | null | undefined): boolean {
  return !!value && /^[0-9a-f]{7,64}$/i.test(value.trim());
}
