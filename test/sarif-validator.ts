// Validates SARIF against the official OASIS SARIF 2.1.0 schema kept as test data
// (test/fixtures-data/sarif-schema-2.1.0.json, errata01, from oasis-tcs/sarif-spec Schemata/).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

const SCHEMA_FILE = path.resolve(import.meta.dirname, 'fixtures-data', 'sarif-schema-2.1.0.json');

/**
 * The official schema is JSON Schema draft-04 (`"$schema": ".../draft-04/schema#"`, `"id"`). Ajv 8 ships
 * no draft-04 meta-schema (ajv-draft-04 is not installed), so we drop `$schema` and move `id` to `$id`;
 * the rest of the schema uses only keywords whose meaning is the same in draft-04 and draft-07
 * (no boolean exclusiveMinimum/Maximum), so the validation is the one the schema authors meant.
 * `strict: false` lets Ajv accept the schema's annotation-only keywords as they are.
 */
export function sarifValidator(): (value: unknown) => { valid: boolean; errors: ErrorObject[] } {
  const { $schema: _draft, id, ...schema } = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (ajv: Ajv) => void)(ajv);
  const validate = ajv.compile({ $id: id as string, ...schema });
  return (value) => {
    const valid = validate(value) as boolean;
    return { valid, errors: validate.errors ?? [] };
  };
}
