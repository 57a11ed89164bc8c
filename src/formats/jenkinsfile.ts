// Jenkinsfiles (declarative or scripted Groovy) read as text, never evaluated: the shell steps (`sh`, `bat`,
// `powershell`, `pwsh` with a string or a `script:` argument, single, double or triple quoted), the `stage`
// each sits in, `build job:` calls, and `triggers { cron … }`. A linear scan with bounded string reads.
import type { CiPipeline, CiStep, CiTrigger } from './ci-pipelines.js';
import { environmentStage } from './environment-names.js';
import { lineAtIndex, lineStarts } from './lines.js';

const MAX_STEPS = 2000;
const MAX_STRING = 20_000;
const STEP = /\b(sh|bat|powershell|pwsh)\b[ \t]*\(?[ \t]*/g;
const STAGE = /\bstage[ \t]*\([ \t]*(['"])([^'"\n]{0,200})\1/g;
const BUILD_JOB = /\bbuild[ \t]*(?:\([ \t]*)?job[ \t]*:[ \t]*(['"])([^'"\n]{1,200})\1/g;
const DEPLOY_STAGE = /deploy|release|promot|rollout|publish/i;

export function readJenkinsfile(path: string, text: string): CiPipeline {
  const starts = lineStarts(text);
  const stages: Array<{ index: number; name: string }> = [];
  for (let match = STAGE.exec(text); match && stages.length < 5000; match = STAGE.exec(text)) stages.push({ index: match.index, name: match[2] });
  STAGE.lastIndex = 0;
  const triggers = jenkinsTriggers(text);
  const steps: CiStep[] = [];
  const environments: CiPipeline['environments'] = [];
  const stageAt = (index: number) => {
    let current: string | null = null;
    for (const stage of stages) {
      if (stage.index > index) break;
      current = stage.name;
    }
    return current;
  };
  const environmentOf = (stage: string | null) => (stage && DEPLOY_STAGE.test(stage) && environmentStage(stage) ? stage : null);

  for (let match = STEP.exec(text); match && steps.length < MAX_STEPS; match = STEP.exec(text)) {
    if (isCommented(text, match.index)) continue;
    const argument = stepArgument(text, match.index + match[0].length);
    if (argument === null) continue;
    STEP.lastIndex = argument.end; // never look for steps inside the script just read
    const command = argument.value;
    const stage = stageAt(match.index);
    steps.push({ job: stage ?? '(pipeline)', name: stage, command, kind: 'script', line: lineAtIndex(starts, match.index), allowFailure: false, environment: environmentOf(stage), triggers });
  }
  STEP.lastIndex = 0;
  for (let match = BUILD_JOB.exec(text); match && steps.length < MAX_STEPS; match = BUILD_JOB.exec(text)) {
    const stage = stageAt(match.index);
    steps.push({ job: stage ?? '(pipeline)', name: stage, command: `build job ${match[2]}`, kind: 'action', line: lineAtIndex(starts, match.index), allowFailure: false, environment: environmentOf(stage), triggers });
  }
  BUILD_JOB.lastIndex = 0;
  for (const stage of stages) {
    const environment = environmentOf(stage.name);
    if (environment && !environments.some((env) => env.name === environment)) environments.push({ name: environment, job: stage.name, line: lineAtIndex(starts, stage.index) });
  }
  steps.sort((a, b) => a.line - b.line);
  return { system: 'jenkins', path, name: path.slice(path.lastIndexOf('/') + 1), steps, environments, secrets: credentialIds(text), calls: [] };
}

/** The command a step passes: a string literal, or the `script:` named argument. */
function stepArgument(text: string, at: number): { value: string; end: number } | null {
  let i = skipSpace(text, at);
  const direct = readString(text, i);
  if (direct) return direct;
  // Named arguments: `sh script: '…', returnStdout: true` or `sh(label: 'x', script: "…")`.
  for (let guard = 0; guard < 8; guard++) {
    const name = /^([A-Za-z]\w{0,30})[ \t]*:[ \t]*/.exec(text.slice(i, i + 64));
    if (!name) return null;
    i += name[0].length;
    const value = readString(text, i);
    if (name[1] === 'script') return value;
    if (value) i = value.end;
    else {
      while (i < text.length && text[i] !== ',' && text[i] !== ')' && text[i] !== '\n') i++;
    }
    i = skipSpace(text, i);
    if (text[i] !== ',') return null;
    i = skipSpace(text, i + 1);
  }
  return null;
}

function readString(text: string, at: number): { value: string; end: number } | null {
  const quote = text.startsWith("'''", at) ? "'''" : text.startsWith('"""', at) ? '"""' : text[at] === "'" || text[at] === '"' ? text[at] : null;
  if (!quote) return null;
  const start = at + quote.length;
  const limit = Math.min(text.length, start + MAX_STRING);
  for (let i = start; i < limit; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (quote.length === 1 && text[i] === '\n') return null;
    if (text.startsWith(quote, i)) return { value: text.slice(start, i), end: i + quote.length };
  }
  return null;
}

function jenkinsTriggers(text: string): CiTrigger[] | null {
  const block = /\btriggers[ \t]*\{/.exec(text);
  if (!block) return null;
  const body = text.slice(block.index, block.index + 2000);
  const found: CiTrigger[] = [];
  if (/\b(cron|parameterizedCron)[ \t]*\(/.test(body)) found.push('schedule');
  if (/\b(pollSCM|githubPush|gitlab|GenericTrigger|bitbucketPush)\b/.test(body)) found.push('push');
  if (/\bupstream[ \t]*\(/.test(body)) found.push('other');
  // Multibranch pipelines also build on every push; a triggers block only adds to that unless it is cron alone.
  return found.length ? found : null;
}

function credentialIds(text: string): string[] {
  const ids = new Set<string>();
  const pattern = /\bcredentials(?:Id)?[ \t]*[(:][ \t]*(['"])([^'"\n]{1,100})\1/g;
  for (let match = pattern.exec(text); match && ids.size < 200; match = pattern.exec(text)) ids.add(match[2]);
  return [...ids].sort();
}

function isCommented(text: string, index: number): boolean {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  return /^\s*(\/\/|\*)/.test(text.slice(lineStart, index));
}

function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}
