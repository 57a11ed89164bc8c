// The benchmark's output: the machine it ran on and the results table (plain text, readable in a terminal
// and pasteable into Markdown).
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function describeMachine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((entry) => entry.startsWith('model name'));
    if (line) cpu = line.split(':').slice(1).join(':').trim();
  } catch {
    /* not Linux */
  }
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const ramGiB = os.totalmem() / 1024 ** 3;
  const summary = `${cores} cores (${cpu}), ${ramGiB.toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
  return { cores, cpu, ramGiB: Number(ramGiB.toFixed(1)), os: `${os.type()} ${os.release()}`, node: process.version, summary };
}

const COLUMNS = [
  ['case', (row) => row.case],
  ['wall (median)', (row) => fmtMs(row.ms)],
  ['peak RSS', (row) => (row.rssKb === null ? 'n/a' : `${Math.round(row.rssKb / 1024)} MB`)],
  ['baseline', (row) => row.baseline],
  ['ratio', (row) => row.ratioText ?? (row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`)],
  ['target', (row) => row.target],
  ['met?', (row) => (row.met === null ? '—' : row.met ? 'yes' : 'NO')],
];

/** A Markdown table (pipes aligned, so it also reads in a terminal). */
export function formatTable(rows) {
  const cells = [COLUMNS.map(([title]) => title), ...rows.map((row) => COLUMNS.map(([, cell]) => cell(row)))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => line[i].length)));
  const line = (values) => `| ${values.map((value, i) => value.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), line(widths.map((width) => '-'.repeat(width))), ...cells.slice(1).map(line)].join('\n');
}

export function fmtMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
