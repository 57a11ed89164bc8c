// The `MLmodel` file MLflow writes next to every saved model: its flavours (with the file each loads and,
// for scikit-learn, how it was serialised), its signature and its input example. Judging what loading the
// model runs starts here: the pickle-based flavours load through pickle.
import { failed, parsed, type Parsed } from './result.js';
import { parseYamlMapping } from './yaml.js';

export interface MlmodelFlavor {
  name: string;
  /** The file or folder the flavour loads, relative to the model folder (`model.pkl`, `data/model.pth`). */
  data: string | null;
  /** sklearn `serialization_format` (cloudpickle, pickle, skops), pytorch `pickle_module_name`, when given. */
  serialization: string | null;
  loaderModule: string | null;
}

export interface MlmodelDescription {
  flavors: MlmodelFlavor[];
  runId: string | null;
  modelUuid: string | null;
  modelId: string | null;
  artifactPath: string | null;
  mlflowVersion: string | null;
  modelSizeBytes: number | null;
  /** Column or tensor names of the signature's inputs and outputs; null without a signature. */
  signature: { inputs: string[]; outputs: string[] } | null;
  /** The input example file (`saved_input_example_info.artifact_path`), when one was saved. */
  inputExample: string | null;
}

export function parseMlmodelFile(text: string): Parsed<MlmodelDescription> {
  const doc = parseYamlMapping(text);
  if (!doc.ok) return doc;
  const root = doc.value;
  if (!isRecord(root.flavors)) return failed('MLmodel has no `flavors` mapping');
  const flavors: MlmodelFlavor[] = [];
  for (const [name, raw] of Object.entries(root.flavors).slice(0, 50)) {
    const flavor = isRecord(raw) ? raw : {};
    flavors.push({
      name,
      data: scalar(flavor.pickled_model) ?? scalar(flavor.model_data) ?? scalar(flavor.data) ?? scalar(flavor.saved_model_dir) ?? scalar(flavor.model_path),
      serialization: scalar(flavor.serialization_format) ?? scalar(flavor.pickle_module_name),
      loaderModule: scalar(flavor.loader_module),
    });
  }
  const signature = isRecord(root.signature) ? root.signature : null;
  const example = isRecord(root.saved_input_example_info) ? scalar(root.saved_input_example_info.artifact_path) : null;
  const size = root.model_size_bytes;
  return parsed({
    flavors,
    runId: scalar(root.run_id),
    modelUuid: scalar(root.model_uuid),
    modelId: scalar(root.model_id),
    artifactPath: scalar(root.artifact_path),
    mlflowVersion: scalar(root.mlflow_version),
    modelSizeBytes: typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : null,
    signature: signature && (signature.inputs || signature.outputs) ? { inputs: signatureNames(signature.inputs), outputs: signatureNames(signature.outputs) } : null,
    inputExample: example,
  });
}

/** Names in a signature's JSON column or tensor spec (`[{"name": "x", "type": "double"}, …]`); unnamed specs count as "". */
function signatureNames(spec: unknown): string[] {
  let value: unknown = spec;
  if (typeof spec === 'string') {
    try {
      value = JSON.parse(spec);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(value)) return [];
  return value.slice(0, 500).map((column) => (isRecord(column) && typeof column.name === 'string' ? column.name.slice(0, 200) : ''));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function scalar(value: unknown): string | null {
  if (typeof value === 'string') return value.slice(0, 500);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
