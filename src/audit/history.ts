// The history folder: one dated JSON record per audit. Older records give "change since the previous
// audit" and the trend chart; unreadable or foreign files in the folder are skipped, never fatal.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import auditSchema from '../../schemas/audit.schema.json' with { type: 'json' };
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };
import { parseJsonObject } from '../formats/json.js';
import { compileSchema, type Validated } from '../schemas.js';
import { maskAuditRecord } from '../report/mask-report.js';
import { maskCredentialsIn } from '../secrets/mask-text.js';
import { AUDIT_KIND, type AuditRecord } from './record.js';

export const DEFAULT_HISTORY_DIR = path.join('.ml-handover', 'audits');
const RECORD_FILE = /^audit-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z(?:-\d+)?\.json$/;
/** Records read for trends; older ones stay on disk but are not charted. */
const MAX_RECORDS = 60;
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

// The report schema is compiled first so the audit schema's $ref to it resolves.
compileSchema(reportSchema);
const validateRecord = compileSchema<AuditRecord>(auditSchema);

export function validateAuditRecord(value: unknown): Validated<AuditRecord> {
  return validateRecord(value);
}

export interface StoredRecord {
  file: string;
  record: AuditRecord;
}

/** `audit-2026-01-05T09-30-00Z.json`: sortable, and valid on every file system. */
export function recordFileName(generatedAt: string): string {
  return `audit-${generatedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.json`;
}

/** Writes the record; never overwrites an earlier record written in the same second. */
export function writeAuditRecord(dir: string, record: AuditRecord): string {
  mkdirSync(dir, { recursive: true });
  const base = recordFileName(record.generatedAt);
  let file = path.join(dir, base);
  for (let n = 2; existsFile(file); n++) file = path.join(dir, base.replace(/\.json$/, `-${n}.json`));
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n', { flag: 'wx' });
  return file;
}

/** Valid records in the folder, oldest first (at most the latest MAX_RECORDS), plus what was skipped and why. */
export function readAuditHistory(dir: string): { records: StoredRecord[]; skipped: Array<{ file: string; reason: string }> } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => RECORD_FILE.test(name));
  } catch {
    return { records: [], skipped: [] };
  }
  names.sort();
  const records: StoredRecord[] = [];
  const skipped: Array<{ file: string; reason: string }> = [];
  for (const name of names.slice(-MAX_RECORDS)) {
    const file = path.join(dir, name);
    const loaded = readAuditRecordFile(file);
    if (loaded.ok) records.push({ file, record: loaded.value });
    else skipped.push({ file, reason: maskCredentialsIn(loaded.reason) }); // a parse error may quote the file
  }
  records.sort((a, b) => (a.record.generatedAt < b.record.generatedAt ? -1 : a.record.generatedAt > b.record.generatedAt ? 1 : 0));
  return { records, skipped };
}

export function readAuditRecordFile(file: string): { ok: true; value: AuditRecord } | { ok: false; reason: string } {
  try {
    if (statSync(file).size > MAX_RECORD_BYTES) return { ok: false, reason: 'larger than 64 MiB' };
    const parsed = parseJsonObject(readFileSync(file, 'utf8'));
    if (!parsed.ok) return { ok: false, reason: `not JSON: ${parsed.error.message}` };
    if (parsed.value.kind !== AUDIT_KIND) return { ok: false, reason: 'not an ml-handover audit record' };
    const valid = validateRecord(parsed.value);
    if (!valid.ok) return { ok: false, reason: valid.error.message };
    // Older records (or edited ones) reach the trend chart and the change columns: masked like a fresh scan.
    return { ok: true, value: maskAuditRecord(valid.value) };
  } catch (error) {
    return { ok: false, reason: String((error as NodeJS.ErrnoException).code ?? error) };
  }
}

function existsFile(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}
