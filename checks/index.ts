// The registry: every check, in report order. Adding a check is one file and one line here.
import type { CheckDefinition } from '../src/check.js';
import decisionRecords from './decision-records.js';

export const CHECKS: readonly CheckDefinition[] = [decisionRecords];

export function findCheck(id: string): CheckDefinition | undefined {
  return CHECKS.find((check) => check.id === id);
}
