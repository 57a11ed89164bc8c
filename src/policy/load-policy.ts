// Reads the buyer's policy (YAML or JSON), validates it against the published schema and names the
// file, line and column of the first problem. A bad policy is a usage error (exit 2), never a pass.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import policySchema from '../../schemas/policy.schema.json' with { type: 'json' };
import { compileSchema } from '../schemas.js';
import type { BuyerPolicy, CustomRule } from './policy.js';
import { compileBuyerSchema, compilePattern } from './custom-rules.js';
import { parseDuration } from './duration.js';
import { LocatedFileError } from '../located-error.js';

export class PolicyError extends LocatedFileError {}

const validatePolicy = compileSchema<BuyerPolicy>(policySchema);

export interface LoadedPolicy {
  policy: BuyerPolicy;
  file: string;
  digest: string;
}

/** Reads a policy file; `inline` YAML is accepted when `file` is `<inline>` (the Action's `policy` input). */
export function loadPolicyFile(file: string, knownChecks: ReadonlySet<string>): LoadedPolicy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyError(`cannot read policy file (${(error as NodeJS.ErrnoException).code ?? error})`, file);
  }
  return { policy: parsePolicyText(text, file, knownChecks), file, digest: digestOf(text) };
}

export function parsePolicyText(text: string, file: string, knownChecks: ReadonlySet<string>): BuyerPolicy {
  if (text.length > 1024 * 1024) throw new PolicyError('policy file larger than 1 MiB', file);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax) {
    const at = lineCounter.linePos(syntax.pos[0]);
    throw new PolicyError(`not valid YAML/JSON: ${syntax.message.split('\n')[0]}`, file, at.line, at.col);
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (error) {
    throw new PolicyError(`cannot read policy: ${(error as Error).message}`, file);
  }
  // Before the schema, whose pattern for a duration says less than the parser (form, unit, range).
  const deadline = (value as { deadline?: unknown }).deadline;
  const parsedDeadline = typeof deadline === 'string' ? parseDuration(deadline) : null;
  if (parsedDeadline && !parsedDeadline.ok) {
    const at = locate(document, lineCounter, ['deadline']);
    throw new PolicyError(`deadline: ${parsedDeadline.error}`, file, at?.line, at?.col);
  }
  const result = validatePolicy(value);
  if (!result.ok) {
    const at = locate(document, lineCounter, result.error.path, result.error.atKey);
    throw new PolicyError(result.error.message, file, at?.line, at?.col);
  }
  const policy = result.value;
  const customIds = new Set<string>();
  for (const [index, custom] of (policy.customChecks ?? []).entries()) {
    const at = locate(document, lineCounter, ['customChecks', index, 'id']);
    if (knownChecks.has(custom.id)) throw new PolicyError(`custom check "${custom.id}" has the id of a built-in check`, file, at?.line, at?.col);
    if (customIds.has(custom.id)) throw new PolicyError(`custom check "${custom.id}" is declared twice`, file, at?.line, at?.col);
    customIds.add(custom.id);
    for (const [ruleIndex, rule] of custom.rules.entries()) {
      const problem = customRuleProblem(rule);
      if (problem) {
        const ruleAt = locate(document, lineCounter, ['customChecks', index, 'rules', ruleIndex]);
        throw new PolicyError(`custom check "${custom.id}" rule ${ruleIndex + 1}: ${problem}`, file, ruleAt?.line, ruleAt?.col);
      }
    }
  }
  knownChecks = new Set([...knownChecks, ...customIds]);
  // Unknown check ids are typos until proven otherwise: a misspelt required check must not vanish.
  const mentioned: Array<{ id: string; path: (string | number)[] }> = [
    ...(policy.required ?? []).map((id, index) => ({ id, path: ['required', index] })),
    ...Object.keys(policy.checks ?? {}).map((id) => ({ id, path: ['checks', id] })),
  ];
  for (const { id, path } of mentioned) {
    if (!knownChecks.has(id)) {
      const at = locate(document, lineCounter, path, true);
      throw new PolicyError(`unknown check "${id}"; run \`ml-handover checks\` for the list`, file, at?.line, at?.col);
    }
  }
  return policy;
}

export function digestOf(text: string): string {
  return 'sha256:' + createHash('sha256').update(text).digest('hex');
}

function locate(document: Document, lineCounter: LineCounter, path: (string | number)[], keyOnly = false) {
  // Walk up the path until a node with a source range is found (missing properties point at their parent).
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    if (keyOnly && depth === path.length && typeof prefix[prefix.length - 1] === 'string') {
      const parent = prefix.length > 1 ? document.getIn(prefix.slice(0, -1), true) : document.contents;
      const pair = (parent as { items?: Array<{ key: unknown }> } | null)?.items?.find((item) => isNode(item.key) && (item.key as { value?: unknown }).value === prefix[prefix.length - 1]);
      if (pair && isNode(pair.key) && pair.key.range) return lineCounter.linePos(pair.key.range[0]);
    }
    const node = prefix.length === 0 ? document.contents : document.getIn(prefix, true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]);
  }
  return undefined;
}

/** A custom rule's schema must compile and its pattern must be a valid, bounded expression. */
function customRuleProblem(rule: CustomRule): string | null {
  if (rule.kind === 'schema') {
    const compiled = compileBuyerSchema(rule.schema);
    return compiled.ok ? null : `schema does not compile: ${compiled.error}`;
  }
  if (rule.kind === 'contains' || rule.kind === 'not-contains') {
    const compiled = compilePattern(rule);
    return compiled.ok ? null : compiled.error;
  }
  return null;
}
