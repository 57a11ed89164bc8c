// Builds checks from the buyer's declarative rules, so contract clauses ("a security review signed off in
// docs/security/") gate like built-in checks. Nothing from the policy or the repository is executed.
import { defineCheck, findingFrom, type CheckDefinition, type Evidence, type Finding } from '../check.js';
import { normaliseHeading, parseMarkdown } from '../formats/markdown.js';
import { parseYaml } from '../formats/yaml.js';
import { describeFormatError } from '../formats/result.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { boundedTest, compileBuyerSchema, compilePattern } from './custom-rules.js';
import type { CustomCheckSpec, CustomRule } from './policy.js';

const CUSTOM_READ_CAP = 256 * 1024;
const MAX_FILES_PER_RULE = 200;

export function buildCustomCheck(spec: CustomCheckSpec): CheckDefinition {
  const remediation = spec.remediation ?? 'Meet the requirement as declared in the buyer policy.';
  const check: CheckDefinition = defineCheck({
    id: spec.id,
    title: spec.title,
    rationale: spec.rationale ?? 'A requirement of the engagement contract, declared in the buyer policy.',
    defaultWeight: spec.weight ?? 1,
    criteria: spec.rules.map((rule, index) => ({ id: `rule-${index + 1}`, title: rule.title ?? describeRule(rule), weight: 1 })),
    findings: {
      'rule-not-met': { severity: 'error', title: 'Contract requirement not met', remediation },
      'rule-not-evaluable': { severity: 'warning', title: 'Requirement could not be evaluated', remediation: 'Make the file readable text under 256 KiB, or simplify the pattern in the policy.' },
    },
    scale: { high: 'Every rule of the requirement is met.', low: 'No rule of the requirement is met.' },
    recognises: spec.rules.map(describeRule),
    async run(snapshot) {
      const criteria: Record<string, number> = {};
      const evidence: Evidence[] = [];
      const findings: Finding[] = [];
      for (const [index, rule] of spec.rules.entries()) {
        const outcome = await evaluateRule(rule, snapshot);
        criteria[`rule-${index + 1}`] = outcome.value;
        evidence.push(...outcome.evidence);
        for (const problem of outcome.problems) {
          findings.push(findingFrom(check, problem.evaluable === false ? 'rule-not-evaluable' : 'rule-not-met', `${rule.title ?? describeRule(rule)}: ${problem.message}`, { path: problem.path, line: problem.line }));
        }
      }
      const met = Object.values(criteria).filter((value) => value >= 1).length;
      return { status: 'judged', criteria, evidence, findings, summary: `${met} of ${spec.rules.length} declared rule(s) met.` };
    },
  });
  return check;
}

interface RuleOutcome {
  value: number;
  evidence: Evidence[];
  problems: Array<{ message: string; path?: string; line?: number; evaluable?: boolean }>;
}

async function evaluateRule(rule: CustomRule, snapshot: Snapshot): Promise<RuleOutcome> {
  if (rule.kind === 'files') {
    const matches = snapshot.glob(rule.glob);
    const min = rule.min ?? 1;
    return {
      value: Math.min(1, matches.length / min),
      evidence: matches.slice(0, 50).map((path) => ({ path, kind: 'policy-rule-match' })),
      problems: matches.length >= min ? [] : [{ message: `${matches.length} file(s) match ${rule.glob}, at least ${min} required` }],
    };
  }
  const files = snapshot.glob(rule.file).slice(0, MAX_FILES_PER_RULE);
  if (files.length === 0) {
    if (rule.kind === 'not-contains') return { value: 1, evidence: [], problems: [] }; // nothing that could violate it
    return { value: 0, evidence: [], problems: [{ message: `no file matches ${rule.file}` }] };
  }
  const outcome: RuleOutcome = { value: 0, evidence: [], problems: [] };
  const scores: number[] = [];
  for (const path of files) {
    const read = await snapshot.readText(path, { maxBytes: CUSTOM_READ_CAP });
    if (!read.ok) {
      outcome.problems.push({ message: `not readable (${read.reason})`, path, evaluable: false });
      scores.push(0);
      continue;
    }
    outcome.evidence.push({ path, kind: 'policy-rule-file' });
    scores.push(judgeFile(rule, path, read.text, outcome));
  }
  // headings/schema/contains: the best file satisfies the rule; not-contains: every file must.
  outcome.value = rule.kind === 'not-contains' ? Math.min(...scores) : Math.max(...scores);
  if (outcome.value >= 1 && rule.kind !== 'not-contains') outcome.problems = outcome.problems.filter((p) => p.evaluable === false);
  return outcome;
}

function judgeFile(rule: Exclude<CustomRule, { kind: 'files' }>, path: string, text: string, outcome: RuleOutcome): number {
  switch (rule.kind) {
    case 'headings': {
      const document = parseMarkdown(text);
      const minWords = rule.minWords ?? 1;
      let met = 0;
      for (const wanted of rule.headings) {
        const section = document.sections.find((s) => normaliseHeading(s.heading.text) === normaliseHeading(wanted));
        const words = section ? section.content.split(/\s+/).filter(Boolean).length : 0;
        if (section && words >= minWords) met++;
        else outcome.problems.push({ message: section ? `section "${wanted}" has ${words} word(s), needs ${minWords}` : `no "${wanted}" heading`, path, line: section?.heading.line });
      }
      return met / rule.headings.length;
    }
    case 'schema': {
      const parsed = parseYaml(text);
      if (!parsed.ok) {
        outcome.problems.push({ message: `not parsed: ${describeFormatError(parsed.error)}`, path, line: parsed.error.line });
        return 0;
      }
      const compiled = compileBuyerSchema(rule.schema);
      if (!compiled.ok) return 0;
      if (compiled.validate(parsed.value)) return 1;
      const first = compiled.validate.errors?.[0];
      outcome.problems.push({ message: `does not match the schema: ${first?.instancePath || '/'} ${first?.message ?? ''}`.trim(), path });
      return 0;
    }
    case 'contains':
    case 'not-contains': {
      const compiled = compilePattern(rule);
      if (!compiled.ok) return 0;
      const found = boundedTest(compiled.pattern, text);
      if (found === 'timeout') {
        outcome.problems.push({ message: 'pattern took too long on this file', path, evaluable: false });
        return 0;
      }
      const ok = rule.kind === 'contains' ? found : !found;
      if (!ok) outcome.problems.push({ message: rule.kind === 'contains' ? 'required text not found' : 'forbidden text found', path });
      return ok ? 1 : 0;
    }
  }
}

export function describeRule(rule: CustomRule): string {
  switch (rule.kind) {
    case 'files':
      return `at least ${rule.min ?? 1} file(s) match ${rule.glob}`;
    case 'headings':
      return `${rule.file} has sections ${rule.headings.join(', ')}`;
    case 'schema':
      return `${rule.file} matches the policy's schema`;
    case 'contains':
      return `${rule.file} contains ${rule.regex ? 'the pattern' : 'the text'} "${rule.pattern}"`;
    case 'not-contains':
      return `${rule.file} does not contain ${rule.regex ? 'the pattern' : 'the text'} "${rule.pattern}"`;
  }
}
