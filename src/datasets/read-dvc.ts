// Reads a snapshot's DVC project(s) into the dataset model: remotes, tracked files, pipelines and locks.
import { expectedForm } from '../formats/content-hash.js';
import {
  hasParam,
  isLocalRemote,
  lockStagesFor,
  parseDvcConfig,
  parseDvcFile,
  parseDvcLock,
  parseDvcPipeline,
  seedKeys,
  type DvcEntry,
  type DvcLock,
  type DvcStage,
  type DvcTrackFile,
} from '../formats/dvc.js';
import { describeFormatError } from '../formats/result.js';
import { lineOf, yamlLocator } from '../formats/yaml-locate.js';
import { parseYamlMapping } from '../formats/yaml.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { addHit, proseStrength } from './documentation.js';
import { covers, type DatasetDeclaration, type DatasetModel, type DatasetOrigin, type Pipeline, type PipelineDep, type PipelineStage } from './model.js';
import { folderOf, isDataDependency, isUrl, resolveIn } from './paths.js';

const PREPARATION_STAGE = /prep|clean|process|featur|transform|split|ingest|extract|filter|dedup|label/i;
/**
 * Pipelines and locks of large projects (foreach/matrix stages) exceed the default read cap; they are still small
 * enough to parse, and without them no pipeline is judged, so they are read up to 8 MiB whatever the read cap.
 */
const PIPELINE_READ_CAP = 8 * 1024 * 1024;
/** Beyond this many `.dvc` files the rest are counted, not read (each is a few lines). */
const MAX_DVC_FILES = 5000;

type Locator = ReturnType<typeof yamlLocator>;

export async function readDvc(snapshot: Snapshot, model: DatasetModel, extraDvcFiles: readonly string[] = []): Promise<void> {
  await readConfigs(snapshot, model);
  await readTrackFiles(snapshot, model, extraDvcFiles);
  await readPipelines(snapshot, model);
}

async function readConfigs(snapshot: Snapshot, model: DatasetModel): Promise<void> {
  for (const path of snapshot.glob(['.dvc/config', '**/.dvc/config'], { caseSensitive: true })) {
    const read = await snapshot.readText(path, { maxBytes: Math.min(256 * 1024, snapshot.readCap) });
    if (!read.ok) continue;
    const config = parseDvcConfig(read.text);
    if (!config.ok) {
      model.problems.push({ code: 'unparsed', path, line: config.error.line, column: config.error.column, message: `DVC config not parsed: ${describeFormatError(config.error)}` });
      model.artifacts.push({ path, kind: 'dvc-config', note: 'not parsed' });
      continue;
    }
    const { remotes, defaultRemote, secrets } = config.value;
    for (const remote of remotes) {
      if (!remote.url) continue;
      model.storage.push({
        kind: 'dvc-remote',
        url: remote.url,
        name: remote.name,
        declaredIn: path,
        line: remote.line,
        local: isLocalRemote(remote.url),
        isDefault: defaultRemote?.name === remote.name,
      });
    }
    for (const secret of secrets) {
      model.problems.push({ code: 'secret-in-config', path, line: secret.line, message: `\`${secret.key}\` in [${secret.section}] is a credential committed with the project (value not shown).` });
    }
    const shown = remotes.map((remote) => `${remote.name}${remote.name === defaultRemote?.name ? ' (default)' : ''} -> ${remote.url ?? 'no url'}`);
    model.artifacts.push({ path, kind: 'dvc-config', note: remotes.length ? `${remotes.length} remote(s): ${shown.join(', ')}` : 'no remote configured' });
  }
}

async function readTrackFiles(snapshot: Snapshot, model: DatasetModel, extra: readonly string[]): Promise<void> {
  const paths = [...new Set([...snapshot.glob('**/*.dvc', { caseSensitive: true }), ...extra])].filter((path) => !path.startsWith('.dvc/') && !path.includes('/.dvc/'));
  let skipped = 0;
  for (const [n, path] of paths.entries()) {
    if (n >= MAX_DVC_FILES) {
      skipped = paths.length - n;
      break;
    }
    const read = await snapshot.readText(path, { maxBytes: Math.min(256 * 1024, snapshot.readCap) });
    if (!read.ok) continue;
    const file = parseDvcFile(read.text);
    if (!file.ok) {
      model.problems.push({ code: 'unparsed', path, line: file.error.line, column: file.error.column, message: `.dvc file not parsed: ${describeFormatError(file.error)}` });
      model.artifacts.push({ path, kind: 'dvc-file', note: 'not parsed' });
      continue;
    }
    const locate = yamlLocator(read.text);
    const folder = folderOf(path);
    const { imported } = file.value;
    for (const out of file.value.outs) {
      const target = resolveIn(folder, out.path);
      checkEntry(model, path, out, ['outs', out.index], locate, target === null);
      if (!out.path || target === null) continue;
      if (imported) {
        if (imported.url) model.storage.push({ kind: 'dvc-import', url: imported.url, name: null, declaredIn: path, line: locate(['deps'])?.line, local: isLocalRemote(imported.url), isDefault: false });
      }
      const origin = originOf(file.value, target, path, locate(['deps'])?.line);
      if (origin) model.origins.push(origin);
      // Most .dvc files hold one output: its line is found without building a syntax tree.
      const line = file.value.outs.length === 1 ? (lineOf(read.text, /^\s*-\s/) ?? 1) : locate(['outs', out.index])?.line;
      model.declarations.push(declarationFromEntry(out, target, path, line, imported ? 'dvc-import' : 'dvc-file', imported?.revLock ?? null, imported?.url ?? null));
      model.dvcManaged.push(target);
    }
    const first = file.value.outs[0];
    const note = first
      ? `${first.path}: ${first.hash ? `${first.hash.algorithm} ${first.hash.valid ? 'ok' : 'MALFORMED'}` : 'no hash'}${first.size !== undefined ? `, ${first.size} bytes` : ''}${first.nfiles !== undefined ? `, ${first.nfiles} files` : ''}${imported ? `, imported from ${imported.url ?? '?'}@${imported.revLock ?? imported.rev ?? '?'}` : ''}`
      : 'no outputs';
    model.artifacts.push({ path, kind: 'dvc-file', note: file.value.outs.length > 1 ? `${file.value.outs.length} outputs; ${note}` : note });
  }
  if (skipped > 0) model.artifacts.push({ path: '', kind: 'dvc-file', note: `${skipped} more .dvc files not read (limit ${MAX_DVC_FILES})` });
}

async function readPipelines(snapshot: Snapshot, model: DatasetModel): Promise<void> {
  const files = snapshot.glob(['dvc.yaml', '**/dvc.yaml'], { caseSensitive: true });
  const parsedPipelines: Array<{ path: string; stages: DvcStage[]; lock: DvcLock | null; lockPath: string | null; lockLocate: Locator | null; locate: Locator }> = [];
  for (const path of files) {
    const read = await snapshot.readText(path, { maxBytes: PIPELINE_READ_CAP });
    if (!read.ok) continue;
    const pipeline = parseDvcPipeline(read.text);
    if (!pipeline.ok) {
      model.problems.push({ code: 'unparsed', path, line: pipeline.error.line, column: pipeline.error.column, message: `dvc.yaml not parsed: ${describeFormatError(pipeline.error)}` });
      model.artifacts.push({ path, kind: 'dvc-pipeline', note: 'not parsed' });
      continue;
    }
    const folder = folderOf(path);
    for (const dataset of pipeline.value.datasets) {
      if (dataset.url) model.storage.push({ kind: 'dvc-dataset', url: dataset.url, name: dataset.name, declaredIn: path, local: isLocalRemote(dataset.url), isDefault: false });
    }
    const lockPath = resolveIn(folder, 'dvc.lock')!;
    let lock: DvcLock | null = null;
    let lockLocate: Locator | null = null;
    if (snapshot.has(lockPath)) {
      const lockRead = await snapshot.readText(lockPath, { maxBytes: PIPELINE_READ_CAP });
      if (lockRead.ok) {
        const parsedLock = parseDvcLock(lockRead.text);
        if (parsedLock.ok) {
          lock = parsedLock.value;
          lockLocate = yamlLocator(lockRead.text);
          for (const problem of lock.problems) model.problems.push({ code: 'lock-schema', path: lockPath, line: lockLocate(['schema'])?.line, message: problem });
        } else {
          model.problems.push({ code: 'unparsed', path: lockPath, line: parsedLock.error.line, column: parsedLock.error.column, message: `dvc.lock not parsed: ${describeFormatError(parsedLock.error)}` });
          model.artifacts.push({ path: lockPath, kind: 'dvc-lock', note: 'not parsed' });
        }
      }
    } else if (pipeline.value.stages.length > 0) {
      model.problems.push({ code: 'missing-lock', path, message: `${path} has ${pipeline.value.stages.length} stage(s) but no dvc.lock next to it: the pipeline was never run with \`dvc repro\`, or its lock was not committed.` });
    }
    parsedPipelines.push({ path, stages: pipeline.value.stages, lock, lockPath: lock ? lockPath : null, lockLocate, locate: yamlLocator(read.text) });
  }

  // Which stage writes which path, across every pipeline, so a dep can be traced to its producer.
  const producers: Array<{ path: string; stage: string }> = [];
  for (const { path, stages } of parsedPipelines) {
    for (const stage of stages) {
      const base = stageFolder(path, stage);
      for (const out of stage.outs) {
        const resolved = resolveIn(base, out.path);
        if (resolved && !isUrl(resolved)) {
          producers.push({ path: resolved, stage: stage.name });
          if (out.kind === 'out') model.dvcManaged.push(resolved);
        }
      }
    }
  }
  const trackedByDvcFile = model.declarations.filter((d) => d.kind === 'dvc-file' || d.kind === 'dvc-import').map((d) => d.target);
  const paramsCache = new Map<string, Record<string, unknown> | null>();

  for (const { path, stages, lock, lockPath, lockLocate, locate } of parsedPipelines) {
    const pipeline: Pipeline = { path, lockPath, stages: [], lockSchema: lock?.schema ?? null };
    let reproduced = 0;
    for (const stage of stages) {
      const base = stageFolder(path, stage);
      const lockEntries = lock ? lockStagesFor(lock, stage) : [];
      const lockDeps = new Map<string, DvcEntry>();
      // Metrics and plots are results, not data: their lock hashes are not dataset declarations.
      const results = new Set(stage.outs.filter((out) => out.kind !== 'out').map((out) => normalise(out.path)));
      for (const entry of lockEntries) {
        for (const dep of entry.deps) lockDeps.set(normalise(dep.path), dep);
        recordLockEntries(model, lockPath!, lockLocate!, entry.name, base, entry.deps, 'deps', producers, trackedByDvcFile);
        const dataOuts = entry.outs.filter((out) => !results.has(normalise(out.path)));
        recordLockEntries(model, lockPath!, lockLocate!, entry.name, base, dataOuts, 'outs', producers, trackedByDvcFile);
      }
      const deps: PipelineDep[] = stage.deps.map((written) => {
        const resolved = resolveIn(base, written) ?? written;
        const producer = producers.find((candidate) => covers(candidate.path, resolved) && candidate.stage !== stage.name);
        const tracked = !!producer || trackedByDvcFile.some((target) => covers(target, resolved));
        return {
          written,
          path: resolved,
          isUrl: isUrl(written),
          // A templated path (`${item}`, `${vars.x}`) cannot be matched to what the lock resolved.
          isData: !written.includes('${') && (isUrl(written) || isDataDependency(resolved, tracked)),
          lockHash: lockDeps.get(normalise(written))?.hash ?? null,
          producedBy: producer?.stage ?? null,
        };
      });
      const drift: string[] = [];
      if (lockEntries.length === 1 && !stage.generated) {
        const [entry] = lockEntries;
        for (const dep of stage.deps) if (!lockDeps.has(normalise(dep)) && !dep.includes('${')) drift.push(`dependency ${dep} is not in dvc.lock`);
        if (stage.cmd && entry.cmd && squash(stage.cmd) !== squash(entry.cmd)) drift.push('its command differs from the one dvc.lock recorded');
      }
      if (lockEntries.length > 0) reproduced++;
      // A preparation stage is executable preprocessing; described (desc) it documents itself.
      if (PREPARATION_STAGE.test(stage.name) && stage.cmd) {
        addHit(model, 'preprocessing', 'dvc-pipeline', path, locate(['stages', stage.name], true)?.line, stage.desc && proseStrength(stage.desc, 8) >= 1 ? 0.8 : 0.5, `stage ${stage.name}: ${stage.cmd.slice(0, 80)}`);
      }
      pipeline.stages.push({
        name: stage.name,
        line: locate(['stages', stage.name], true)?.line ?? 1,
        cmd: stage.cmd,
        desc: stage.desc,
        reproduced: lockEntries.length > 0,
        lockDrift: drift,
        deps,
        outs: stage.outs.map((out) => resolveIn(base, out.path) ?? out.path),
        missingParams: await missingParams(snapshot, base, stage, paramsCache),
      });
    }
    model.pipelines.push(pipeline);
    model.artifacts.push({
      path,
      kind: 'dvc-pipeline',
      note: `${stages.length} stage(s) (${stages.map((s) => s.name).join(', ') || 'none'}); ${lock ? `${reproduced} in dvc.lock` : 'no dvc.lock'}`,
    });
    if (lock && lockPath) model.artifacts.push({ path: lockPath, kind: 'dvc-lock', note: `schema ${lock.schema ?? '(none, DVC 1.x)'}, ${lock.stages.length} locked stage(s)` });
  }
  for (const [paramsPath, params] of paramsCache) {
    if (params) {
      const seeds = seedKeys(params);
      model.artifacts.push({ path: paramsPath, kind: 'dvc-params', note: `${Object.keys(params).length} top-level group(s)${seeds.length ? `; seeds: ${seeds.slice(0, 5).join(', ')}` : '; no seed parameter'}` });
    }
  }
}

/** Lock deps and outs that are data become declarations (their hash pins what the stage actually used). */
function recordLockEntries(
  model: DatasetModel,
  lockPath: string,
  locate: Locator,
  stageName: string,
  base: string,
  entries: DvcEntry[],
  list: 'deps' | 'outs',
  producers: Array<{ path: string; stage: string }>,
  tracked: string[],
): void {
  for (const entry of entries) {
    const target = entry.path ? resolveIn(base, entry.path) : null;
    checkEntry(model, lockPath, entry, ['stages', stageName, list, entry.index], locate, !!entry.path && target === null);
    if (!target || !entry.hash) continue;
    const isTracked = list === 'outs' || producers.some((p) => covers(p.path, target)) || tracked.some((t) => covers(t, target));
    if (!isUrl(target) && !isDataDependency(target, isTracked)) continue;
    model.declarations.push(declarationFromEntry(entry, target, lockPath, locate(['stages', stageName, list, entry.index])?.line, 'dvc-lock', null, null));
  }
}

function checkEntry(model: DatasetModel, path: string, entry: DvcEntry, at: Array<string | number>, locate: Locator, escapes: boolean): void {
  if (entry.hash && !entry.hash.valid) {
    const position = locate([...at, entry.hash.algorithm]);
    model.problems.push({
      code: 'malformed-hash',
      path,
      line: position?.line,
      column: position?.column,
      message: `${entry.path || 'an entry'}: ${entry.hash.algorithm} "${entry.hash.value.slice(0, 70)}" is not ${expectedForm(entry.hash.algorithm)}${entry.hash.algorithm === 'md5' ? ' (optionally followed by .dir)' : ''}.`,
    });
  }
  if (escapes) model.problems.push({ code: 'malformed-entry', path, line: locate(at)?.line, message: `${entry.path}: the path leaves the repository.` });
  for (const problem of entry.problems) model.problems.push({ code: 'malformed-entry', path, line: locate(at)?.line, message: `${entry.path || 'an entry'}: ${problem}.` });
}

/** `dvc import` (a dep with `repo:`) or `dvc import-url` (a dep whose path is a URL): where the output came from. */
function originOf(file: DvcTrackFile, target: string, declaredIn: string, line: number | undefined): DatasetOrigin | null {
  const at = line === undefined ? {} : { line };
  const { imported } = file;
  if (imported?.url) {
    const sourcePath = file.deps.find((dep) => dep.path)?.path ?? null;
    return { target, source: imported.url, sourcePath, revision: imported.revLock ?? imported.rev, via: 'dvc import', declaredIn, ...at };
  }
  const remote = file.deps.find((dep) => isUrl(dep.path));
  if (remote) return { target, source: remote.path, sourcePath: null, revision: null, via: 'dvc import-url', declaredIn, ...at };
  return null;
}

function declarationFromEntry(entry: DvcEntry, target: string, declaredIn: string, line: number | undefined, kind: DatasetDeclaration['kind'], version: string | null, storage: string | null): DatasetDeclaration {
  return {
    target,
    isUrl: isUrl(target),
    isPattern: false,
    isDirectory: entry.hash?.directory === true || entry.nfiles !== undefined,
    kind,
    name: null,
    declaredIn,
    line,
    hashes: entry.hash ? [entry.hash] : [],
    legacyDvcMd5: entry.legacyMd5 && entry.hash?.algorithm === 'md5',
    size: entry.size ?? null,
    nfiles: entry.nfiles ?? null,
    version,
    storage,
  };
}

async function missingParams(snapshot: Snapshot, base: string, stage: DvcStage, cache: Map<string, Record<string, unknown> | null>): Promise<string[]> {
  const missing: string[] = [];
  for (const param of stage.params) {
    if (param.key.includes('${')) continue;
    const file = resolveIn(base, param.file ?? 'params.yaml');
    // params.toml and params.py are valid DVC params files too; only YAML/JSON are looked into.
    if (!file || !/\.(ya?ml|json)$/i.test(file)) continue;
    if (!cache.has(file)) cache.set(file, await readParams(snapshot, file));
    const params = cache.get(file);
    if (!params) missing.push(`${param.key} (${file} is missing or unreadable)`);
    else if (!hasParam(params, param.key)) missing.push(`${param.key} (not in ${file})`);
  }
  return missing;
}

async function readParams(snapshot: Snapshot, path: string): Promise<Record<string, unknown> | null> {
  if (!snapshot.has(path)) return null;
  const read = await snapshot.readText(path, { maxBytes: Math.min(1024 * 1024, snapshot.readCap) });
  if (!read.ok) return null;
  const result = parseYamlMapping(read.text);
  if (!result.ok) {
    snapshot.addError({ path, message: `parameters not parsed: ${describeFormatError(result.error)}` });
    return null;
  }
  return result.value;
}

function stageFolder(pipelinePath: string, stage: DvcStage): string {
  const folder = folderOf(pipelinePath);
  return stage.wdir ? (resolveIn(folder, stage.wdir) ?? folder) : folder;
}

function normalise(path: string): string {
  return path.replace(/^\.\//, '').replace(/(?<!\/)\/+$/, '');
}

function squash(command: string): string {
  return command.replace(/\s+/g, ' ').trim();
}
