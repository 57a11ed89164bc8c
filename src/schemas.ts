// One Ajv instance for every schema the tool publishes; validation errors come back as values.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

export interface SchemaError {
  /** Path into the document (`['checks', 'runbooks', 'weight']`). */
  path: (string | number)[];
  message: string;
  /** The problem is the property name itself (point at the key, not its value). */
  atKey?: boolean;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; error: SchemaError; all: SchemaError[] };

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
let instance: Ajv | undefined;
/** Schemas registered by `$id` before the Ajv instance existed. */
const pending: object[] = [];

/** The one Ajv instance, made on first validation: most runs never validate anything. */
function ajv(): Ajv {
  if (!instance) {
    instance = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    (addFormats as unknown as (ajv: Ajv) => void)(instance);
    for (const schema of pending.splice(0)) instance.addSchema(schema);
  }
  return instance;
}

/** Schemas registered by `$id`, so a later schema's `$ref` to one of them resolves. */
const registered = new Set<string>();

/**
 * A validator for the schema. Compiling is deferred to the first validation: modules compile their schemas
 * at import, and compiling all of them eagerly cost half a second of every run, `--version` included.
 */
export function compileSchema<T>(schema: object): (value: unknown) => Validated<T> {
  const id = (schema as { $id?: string }).$id;
  if (id && !registered.has(id)) {
    registered.add(id);
    if (instance) instance.addSchema(schema);
    else pending.push(schema);
  }
  let compiled: ValidateFunction | undefined;
  return (value: unknown) => {
    const validate = (compiled ??= (id && ajv().getSchema(id)) || ajv().compile(schema));
    if (validate(value)) return { ok: true, value: value as T };
    const all = (validate.errors ?? []).map(toSchemaError);
    return { ok: false, error: pickMostUseful(all), all };
  };
}

/**
 * The errors worth showing a person, in order: one per place and text (oneOf and if/then repeat each branch's
 * complaint), without oneOf's own "must match exactly one schema" summary, which only adds noise.
 */
export function distinctSchemaErrors(all: readonly SchemaError[]): SchemaError[] {
  const seen = new Set<string>();
  const distinct: SchemaError[] = [];
  for (const error of all) {
    const key = `${error.path.join('.')}\0${error.message}`;
    if (seen.has(key) || /must match exactly one schema in oneOf/.test(error.message)) continue;
    seen.add(key);
    distinct.push(error);
  }
  return distinct;
}

function toSchemaError(error: ErrorObject): SchemaError {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const where = path.length ? path.join('.') : 'the document';
  let message: string;
  switch (error.keyword) {
    case 'additionalProperties':
      message = `${where}: unknown property "${(error.params as { additionalProperty: string }).additionalProperty}"`;
      path.push((error.params as { additionalProperty: string }).additionalProperty);
      return { path, message, atKey: true };
    case 'enum':
      message = `${where}: expected one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'required':
      message = `${where}: missing required property "${(error.params as { missingProperty: string }).missingProperty}"`;
      break;
    case 'propertyNames':
      message = `${where}: invalid property name "${(error.params as { propertyName: string }).propertyName}"`;
      break;
    default:
      message = `${where}: ${error.message ?? 'invalid'}`;
  }
  return { path, message };
}

// The deepest error is usually the one a person can act on; pattern errors from propertyNames are noise.
function pickMostUseful(errors: SchemaError[]): SchemaError {
  return [...errors].sort((a, b) => b.path.length - a.path.length)[0] ?? { path: [], message: 'invalid' };
}
