// handover.yml: the vendor's declaration of where each artifact lives, the acceptance criteria, the owners and
// the milestone reached. Validated against schemas/handover-manifest.schema.json with line:column for every
// problem; whatever can still be read is read, so one typo does not hide the other declarations. Pure.
import manifestSchema from '../../schemas/handover-manifest.schema.json' with { type: 'json' };
import type { Parsed } from '../formats/result.js';
import { parseYamlLocated, type YamlPath } from '../formats/yaml-located.js';
import { isMilestone, type MilestoneId } from '../policy/milestones.js';
import { isSystemProfile, type SystemProfile } from '../profiles/system-profile.js';
import { compileSchema, distinctSchemaErrors } from '../schemas.js';

export const HANDOVER_MANIFEST_FILES = ['handover.yml', 'handover.yaml'] as const;
/** The check that judges the manifest (its id is part of the report contract). */
export const HANDOVER_MANIFEST_CHECK_ID = 'handover-manifest';

export interface Position {
  line: number;
  column: number;
}

/** One declared place: a path, folder or glob, for a check. */
export interface LocationDeclaration extends Position {
  checkId: string;
  pattern: string;
  /** `artifacts.<check>` or `acceptance.criteria`. */
  field: string;
}

export interface OwnerDeclaration extends Position {
  name: string | null;
  role: string | null;
  contact: string | null;
}

export interface ThresholdDeclaration extends Position {
  metric: string | null;
  comparison: string | null;
  threshold: number | null;
  unit: string | null;
  dataset: string | null;
  split: string | null;
}

/** A value still holding template text (`TODO: …`, `<your e-mail>`). */
export interface PlaceholderValue extends Position {
  field: string;
  text: string;
}

export interface ManifestIssue {
  message: string;
  line?: number;
  column?: number;
}

export interface HandoverManifest {
  project: string | null;
  vendor: string | null;
  buyer: string | null;
  milestone: (Position & { id: MilestoneId }) | null;
  /** What the vendor says it delivered (src/profiles): reported next to what the scan sees, never used. */
  profiles: (Position & { ids: SystemProfile[] }) | null;
  /** Artifact declarations, then the acceptance criteria reference (declared for evaluation-criteria). */
  locations: LocationDeclaration[];
  acceptance: { criteria: LocationDeclaration | null; thresholds: ThresholdDeclaration[] } | null;
  owners: OwnerDeclaration[];
  placeholders: PlaceholderValue[];
  /** Schema violations, each placed at the offending node. Empty when the manifest is valid. */
  issues: ManifestIssue[];
}

const MAX_ISSUES = 20;
const MAX_PLACEHOLDERS = 50;
/** Each declaration is globbed over the whole listing by several checks: bounded, whatever the file says. */
const MAX_LOCATIONS = 200;
const validateManifest = compileSchema<Record<string, unknown>>(manifestSchema);
/** Template text: a leading TODO/TBD/FIXME, an angle-bracket slot or a bracketed prompt. Linear-time. */
const PLACEHOLDER = /^\s*(?:todo|tbd|tba|tbc|fixme|xxx|changeme)\b|^\s*<[^<>]{0,200}>\s*$|^\s*\[(?:todo|tbd|fill|insert|describe|your)[^\]]{0,200}\]\s*$/i;

export function isPlaceholderText(text: string): boolean {
  return PLACEHOLDER.test(text);
}

export function parseHandoverManifest(text: string): Parsed<HandoverManifest> {
  const parsed = parseYamlLocated(text);
  if (!parsed.ok) return parsed;
  const { value, locate } = parsed.value;
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: { message: 'expected a mapping (version, artifacts, acceptance, owners, milestone, profiles) at the top level', line: 1, column: 1 } };
  }
  const root = value as Record<string, unknown>;
  const at = (path: YamlPath, keyOnly = false): Position => {
    const found = locate(path, keyOnly);
    return found ? { line: found.line, column: found.column } : { line: 1, column: 1 };
  };

  const manifest: HandoverManifest = {
    project: textOf(root.project),
    vendor: textOf(root.vendor),
    buyer: textOf(root.buyer),
    milestone: typeof root.milestone === 'string' && isMilestone(root.milestone) ? { id: root.milestone, ...at(['milestone']) } : null,
    profiles: readProfiles(root.profiles, at),
    locations: readLocations(root.artifacts, at),
    acceptance: readAcceptance(root.acceptance, at),
    owners: readOwners(root.owners, at),
    placeholders: findPlaceholders(root, at),
    issues: schemaIssues(root, locate),
  };
  if (manifest.acceptance?.criteria) manifest.locations.push(manifest.acceptance.criteria);
  return { ok: true, value: manifest };
}

function schemaIssues(root: Record<string, unknown>, locate: (path: YamlPath, keyOnly?: boolean) => Position | undefined): ManifestIssue[] {
  const validated = validateManifest(root);
  if (validated.ok) return [];
  const issues: ManifestIssue[] = [];
  for (const error of distinctSchemaErrors(validated.all)) {
    if (issues.length >= MAX_ISSUES) break;
    const position = locate(error.path, error.atKey);
    // A value that fits neither branch of "a path or a list of paths" gets one message, not one per branch.
    const previous = issues[issues.length - 1];
    const type = / must be (\w+)$/.exec(error.message);
    if (type && previous && previous.line === position?.line && previous.column === position?.column && / must be \w+(?: or \w+)*$/.test(previous.message)) {
      previous.message += ` or ${type[1]}`;
      continue;
    }
    issues.push({ message: error.message, ...(position ? { line: position.line, column: position.column } : {}) });
  }
  return issues;
}

/** The known profile ids, once each; unknown ones are schema issues and left out. */
function readProfiles(profiles: unknown, at: (path: YamlPath) => Position): HandoverManifest['profiles'] {
  const list = typeof profiles === 'string' ? [profiles] : Array.isArray(profiles) ? profiles.slice(0, 20) : [];
  const ids = [...new Set(list.filter(isSystemProfile))];
  return ids.length ? { ids, ...at(['profiles']) } : null;
}

function readLocations(artifacts: unknown, at: (path: YamlPath, keyOnly?: boolean) => Position): LocationDeclaration[] {
  if (!isRecord(artifacts)) return [];
  const out: LocationDeclaration[] = [];
  for (const [checkId, declared] of Object.entries(artifacts)) {
    const list = Array.isArray(declared) ? declared : [declared];
    list.forEach((pattern, index) => {
      if (typeof pattern !== 'string' || pattern.trim() === '' || out.length >= MAX_LOCATIONS) return;
      const path = Array.isArray(declared) ? ['artifacts', checkId, index] : ['artifacts', checkId];
      out.push({ checkId, pattern: pattern.trim(), field: `artifacts.${checkId}`, ...at(path) });
    });
  }
  return out;
}

function readAcceptance(acceptance: unknown, at: (path: YamlPath) => Position): HandoverManifest['acceptance'] {
  if (!isRecord(acceptance)) return null;
  const criteriaPath = textOf(acceptance.criteria);
  const criteria: LocationDeclaration | null = criteriaPath
    ? { checkId: 'evaluation-criteria', pattern: criteriaPath, field: 'acceptance.criteria', ...at(['acceptance', 'criteria']) }
    : null;
  const thresholds: ThresholdDeclaration[] = [];
  const list = Array.isArray(acceptance.thresholds) ? acceptance.thresholds.slice(0, 100) : [];
  list.forEach((item, index) => {
    if (!isRecord(item)) return;
    thresholds.push({
      metric: textOf(item.metric),
      comparison: textOf(item.comparison),
      threshold: typeof item.threshold === 'number' && Number.isFinite(item.threshold) ? item.threshold : null,
      unit: textOf(item.unit),
      dataset: textOf(item.dataset),
      split: textOf(item.split),
      ...at(['acceptance', 'thresholds', index]),
    });
  });
  return { criteria, thresholds };
}

function readOwners(owners: unknown, at: (path: YamlPath) => Position): OwnerDeclaration[] {
  if (!Array.isArray(owners)) return [];
  const out: OwnerDeclaration[] = [];
  owners.slice(0, 50).forEach((item, index) => {
    if (!isRecord(item)) return;
    out.push({ name: textOf(item.name), role: textOf(item.role), contact: textOf(item.contact), ...at(['owners', index]) });
  });
  return out;
}

/** Every string value that is still template text, with where it sits (walked without recursion). */
function findPlaceholders(root: Record<string, unknown>, at: (path: YamlPath) => Position): PlaceholderValue[] {
  const found: PlaceholderValue[] = [];
  const stack: Array<[unknown, Array<string | number>]> = [[root, []]];
  while (stack.length > 0 && found.length < MAX_PLACEHOLDERS) {
    const [node, path] = stack.pop()!;
    if (typeof node === 'string') {
      if (isPlaceholderText(node)) found.push({ field: path.join('.'), text: node.slice(0, 120), ...at(path) });
    } else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], [...path, i]]);
    } else if (isRecord(node)) {
      for (const [key, child] of Object.entries(node).reverse()) stack.push([child, [...path, key]]);
    }
  }
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A non-empty trimmed string, or null. */
function textOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed.slice(0, 300);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
