// The machine-readable criteria file ml-handover documents (evaluation/criteria.yml, YAML or JSON),
// validated against schemas/evaluation-criteria.schema.json. Schema errors come back with line:column;
// whatever can still be read is read, so one typo does not hide the other criteria.
import criteriaSchema from '../../schemas/evaluation-criteria.schema.json' with { type: 'json' };
import { compileSchema, distinctSchemaErrors } from '../schemas.js';
import { comparatorFromText, normaliseUnit } from './criteria-text.js';
import type { ApprovalDraft, CriterionDraft } from './eval-criterion.js';
import type { Parsed } from './result.js';
import { parseYamlLocated } from './yaml-located.js';
import { startsWithTodo } from './placeholders.js';

export interface CriteriaFileIssue {
  message: string;
  line?: number;
  column?: number;
}

export interface CriteriaFileRead {
  criteria: CriterionDraft[];
  approval: ApprovalDraft | null;
  /** Schema violations, each placed at the offending node. Empty when the file is valid. */
  issues: CriteriaFileIssue[];
}

const MAX_CRITERIA = 500;
const MAX_ISSUES = 20;
const validateCriteriaFile = compileSchema<Record<string, unknown>>(criteriaSchema);

export function readCriteriaFile(text: string): Parsed<CriteriaFileRead> {
  const parsed = parseYamlLocated(text);
  if (!parsed.ok) return parsed;
  const { value, locate } = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: { message: 'expected a mapping with a `criteria` list at the top level', line: 1, column: 1 } };
  }
  const root = value as Record<string, unknown>;
  const issues: CriteriaFileIssue[] = [];
  const validated = validateCriteriaFile(root);
  if (!validated.ok) {
    for (const error of distinctSchemaErrors(validated.all)) {
      if (issues.length >= MAX_ISSUES) break;
      // An unknown property is shown at its key; everything else at the offending value or its parent.
      const at = locate(error.path, /unknown property/.test(error.message));
      issues.push({ message: error.message, ...(at ? { line: at.line, column: at.column } : {}) });
    }
  }

  const criteria: CriterionDraft[] = [];
  const list = Array.isArray(root.criteria) ? root.criteria.slice(0, MAX_CRITERIA) : [];
  list.forEach((item, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return;
    const entry = item as Record<string, unknown>;
    const at = locate(['criteria', index]) ?? { line: 1, column: 1 };
    const threshold = typeof entry.threshold === 'number' && Number.isFinite(entry.threshold) ? entry.threshold : null;
    const draft: CriterionDraft = {
      intent: 'criterion',
      metric: textOf(entry.metric) ?? '',
      comparator: typeof entry.comparison === 'string' ? comparatorFromText(entry.comparison) : null,
      threshold,
      dataset: textOf(entry.dataset) ?? null,
      line: at.line,
      column: at.column,
    };
    const optional: Array<[keyof CriterionDraft, string | undefined]> = [
      ['loggedAs', textOf(entry.loggedAs)],
      ['unit', normaliseUnit(textOf(entry.unit))],
      ['split', textOf(entry.split)],
      ['version', textOf(entry.version)],
      ['slice', textOf(entry.slice)],
      ['baseline', textOf(entry.baseline)],
      ['dimension', textOf(entry.dimension)],
    ];
    for (const [key, value] of optional) if (value) (draft as unknown as Record<string, unknown>)[key] = value;
    if (typeof entry.sampleSize === 'number') draft.sampleSize = entry.sampleSize;
    if (typeof entry.measured === 'number') draft.measured = entry.measured;
    criteria.push(draft);
  });

  return { ok: true, value: { criteria, approval: readApproval(root, locate), issues } };
}

function readApproval(root: Record<string, unknown>, locate: (path: Array<string | number>) => { line: number } | undefined): ApprovalDraft | null {
  const model = root.approvedModel && typeof root.approvedModel === 'object' ? (root.approvedModel as Record<string, unknown>) : null;
  const approvedBy = Array.isArray(root.approvedBy) ? root.approvedBy.filter((name) => typeof name === 'string' && !startsWithTodo(name)).join(', ') || null : textOf(root.approvedBy) ?? null;
  const date = textOf(root.date) ?? null;
  if (!model && !approvedBy && !date) return null;
  const version = model && (typeof model.version === 'number' ? String(model.version) : textOf(model.version));
  return {
    model: (model && textOf(model.name)) ?? null,
    version: version ?? null,
    approvedBy,
    date,
    line: locate(['approvedModel'])?.line ?? locate(['approvedBy'])?.line ?? 1,
  };
}

/** A non-empty string that is no TODO prompt (numbers are accepted and printed: `version: 2`). */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' || startsWithTodo(trimmed) ? undefined : trimmed.slice(0, 300);
}
