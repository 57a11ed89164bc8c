// Which code trains a model, judged by what it does, not by its name (`training_views.py` in a Django app
// serves pages about user training): a training loop (`for epoch in`, `loss.backward()`, `optimizer.step()`), a
// fit call (`.fit(`, `Trainer(...)`, `trainer.train()`, `xgb.train(`, `lgb.train(`), or a pipeline definition
// (Kubeflow/Vertex `@dsl.pipeline`, ZenML `@pipeline`, Kedro `pipeline([node(`, Metaflow `FlowSpec`, TFX
// `pipeline.Pipeline(` and `Trainer(`, an Airflow DAG whose tasks train, SageMaker estimators, Vertex jobs). Pure over the sources it is given.
import type { SourceFile } from './python-sources.js';

export interface TrainingSignal {
  path: string;
  line: number;
  /** What the code does, e.g. `training loop (loss.backward)`, `fit call (.fit()`. */
  kind: string;
}

export interface TrainingCode {
  path: string;
  /** The first signals found, in file order. */
  signals: TrainingSignal[];
  /** Runs as a script (`if __name__ == "__main__":`), so a command can start it. */
  script: boolean;
}

const SIGNALS: ReadonlyArray<[string, RegExp]> = [
  ['training loop (for epoch in)', /\bfor\s+\w+\s+in\s+(?:\w+\()?[\w.]*epoch/i],
  ['training loop (.backward())', /\.backward\(\s*\)/],
  ['training loop (optimizer.step())', /(?:\bopt|_opt)\w{0,30}\.step\(\s*\)/i],
  ['fit call (.fit()', /\.fit(?:_generator|_transform)?\(\s*[\w[(]/],
  ['fit call (Trainer)', /\b(?:\w+)?Trainer\(\s*(?:$|[\w*])/],
  ['fit call (trainer.train())', /\btrainer\.(?:train|fit)\(/],
  ['fit call (xgb/lgb/catboost train)', /\b(?:xgb|xgboost|lgb|lightgbm)\.train\(/],
  ['pipeline definition (@pipeline)', /^[ \t]*@(?:dsl\.|kfp\.dsl\.|zenml\.)?pipeline\b/],
  ['pipeline definition (Kedro pipeline)', /\bpipeline\(\s*\[\s*node\(/],
  ['pipeline definition (Metaflow FlowSpec)', /\bclass\s+\w+\(\s*FlowSpec\s*\)/],
  ['pipeline definition (TFX pipeline)', /\bpipeline\.Pipeline\(\s*(?:$|pipeline_name\b|components\b)/],
  ['pipeline definition (Airflow DAG)', /(?:\bwith\s+|=\s*)DAG\(/],
  ['training job (Vertex/SageMaker)', /\b(?:CustomTrainingJob|CustomJob|CustomContainerTrainingJob|AutoMLTabularTrainingJob|PipelineJob|Estimator|PyTorch|TensorFlow|SKLearn|HuggingFace)\([^)\n]{0,200}\b(?:entry_point|script_path|container_uri|training_task|template_path|role)\s*=/],
];

/** Strings that look like training in code but are not: Django/Flask views, admin, migrations, forms. */
const NOT_TRAINING_PATH = /(^|\/)(migrations|templates|static)\/|(^|\/)[^/]*(views?|urls|admin|forms|serializers|models)\.py$/;

const MAX_SIGNALS_PER_FILE = 3;
/**
 * What `.fit(` is called on when it only learns a preprocessing step (labels to columns, a scale, a vocabulary):
 * `mlb.fit(labels)`, `LabelEncoder().fit(y)`, `scaler.fit(X)` train no model.
 */
const FITS_A_PREPROCESSOR = /(?:\b(mlb|le|ohe|enc|encoder|\w*(?:encoder|binari[sz]er|scaler|normali[sz]er|vectori[sz]er|imputer|tokeni[sz]er|discreti[sz]er))|\b(\w*(?:Encoder|Binarizer|Scaler|Normalizer|Vectorizer|Imputer|Tokenizer|Discretizer))\([^()]{0,200}\))\s*\.fit(?:_transform)?\(/gi;
const FIT_CALL = /\.fit(?:_generator|_transform)?\(/g;

/** Every `.fit(` on the line learns a preprocessing step (`model.fit(scaler.fit_transform(X), y)` still trains). */
function onlyPreprocessorFits(line: string): boolean {
  const fits = line.match(FIT_CALL)?.length ?? 0;
  return fits > 0 && (line.match(FITS_A_PREPROCESSOR)?.length ?? 0) === fits;
}

export function findTrainingCode(files: readonly SourceFile[]): TrainingCode[] {
  const out: TrainingCode[] = [];
  for (const file of files) {
    // Cheap screen: every signal needs one of these words.
    if (!/epoch|backward|\.step\(|\.fit|Trainer|\.train\(|pipeline|Pipeline\(|FlowSpec|Job\(|Estimator|entry_point|DAG\(/.test(file.text)) continue;
    if (NOT_TRAINING_PATH.test(file.path) && !/\.backward\(|\bfor\s+\w+\s+in\s+[\w.(]*epoch/.test(file.text)) continue;
    const signals: TrainingSignal[] = [];
    // A preprocessor fitted beside a model's fit corroborates it (a pipeline), though it trains nothing itself.
    let preprocessed = false;
    const lines = file.text.split('\n');
    for (let i = 0; i < lines.length && signals.length < MAX_SIGNALS_PER_FILE; i++) {
      const line = lines[i];
      if (/^\s*#/.test(line) || line.length > 2000) continue;
      for (const [kind, pattern] of SIGNALS) {
        if (pattern.test(line)) {
          if (kind === 'fit call (.fit()' && onlyPreprocessorFits(line)) {
            preprocessed = true;
            break;
          }
          signals.push({ path: file.path, line: i + 1, kind });
          break;
        }
      }
    }
    // An Airflow DAG schedules anything; it is a training pipeline when its tasks train.
    if (signals.length > 0 && signals.every((signal) => signal.kind === 'pipeline definition (Airflow DAG)') && !/train|\bfit\b/i.test(file.text)) continue;
    if (signals.length === 0) continue;
    // One `.fit(` alone may be a scaler in serving code: a loop, a trainer, a second signal, an ML import or a
    // training function around it decides (a name corroborates behaviour, it never replaces it).
    const strong =
      signals.some((signal) => !signal.kind.startsWith('fit call (.fit()')) ||
      signals.length >= 2 ||
      preprocessed ||
      /\bimport\s+(?:sklearn|xgboost|lightgbm|keras|tensorflow|torch)|\bfrom\s+(?:sklearn|xgboost|lightgbm|keras|tensorflow|torch)\b|\bdef\s+\w{0,40}(?:train|fit)\w{0,40}\(/.test(file.text);
    if (!strong) continue;
    out.push({ path: file.path, signals, script: /^if\s+__name__\s*==\s*["']__main__["']\s*:/m.test(file.text) });
  }
  return out;
}
