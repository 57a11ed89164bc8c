// Reads a file given to `ml-handover diff`: a scan report (--format json) or an audit record, each
// validated against its published schema. A file that is neither is a usage error that says why.
import { readFileSync, statSync } from 'node:fs';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };
import { validateAuditRecord } from '../audit/history.js';
import { AUDIT_KIND, type AuditRecord } from '../audit/record.js';
import { parseJsonObject } from '../formats/json.js';
import { maskAuditRecord, maskReport } from '../report/mask-report.js';
import type { Report } from '../report/report.js';
import { compileSchema } from '../schemas.js';

export class DiffInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiffInputError';
  }
}

export type Comparable = { kind: 'report'; report: Report } | { kind: 'audit'; record: AuditRecord };

const validateReport = compileSchema<Report>(reportSchema);
const MAX_BYTES = 256 * 1024 * 1024;

export function loadComparable(file: string): Comparable {
  let text: string;
  try {
    if (statSync(file).size > MAX_BYTES) throw new DiffInputError(`${file}: larger than 256 MiB`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof DiffInputError) throw error;
    throw new DiffInputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  const parsed = parseJsonObject(text);
  if (!parsed.ok) throw new DiffInputError(`${file}: not JSON${parsed.error.line ? ` (line ${parsed.error.line})` : ''}: ${parsed.error.message}`);
  if (parsed.value.kind === AUDIT_KIND) {
    const valid = validateAuditRecord(parsed.value);
    if (!valid.ok) throw new DiffInputError(`${file}: not a valid audit record: ${valid.error.message}`);
    // A file on disk may predate masking, or be edited: mask on load like a fresh scan.
    return { kind: 'audit', record: maskAuditRecord(valid.value) };
  }
  const valid = validateReport(parsed.value);
  if (!valid.ok) throw new DiffInputError(`${file}: neither an ml-handover report (--format json) nor an audit record: ${valid.error.message}`);
  return { kind: 'report', report: maskReport(valid.value) };
}
