// TOML with limits (smol-toml): nesting capped, prototype keys dropped, every failure a typed error with
// a line and column. Pure: text in, Parsed table out.
import { parse, TomlError } from 'smol-toml';
import { failed, MAX_NESTING, parsed, type Parsed } from './result.js';

/** Larger than any real pyproject or lock file; a bigger "TOML" file is refused rather than parsed. */
export const MAX_TOML_CHARS = 8 * 1024 * 1024;

export function parseToml(text: string): Parsed<Record<string, unknown>> {
  if (text.length > MAX_TOML_CHARS) return failed(`larger than ${MAX_TOML_CHARS} characters: not parsed`);
  try {
    const value = parse(text, { maxDepth: MAX_NESTING, unsafeKeyBehaviour: 'drop', integersAsBigInt: false });
    return parsed(value as Record<string, unknown>);
  } catch (error) {
    if (error instanceof TomlError) {
      const message = error.message.replace(/^Invalid TOML document:\s*/, '').split('\n')[0].trim();
      return failed(message || 'invalid TOML', error.line, error.column);
    }
    return failed(error instanceof RangeError ? 'document too deeply nested' : String((error as Error)?.message ?? error).split('\n')[0]);
  }
}
