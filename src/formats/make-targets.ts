// The targets a Makefile defines, read from its rule lines (no evaluation, no includes followed).
// Enough to answer "does `make retrain` exist here?". Pure: text in, targets out.

export interface MakeTargets {
  /** Explicit targets, including those only declared `.PHONY`. */
  targets: Map<string, number>;
  /** Pattern rules (`%: …`) or computed targets (`$(X):`) exist: any target name might resolve. */
  open: boolean;
  /** Files named by `include` / `-include` lines, as written. */
  includes: string[];
}

const MAX_LINES = 50_000;

export function parseMakeTargets(text: string): MakeTargets {
  const targets = new Map<string, number>();
  const includes: string[] = [];
  let open = false;
  const lines = text.split('\n');
  let continued = false;
  for (let index = 0; index < lines.length && index < MAX_LINES; index++) {
    const raw = lines[index];
    const wasContinued = continued;
    continued = /\\\s*$/.test(raw);
    if (wasContinued || raw.startsWith('\t')) continue; // recipe lines and continuations
    const line = stripComment(raw).trimEnd();
    if (!line.trim()) continue;
    const include = /^\s*-?s?include\s+(.+)$/.exec(line);
    if (include) {
      includes.push(...include[1].trim().split(/\s+/));
      continue;
    }
    const colon = ruleColon(line);
    if (colon === -1) continue;
    const names = line.slice(0, colon).trim();
    if (names.startsWith('.PHONY') || names === '.PHONY') {
      for (const name of line.slice(colon + 1).trim().split(/\s+/)) if (name) record(targets, name, index + 1);
      continue;
    }
    if (names.startsWith('.')) continue; // .SUFFIXES, .DEFAULT_GOAL, …
    for (const name of names.split(/\s+/)) {
      if (!name) continue;
      if (name.includes('%') || name.includes('$')) open = true;
      else record(targets, name, index + 1);
    }
  }
  return { targets, open, includes };
}

function record(targets: Map<string, number>, name: string, line: number): void {
  if (!targets.has(name)) targets.set(name, line);
}

function stripComment(line: string): string {
  const hash = line.indexOf('#');
  return hash === -1 ? line : line.slice(0, hash);
}

/** Index of the colon that makes this a rule line, or -1 for assignments (`A := b`, `A = b:c`) and others. */
function ruleColon(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '=') return -1;
    if (ch === ':') {
      const next = line[i + 1];
      if (next === '=' || (next === ':' && line[i + 2] === '=')) return -1;
      if (i === 0) return -1;
      return i;
    }
  }
  return -1;
}
