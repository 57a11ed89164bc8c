// Reads dataset descriptors into the dataset model: Croissant JSON-LD, Frictionless data packages and
// ml-handover data manifests. Each names data files with hashes, storage and documentation fields.
import { parseCroissant } from '../formats/croissant.js';
import { parseDataManifest, type ManifestDataset } from '../formats/data-manifest.js';
import type { DataTopic } from '../formats/dataset-card.js';
import { parseDataPackage } from '../formats/frictionless.js';
import { describeFormatError } from '../formats/result.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { addHit, licenceStrength, proseStrength } from './documentation.js';
import type { DatasetDeclaration, DatasetModel } from './model.js';
import { folderOf, isUrl, resolveIn } from './paths.js';

const MAX_DESCRIPTORS = 200;

export const CROISSANT_GLOBS = ['**/*croissant*.json', '**/*croissant*.jsonld', '**/*.jsonld'];
export const DATAPACKAGE_GLOBS = ['**/datapackage.json', '**/datapackage.yaml', '**/datapackage.yml'];
const DATA_MANIFEST_NAME = /(?:^|\/)data[-_]manifest\.(?:ya?ml|json)$/i;
export const MANIFEST_GLOBS = ['**/data-manifest.yml', '**/data-manifest.yaml', '**/data-manifest.json', '**/data_manifest.yml', '**/data_manifest.yaml', '**/data_manifest.json'];

export async function readDescriptors(snapshot: Snapshot, model: DatasetModel, extra: readonly string[] = []): Promise<void> {
  const extraJson = extra.filter((path) => /\.(json|jsonld)$/i.test(path) && !/datapackage|manifest/i.test(path));
  for (const path of unique([...snapshot.glob(CROISSANT_GLOBS), ...extraJson]).slice(0, MAX_DESCRIPTORS)) await readCroissant(snapshot, model, path);
  const packages = [...snapshot.glob(DATAPACKAGE_GLOBS), ...extra.filter((path) => /datapackage\.(json|ya?ml)$/i.test(path))];
  for (const path of unique(packages).slice(0, MAX_DESCRIPTORS)) await readDataPackage(snapshot, model, path);
  const named = snapshot.glob(MANIFEST_GLOBS);
  const manifests = [...named, ...extra.filter((path) => /manifest\.(json|ya?ml)$/i.test(path))];
  for (const path of unique(manifests).slice(0, MAX_DESCRIPTORS)) await readManifest(snapshot, model, path, named.includes(path) || DATA_MANIFEST_NAME.test(path));
}

async function readCroissant(snapshot: Snapshot, model: DatasetModel, path: string): Promise<void> {
  const read = await snapshot.readText(path);
  if (!read.ok) return;
  const result = parseCroissant(read.text);
  const named = /croissant/i.test(path);
  if (!result.ok) {
    // A stray .jsonld that is not a dataset is not ours to report; a file named croissant is.
    if (named) {
      model.problems.push({ code: 'unparsed', path, line: result.error.line, column: result.error.column, message: `Croissant metadata not parsed: ${describeFormatError(result.error)}` });
      model.artifacts.push({ path, kind: 'croissant', note: 'not parsed' });
    }
    return;
  }
  const dataset = result.value;
  const folder = folderOf(path);
  for (const file of dataset.distribution) {
    const where = file.kind === 'FileSet' ? file.includes[0] ?? null : file.contentUrl;
    const line = lineOfValue(read.text, file.id ?? file.name);
    if (file.hash && !file.hash.valid) {
      model.problems.push({ code: 'malformed-hash', path, line, message: `${file.name ?? file.id ?? 'a FileObject'}: ${file.hash.algorithm} "${file.hash.value.slice(0, 70)}" is not ${file.hash.algorithm === 'sha256' ? '64' : '32'} hexadecimal characters.` });
    }
    if (!where) continue;
    const target = resolveIn(folder, where);
    if (target === null) continue;
    model.declarations.push(
      declaration({
        target,
        kind: 'croissant',
        name: file.name ?? file.id,
        declaredIn: path,
        line,
        // A FileSet has no digest of its own: only the dataset version can pin it.
        hashes: file.hash ? [file.hash] : [],
        isPattern: file.kind === 'FileSet',
        version: dataset.version,
        storage: isUrl(target) ? target : null,
      }),
    );
    if (isUrl(target)) model.storage.push({ kind: 'croissant', url: target, name: file.name, declaredIn: path, line, local: false, isDefault: false });
  }
  const topics: Array<[string, DataTopic]> = [
    ['rai:dataCollection', 'provenance'],
    ['rai:dataCollectionType', 'provenance'],
    ['rai:dataPreprocessingProtocol', 'preprocessing'],
    ['rai:dataManipulationProtocol', 'preprocessing'],
    ['rai:dataImputationProtocol', 'preprocessing'],
    ['rai:dataAnnotationProtocol', 'preprocessing'],
    ['rai:annotationProtocol', 'preprocessing'],
    ['rai:personalSensitiveInformation', 'personal-data'],
    ['rai:dataLimitations', 'limitations'],
    ['rai:dataBiases', 'limitations'],
  ];
  for (const [key, topic] of topics) {
    const text = dataset.rai[key];
    if (text) addHit(model, topic, 'croissant', path, lineOfValue(read.text, key), proseStrength(text), key);
  }
  for (const source of dataset.basedOn) addHit(model, 'provenance', 'croissant', path, lineOfValue(read.text, 'isBasedOn'), 0.6, `isBasedOn ${source}`);
  if (dataset.license.length) addHit(model, 'licence', 'croissant', path, lineOfValue(read.text, '"license"'), 1, `license ${dataset.license[0]}`);
  model.artifacts.push({
    path,
    kind: 'croissant',
    note: `${dataset.name ?? 'unnamed'}${dataset.version ? ` v${dataset.version}` : ''}; ${dataset.conformsTo ?? 'no conformsTo'}; ${dataset.distribution.length} distribution item(s), ${dataset.recordSets.length} record set(s), ${Object.keys(dataset.rai).length} rai: properties`,
  });
}

async function readDataPackage(snapshot: Snapshot, model: DatasetModel, path: string): Promise<void> {
  const read = await snapshot.readText(path);
  if (!read.ok) return;
  const result = parseDataPackage(read.text, /\.ya?ml$/i.test(path) ? 'yaml' : 'json');
  if (!result.ok) {
    model.problems.push({ code: 'unparsed', path, line: result.error.line, column: result.error.column, message: `Data package not parsed: ${describeFormatError(result.error)}` });
    model.artifacts.push({ path, kind: 'datapackage', note: 'not parsed' });
    return;
  }
  const pkg = result.value;
  const folder = folderOf(path);
  let hashed = 0;
  for (const resource of pkg.resources) {
    const line = lineOfValue(read.text, resource.name ?? resource.paths[0]);
    if (resource.hash && !resource.hash.valid) {
      model.problems.push({ code: 'malformed-hash', path, line, message: `resource ${resource.name ?? resource.index}: ${resource.hash.algorithm} "${resource.hash.value.slice(0, 70)}" is not a valid digest (md5 by default; prefix other algorithms, e.g. sha256:<64 hex>).` });
    }
    if (resource.hash?.valid) hashed++;
    for (const written of resource.paths) {
      const target = resolveIn(folder, written);
      if (target === null) continue;
      model.declarations.push(
        declaration({
          target,
          kind: 'frictionless',
          name: resource.name,
          declaredIn: path,
          line,
          // One hash covers a single-file resource; a multi-part resource's hash is of the concatenation.
          hashes: resource.hash && resource.paths.length === 1 ? [resource.hash] : [],
          size: resource.paths.length === 1 ? resource.bytes : null,
          version: pkg.version,
          storage: isUrl(target) ? target : null,
        }),
      );
      if (isUrl(target)) model.storage.push({ kind: 'frictionless', url: target, name: resource.name, declaredIn: path, line, local: false, isDefault: false });
    }
    for (const source of resource.sources) addHit(model, 'provenance', 'frictionless', path, line, source.path ? 0.8 : 0.6, `source ${source.title ?? source.path}`);
    for (const licence of resource.licenses) addHit(model, 'licence', 'frictionless', path, line, 1, `license ${licence}`);
  }
  for (const source of pkg.sources) addHit(model, 'provenance', 'frictionless', path, lineOfValue(read.text, 'sources'), source.path ? 0.8 : 0.6, `source ${source.title ?? source.path}`);
  for (const licence of pkg.licenses) addHit(model, 'licence', 'frictionless', path, lineOfValue(read.text, 'licenses'), 1, `license ${licence}`);
  model.artifacts.push({
    path,
    kind: 'datapackage',
    note: `${pkg.name ?? 'unnamed'}${pkg.version ? ` v${pkg.version}` : ''}; ${pkg.resources.length} resource(s), ${hashed} with a valid hash; ${pkg.licenses.length} licence(s), ${pkg.sources.length} source(s)`,
  });
}

/**
 * `strict`: the file is named as an ml-handover data manifest, so a schema error is reported. A location pointing at
 * another manifest (an evaluation set's MANIFEST.yaml) is tried as one and, when it is not, left to the list reader.
 */
async function readManifest(snapshot: Snapshot, model: DatasetModel, path: string, strict: boolean): Promise<void> {
  const read = await snapshot.readText(path);
  if (!read.ok) return;
  const result = parseDataManifest(read.text, /\.json$/i.test(path) ? 'json' : 'yaml');
  if (!result.ok && !strict) return;
  if (!result.ok) {
    model.problems.push({ code: 'manifest-invalid', path, line: result.error.line, column: result.error.column, message: `Data manifest invalid: ${describeFormatError(result.error)}` });
    model.artifacts.push({ path, kind: 'data-manifest', note: 'invalid' });
    return;
  }
  const manifest = result.value;
  const folder = folderOf(path);
  if (manifest.storage) model.storage.push({ kind: 'data-manifest', url: manifest.storage, name: null, declaredIn: path, local: !isUrl(manifest.storage) && manifest.storage.startsWith('/'), isDefault: true });
  for (const dataset of manifest.datasets) {
    const target = resolveIn(folder, dataset.path);
    if (target === null) {
      model.problems.push({ code: 'malformed-entry', path, line: dataset.line, message: `${dataset.name}: path ${dataset.path} leaves the repository.` });
      continue;
    }
    const storage = dataset.storage ?? manifest.storage;
    model.declarations.push(
      declaration({
        target,
        kind: 'data-manifest',
        name: dataset.name,
        declaredIn: path,
        line: dataset.line,
        hashes: dataset.hashes,
        size: dataset.size,
        version: dataset.version,
        storage: storage ?? (isUrl(target) ? target : null),
        isDirectory: dataset.files.length > 0,
      }),
    );
    if (dataset.storage) model.storage.push({ kind: 'data-manifest', url: dataset.storage, name: dataset.name, declaredIn: path, line: dataset.line, local: dataset.storage.startsWith('/'), isDefault: false });
    for (const file of dataset.files) {
      const fileTarget = isUrl(target) ? null : resolveIn(target, file.path);
      if (!fileTarget) continue;
      model.declarations.push(declaration({ target: fileTarget, kind: 'data-manifest', name: `${dataset.name}/${file.path}`, declaredIn: path, line: dataset.line, hashes: file.hashes, size: file.size, version: dataset.version, storage }));
    }
    manifestHits(model, path, dataset);
  }
  const hashed = manifest.datasets.filter((dataset) => dataset.hashes.length > 0 || dataset.files.length > 0).length;
  model.artifacts.push({ path, kind: 'data-manifest', note: `${manifest.datasets.length} dataset(s), ${hashed} with content hashes` });
}

function manifestHits(model: DatasetModel, path: string, dataset: ManifestDataset): void {
  const where = `${dataset.name}: `;
  addHit(model, 'provenance', 'data-manifest', path, dataset.line, dataset.source ? proseStrength(dataset.source, 6) : 0, dataset.source ? `${where}source given` : `${where}no source`);
  addHit(model, 'licence', 'data-manifest', path, dataset.line, licenceStrength(dataset.license), dataset.license ? `${where}license ${dataset.license.slice(0, 60)}` : `${where}no license`);
  addHit(model, 'preprocessing', 'data-manifest', path, dataset.line, dataset.preprocessing ? proseStrength(dataset.preprocessing, 6) : 0, dataset.preprocessing ? `${where}preprocessing given` : `${where}no preprocessing`);
  if (dataset.personalData) addHit(model, 'personal-data', 'data-manifest', path, dataset.line, proseStrength(dataset.personalData, 6), `${where}personal data described`);
}

function declaration(fields: Partial<DatasetDeclaration> & Pick<DatasetDeclaration, 'target' | 'kind' | 'declaredIn'>): DatasetDeclaration {
  return {
    isUrl: isUrl(fields.target),
    isPattern: false,
    isDirectory: false,
    name: null,
    hashes: [],
    legacyDvcMd5: false,
    size: null,
    nfiles: null,
    version: null,
    storage: null,
    ...fields,
  };
}

/** Line of the first occurrence of a JSON/YAML value (JSON descriptors have no cheap node positions). */
function lineOfValue(text: string, value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const index = text.indexOf(value.startsWith('"') || value.includes(':') ? value : `"${value}"`);
  const at = index === -1 ? text.indexOf(value) : index;
  if (at === -1) return undefined;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}
