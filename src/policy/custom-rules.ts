// Safety for the pieces of a buyer's custom check that act on repository text: the buyer's JSON Schema is
// compiled in its own Ajv instance (no remote refs), and patterns run with a time limit on capped input,
// so a hostile file cannot make a buyer's regular expression hang the scan.
import vm from 'node:vm';
import { Ajv, type ValidateFunction } from 'ajv';

const buyerAjv = new Ajv({ allErrors: true, strict: false, loadSchema: undefined });

export function compileBuyerSchema(schema: Record<string, unknown>): { ok: true; validate: ValidateFunction } | { ok: false; error: string } {
  try {
    return { ok: true, validate: buyerAjv.compile(schema) };
  } catch (error) {
    return { ok: false, error: (error as Error).message.split('\n')[0] };
  }
}

export interface PatternRule {
  pattern: string;
  regex?: boolean;
  ignoreCase?: boolean;
}

export function compilePattern(rule: PatternRule): { ok: true; pattern: RegExp } | { ok: false; error: string } {
  try {
    const source = rule.regex ? rule.pattern : rule.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return { ok: true, pattern: new RegExp(source, rule.ignoreCase ? 'iu' : 'u') };
  } catch (error) {
    return { ok: false, error: `invalid pattern: ${(error as Error).message}` };
  }
}

const testScript = new vm.Script('pattern.test(text)');
export const PATTERN_TIME_LIMIT_MS = 250;

/** Tests a pattern with a time limit; `timeout` when the limit was hit (treated as not evaluable). */
export function boundedTest(pattern: RegExp, text: string): boolean | 'timeout' {
  const context = vm.createContext({ pattern: new RegExp(pattern.source, pattern.flags), text });
  try {
    return Boolean(testScript.runInContext(context, { timeout: PATTERN_TIME_LIMIT_MS }));
  } catch {
    return 'timeout';
  }
}
