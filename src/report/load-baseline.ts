// Reads the earlier report given to `scan --baseline old.json`: a JSON report (--format json) validated
// against the published report schema. Anything else is a usage error that says why, before any scan runs.
import { readFileSync, statSync } from 'node:fs';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };
import { parseJsonObject } from '../formats/json.js';
import { compileSchema } from '../schemas.js';
import { maskReport } from './mask-report.js';
import type { Report } from './report.js';

export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

const validateReport = compileSchema<Report>(reportSchema);
/** A report is a few MiB at most (evidence and findings are capped per check); refuse anything absurd. */
const MAX_BYTES = 64 * 1024 * 1024;

export function loadBaselineReport(file: string): Report {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_BYTES) throw new BaselineError(`--baseline ${file}: larger than 64 MiB, not a report`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof BaselineError) throw error;
    throw new BaselineError(`--baseline ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const parsed = parseJsonObject(text);
  if (!parsed.ok) throw new BaselineError(`--baseline ${file}: not JSON${parsed.error.line ? ` (line ${parsed.error.line})` : ''}: ${parsed.error.message}; expected a report written by \`scan --format json\``);
  const valid = validateReport(parsed.value);
  if (!valid.ok) throw new BaselineError(`--baseline ${file}: not an ml-handover report (--format json): ${valid.error.message}`);
  // Its findings reach this report as `fixed`: masked like a fresh scan (the file may predate masking).
  return maskReport(valid.value);
}
