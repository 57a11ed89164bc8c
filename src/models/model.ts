// The model model of a snapshot: every model artifact found by its format, where it is delivered, what
// loading it would run, the hashes recorded for it, and the references to models kept in stores.
import type { ContentHash } from '../formats/content-hash.js';

export type ModelFormat =
  | 'safetensors'
  | 'onnx'
  | 'gguf'
  | 'keras'
  | 'keras-h5'
  | 'tf-savedmodel'
  | 'pytorch'
  | 'torchscript'
  | 'pickle'
  | 'joblib'
  | 'lightgbm-text'
  | 'mlflow-model'
  | 'hf-model'
  | 'unknown';

/** Present in the snapshot, or a pointer whose content lives in a store (Git LFS, a DVC remote). */
export type Delivery = 'present' | 'lfs' | 'dvc';

/** What loading the artifact does: nothing but read data, runs allow-listed rebuilders, or may run anything. */
export type LoadSafety = 'safe' | 'pickle-allowed' | 'pickle-unknown' | 'dangerous' | 'not-inspected';

export interface SafetyReport {
  level: LoadSafety;
  /** `module.callable` of imports that run code. */
  dangerous: string[];
  /** Imports on no allow-list. */
  unknown: string[];
  /** Why it was not inspected, or what was found (e.g. a Keras Lambda layer). */
  reason: string | null;
}

export interface ModelArtifact {
  /** A file, or a folder for MLflow, Hugging Face and SavedModel models. */
  path: string;
  container: 'file' | 'folder';
  format: ModelFormat;
  delivery: Delivery;
  /** Bytes of the file, or of the weights a folder holds; null when unknown. */
  size: number | null;
  /** Hashes recorded for this artifact by the pointer that delivers it (LFS oid, DVC md5). */
  recorded: ContentHash[];
  /** Hashes of the bytes themselves, computed when the file was within the hashing cap. */
  computed: { md5: string; sha256: string } | null;
  safety: SafetyReport;
  /** Names of the inputs and outputs, when the format records them (MLmodel signature, ONNX graph). */
  signature: { inputs: string[]; outputs: string[] } | null;
  /** An input example is saved with the model (MLmodel `saved_input_example_info`). */
  inputExample: boolean;
  /** Base model a fine-tuned model names (HF `_name_or_path`, adapter `base_model_name_or_path`). */
  baseModel: string | null;
  /** Files of a folder artifact that it needs and that are missing (MLmodel data, sharded weights). */
  missing: string[];
  /** One line for the report: tensors, dtypes, flavours, opset, … */
  note: string;
  /** MLflow: the run that logged the model. */
  runId: string | null;
}

export type StoreKind = 's3' | 'gcs' | 'azure' | 'hf-hub' | 'mlflow-registry' | 'dvc-remote' | 'lfs' | 'http';

/** A model kept in a store rather than in the repository. */
export interface ModelReference {
  store: StoreKind;
  /** The URI or id as written (`s3://bucket/models/x`, `acme/churn-bert`, `models:/churn@champion`). */
  uri: string;
  /** What an access list must name for the buyer to reach it: a bucket URL, an HF owner, an MLflow model. */
  storeKey: string;
  path: string;
  line: number;
  /** The access list (path) that names this store, or null. */
  grantedIn: string | null;
  /**
   * What the reference names, by where it is written: the model a fine-tune starts from (`base_model`,
   * `model_name_or_path`, `--base_model`), an adapter loaded onto a base (`PeftModel.from_pretrained(base, "…")`,
   * `lora_weights`), where training pushes its output (`hub_model_id`), or a model used as it is.
   */
  role: ReferenceRole;
  /** The URI carries the sha256 of the file (`…/models/<64 hex>/name.pt`): a content address. */
  contentAddressed: boolean;
}

export type ReferenceRole = 'base' | 'adapter' | 'output' | 'model';

export interface ModelProblem {
  path: string;
  message: string;
}
