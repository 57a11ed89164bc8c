// Scheduled pipelines, and whether they retrain the model:
// - GitHub Actions workflows: `on.schedule[].cron` (UTC, 5 fields), jobs' `run` steps and called workflows;
// - Airflow DAG files: `DAG(...)` / `@dag` with `schedule=` or `schedule_interval=` (cron, preset or timedelta);
// - Kubernetes `CronJob` (`spec.schedule`), Argo `CronWorkflow` (`spec.schedule` / `spec.schedules`),
//   Kubeflow Pipelines `ScheduledWorkflow` recurring runs (`spec.trigger.cronSchedule.cron`, `periodicSchedule`);
// - crontab files (`m h dom mon dow command`, `@monthly command`).
// Pure: text or parsed values in, schedules out.
import { describeCron, type CronSchedule } from './cron.js';

export type ScheduleSource = 'github-actions' | 'airflow' | 'kubernetes-cronjob' | 'argo-cronworkflow' | 'kubeflow-recurring-run' | 'crontab';

export interface PipelineSchedule {
  source: ScheduleSource;
  name: string;
  schedule: CronSchedule;
  line: number;
  /** A step, task or command of this pipeline trains a model. */
  runsTraining: boolean;
  /** The command or task that trains, for evidence. */
  trainingEvidence: string | null;
  /** The pipeline is named for training (`retrain.yml`, `churn_retrain` DAG) whether or not a step trains. */
  namedForTraining: boolean;
}

const MAX_TEXT = 512 * 1024;
/** Commands and task names that train a model. */
const TRAINING = /\bmake\s+(?:re)?train\b|\bdvc\s+(?:repro|exp\s+run)\b|\bpython[\d.]*\s+(?:-m\s+)?\S*train|\btrain\.py\b|\/(?:re)?train[\w-]*\.ya?ml\b|\bmlflow\s+run\b|\bre-?train|training[-_ ]?(?:job|pipeline)|\btrain[-_]model\b|task_id\s*=\s*['"][^'"\n]{0,60}train/i;
const NAMED_FOR_TRAINING = /train/i;

/** GitHub Actions workflow: one schedule per cron line. */
export function readWorkflowSchedules(path: string, value: unknown, text: string): PipelineSchedule[] {
  if (!isRecord(value)) return [];
  const triggers = value.on ?? value.true; // YAML 1.1 readers turn `on` into `true`
  if (!isRecord(triggers) || !Array.isArray(triggers.schedule)) return [];
  const name = typeof value.name === 'string' ? value.name : path.slice(path.lastIndexOf('/') + 1);
  const commands: string[] = [];
  let namedJob = false;
  for (const job of isRecord(value.jobs) ? Object.entries(value.jobs) : []) {
    const [jobId, body] = job;
    if (!isRecord(body)) continue;
    if (NAMED_FOR_TRAINING.test(jobId)) namedJob = true;
    if (typeof body.uses === 'string') commands.push(body.uses);
    for (const step of Array.isArray(body.steps) ? body.steps : []) {
      if (!isRecord(step)) continue;
      if (typeof step.run === 'string') commands.push(step.run);
      if (isRecord(step.with)) for (const item of Object.values(step.with)) if (typeof item === 'string') commands.push(item);
    }
  }
  const training = firstTraining(commands);
  const named = namedJob || NAMED_FOR_TRAINING.test(name) || NAMED_FOR_TRAINING.test(path.slice(path.lastIndexOf('/') + 1));
  const lines = text.split('\n');
  const schedules: PipelineSchedule[] = [];
  for (const entry of triggers.schedule) {
    if (!isRecord(entry) || typeof entry.cron !== 'string') continue;
    const cron = entry.cron;
    const line = lines.findIndex((l) => /^\s*(?:-\s*)?cron:/.test(l) && l.includes(cron)) + 1 || 1;
    schedules.push({ source: 'github-actions', name, schedule: describeCron(cron), line, runsTraining: training !== null, trainingEvidence: training, namedForTraining: named });
  }
  return schedules;
}

/** Airflow DAG file: the DAG's schedule and whether a task trains. */
export function readAirflowSchedule(path: string, input: string): PipelineSchedule | null {
  const text = input.length > MAX_TEXT ? input.slice(0, MAX_TEXT) : input;
  if (!/\bDAG\s*\(|@dag\b/.test(text)) return null;
  const match = /\bschedule(?:_interval)?\s*=\s*(?:(['"])([^'"\n]{1,100})\1|(timedelta\([^)\n]{0,80}\))|(None)\b)/.exec(text);
  if (!match) return null;
  const line = countLines(text, match.index);
  const raw = match[2] ?? match[3] ?? 'None';
  if (raw === 'None') return null; // triggered manually or by another DAG
  const schedule = match[3] ? fromTimedelta(match[3]) : describeCron(raw);
  const dagId = /dag_id\s*=\s*['"]([^'"\n]{1,100})['"]/.exec(text)?.[1] ?? /DAG\(\s*['"]([^'"\n]{1,100})['"]/.exec(text)?.[1] ?? path.slice(path.lastIndexOf('/') + 1);
  const training = TRAINING.exec(text);
  return {
    source: 'airflow',
    name: dagId,
    schedule,
    line,
    runsTraining: training !== null,
    trainingEvidence: training ? lineAround(text, training.index) : null,
    namedForTraining: NAMED_FOR_TRAINING.test(dagId) || NAMED_FOR_TRAINING.test(path),
  };
}

/** Kubernetes CronJob, Argo CronWorkflow or Kubeflow ScheduledWorkflow manifest (one YAML document). */
export function readKubernetesSchedule(value: unknown, text: string, lineOffset = 0): PipelineSchedule | null {
  if (!isRecord(value) || !isRecord(value.spec)) return null;
  const spec = value.spec;
  const name = isRecord(value.metadata) && typeof value.metadata.name === 'string' ? value.metadata.name : String(value.kind);
  let source: ScheduleSource;
  let expression: string | null = null;
  if (value.kind === 'CronJob') {
    source = 'kubernetes-cronjob';
    expression = typeof spec.schedule === 'string' ? spec.schedule : null;
  } else if (value.kind === 'CronWorkflow') {
    source = 'argo-cronworkflow';
    expression = typeof spec.schedule === 'string' ? spec.schedule : Array.isArray(spec.schedules) && typeof spec.schedules[0] === 'string' ? spec.schedules[0] : null;
  } else if (value.kind === 'ScheduledWorkflow') {
    source = 'kubeflow-recurring-run';
    const trigger = isRecord(spec.trigger) ? spec.trigger : {};
    if (isRecord(trigger.cronSchedule) && typeof trigger.cronSchedule.cron === 'string') expression = trigger.cronSchedule.cron;
    else if (isRecord(trigger.periodicSchedule) && typeof trigger.periodicSchedule.intervalSecond === 'number') {
      expression = `every ${trigger.periodicSchedule.intervalSecond}s`;
    }
  } else return null;
  if (!expression) return null;
  const schedule = expression.startsWith('every ') ? fromSeconds(expression) : describeCron(expression);
  // Container `command`/`args` arrays read as the command line they are: ["python","-m","x.train"] -> python -m x.train
  const body = JSON.stringify(spec).slice(0, MAX_TEXT).replace(/","/g, ' ');
  const training = TRAINING.exec(body);
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^\s*(schedule|cron|-)\s*:?/.test(l) && l.includes(expression!)) + 1;
  return {
    source,
    name,
    schedule,
    line: (at || 1) + lineOffset,
    runsTraining: training !== null,
    trainingEvidence: training ? training[0] : null,
    namedForTraining: NAMED_FOR_TRAINING.test(name),
  };
}

/** crontab / cron.d file: one schedule per job line. */
export function readCrontab(path: string, input: string): PipelineSchedule[] {
  const text = input.length > MAX_TEXT ? input.slice(0, MAX_TEXT) : input;
  const schedules: PipelineSchedule[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && schedules.length < 500; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(line)) continue;
    const match = /^(@[a-z]+|(?:\S+\s+){4}\S+)\s+(.+)$/.exec(line);
    if (!match) continue;
    const schedule = describeCron(match[1]);
    if (!schedule.valid) continue;
    const training = TRAINING.exec(match[2]);
    schedules.push({
      source: 'crontab',
      name: `${path}:${i + 1}`,
      schedule,
      line: i + 1,
      runsTraining: training !== null,
      trainingEvidence: training ? match[2].slice(0, 160) : null,
      namedForTraining: NAMED_FOR_TRAINING.test(match[2]),
    });
  }
  return schedules;
}

function firstTraining(commands: string[]): string | null {
  for (const command of commands) {
    const capped = command.length > MAX_TEXT ? command.slice(0, MAX_TEXT) : command;
    const match = TRAINING.exec(capped);
    if (match) return lineAround(capped, match.index);
  }
  return null;
}

function fromTimedelta(text: string): CronSchedule {
  const days = Number(/days\s*=\s*(\d+)/.exec(text)?.[1] ?? NaN);
  const weeks = Number(/weeks\s*=\s*(\d+)/.exec(text)?.[1] ?? NaN);
  const hours = Number(/hours\s*=\s*(\d+)/.exec(text)?.[1] ?? NaN);
  const total = (Number.isFinite(weeks) ? weeks * 7 : 0) + (Number.isFinite(days) ? days : 0) + (Number.isFinite(hours) ? hours / 24 : 0);
  const cadence = total >= 28 ? 'monthly' : total >= 7 ? 'weekly' : total >= 1 ? 'daily' : total > 0 ? 'hourly' : 'custom';
  return { expression: text, cadence, valid: total > 0 };
}

function fromSeconds(text: string): CronSchedule {
  const seconds = Number(/\d+/.exec(text)?.[0] ?? 0);
  const days = seconds / 86_400;
  const cadence = days >= 28 ? 'monthly' : days >= 7 ? 'weekly' : days >= 1 ? 'daily' : seconds >= 3600 ? 'hourly' : 'minutes';
  return { expression: text, cadence, valid: seconds > 0 };
}

function countLines(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  const line = text.slice(start, end === -1 ? undefined : end).trim();
  return line.length > 160 ? line.slice(0, 157) + '…' : line;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
