// The registry: every check, in report order. Adding a check is one file and one line here.
import type { CheckDefinition } from '../src/check.js';
import consistency from './consistency.js';
import datasetVersioning from './dataset-versioning.js';
import decisionRecords from './decision-records.js';
import evaluationCriteria from './evaluation-criteria.js';
import experimentTracking from './experiment-tracking.js';
import failureModes from './failure-modes.js';
import handoverManifest from './handover-manifest.js';
import modelCard from './model-card.js';
import modelArtifacts from './model-artifacts.js';
import monitoring from './monitoring.js';
import licensing from './licensing.js';
import livingDocs from './living-docs.js';
import ownership from './ownership.js';
import reproducibility from './reproducibility.js';
import runbooks from './runbooks.js';
import secrets from './secrets.js';
import llmSystem from './llm-system.js';
import dataProtection from './data-protection.js';
import tests from './tests.js';
import infrastructure from './infrastructure.js';

export const CHECKS: readonly CheckDefinition[] = [decisionRecords, experimentTracking, datasetVersioning, evaluationCriteria, failureModes, modelCard, modelArtifacts, runbooks, monitoring, reproducibility, secrets, licensing, ownership, livingDocs, handoverManifest, consistency, llmSystem, dataProtection, tests, infrastructure];

export function findCheck(id: string): CheckDefinition | undefined {
  return CHECKS.find((check) => check.id === id);
}
