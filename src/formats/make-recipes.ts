// What `make <target>` would run, read from the Makefile's rule and recipe lines without evaluating it:
// the target's prerequisites and its recipe (tab-indented lines, `\` continuations joined). Variables are
// left as written. Enough to see that `make test` runs `pytest --cov-fail-under=80`. Pure: text in.

export interface MakeRule {
  target: string;
  line: number;
  prerequisites: string[];
  /** Recipe lines with their 1-based line numbers (leading `@`/`-` kept off). */
  recipe: Array<{ text: string; line: number }>;
}

const MAX_LINES = 50_000;

export function parseMakeRules(text: string): Map<string, MakeRule> {
  const rules = new Map<string, MakeRule>();
  const lines = text.split('\n');
  let current: MakeRule[] = [];
  for (let index = 0; index < lines.length && index < MAX_LINES; index++) {
    let raw = lines[index].replace(/\r$/, '');
    const start = index;
    while (/\\$/.test(raw) && index + 1 < lines.length && index < MAX_LINES) {
      index++;
      raw = raw.slice(0, -1).trimEnd() + ' ' + lines[index].replace(/\r$/, '').trim();
    }
    if (raw.startsWith('\t')) {
      const command = raw.slice(1).replace(/^[@+-]+/, '').trim();
      if (command && !command.startsWith('#')) for (const rule of current) rule.recipe.push({ text: command, line: start + 1 });
      continue;
    }
    const line = stripComment(raw);
    if (!line.trim()) continue;
    const colon = ruleColon(line);
    if (colon === -1 || /^\s*(export|override|define|ifeq|ifneq|ifdef|ifndef|include|-include)\b/.test(line)) {
      if (!/^\s/.test(raw)) current = [];
      continue;
    }
    const names = line.slice(0, colon).trim();
    if (names.startsWith('.')) {
      current = [];
      continue;
    }
    let rest = line.slice(colon + 1).replace(/^:/, '');
    // `target: prereq ; command` puts the first recipe line on the rule line.
    const semicolon = rest.indexOf(';');
    const inline = semicolon === -1 ? '' : rest.slice(semicolon + 1).trim();
    if (semicolon !== -1) rest = rest.slice(0, semicolon);
    const prerequisites = rest.split('|')[0].trim().split(/\s+/).filter(Boolean);
    current = [];
    for (const name of names.split(/\s+/)) {
      if (!name || name.includes('%')) continue;
      const rule = rules.get(name) ?? { target: name, line: start + 1, prerequisites: [], recipe: [] };
      rule.prerequisites.push(...prerequisites.filter((p) => !rule.prerequisites.includes(p)));
      if (inline) rule.recipe.push({ text: inline, line: start + 1 });
      rules.set(name, rule);
      current.push(rule);
    }
  }
  return rules;
}

/** The commands `make target` runs: its recipe and, depth first, its prerequisites' recipes. */
export function commandsForTarget(rules: Map<string, MakeRule>, target: string, maxDepth = 4): Array<{ text: string; line: number; target: string }> {
  const out: Array<{ text: string; line: number; target: string }> = [];
  const seen = new Set<string>();
  const visit = (name: string, depth: number) => {
    if (seen.has(name) || depth > maxDepth || out.length > 500) return;
    seen.add(name);
    const rule = rules.get(name);
    if (!rule) return;
    for (const prerequisite of rule.prerequisites) visit(prerequisite, depth + 1);
    for (const command of rule.recipe) out.push({ ...command, target: name });
  };
  visit(target, 0);
  return out;
}

/**
 * Simple variable assignments (`PYTHON ?= python`, `PYTEST := $(PYTHON) -m pytest`), last one wins, so recipes
 * like `$(PYTEST) --cov` read as what they run. Conditionals and functions are not evaluated.
 */
export function makeVariables(text: string): Map<string, string> {
  const variables = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && i < MAX_LINES; i++) {
    const match = /^(?:export[ \t]+|override[ \t]+)?([A-Za-z_][\w.-]{0,80})[ \t]*(?:\?|:|::|\+)?=[ \t]*(.*)$/.exec(lines[i].replace(/\r$/, ''));
    if (match) variables.set(match[1], stripComment(match[2]).trim());
  }
  return variables;
}

/** `$(NAME)` and `${NAME}` replaced by their values (two passes, for one level of nesting). */
export function expandMakeVariables(command: string, variables: Map<string, string>): string {
  let text = command;
  for (let pass = 0; pass < 2; pass++) {
    text = text.replace(/\$[({]([A-Za-z_][\w.-]{0,80})[)}]/g, (whole, name: string) => (name === 'MAKE' ? 'make' : (variables.get(name) ?? whole)));
  }
  return text.slice(0, 20_000);
}

/** The first target of the file (what a bare `make` runs). */
export function defaultTarget(rules: Map<string, MakeRule>): string | null {
  let first: MakeRule | null = null;
  for (const rule of rules.values()) if (!first || rule.line < first.line) first = rule;
  return first?.target ?? null;
}

function stripComment(line: string): string {
  const hash = line.indexOf('#');
  return hash === -1 ? line : line.slice(0, hash);
}

/** Index of the rule colon (not `:=`, `::=`, `?=`-style assignments, not inside `$(…)`); -1 when none. */
function ruleColon(line: string): number {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '$' && (line[i + 1] === '(' || line[i + 1] === '{')) {
      depth++;
      i++;
    } else if ((ch === ')' || ch === '}') && depth > 0) depth--;
    else if (depth === 0 && ch === '=') return -1;
    else if (depth === 0 && ch === ':') return line[i + 1] === '=' || (line[i + 1] === ':' && line[i + 2] === '=') ? -1 : i;
  }
  return -1;
}
