// The licensing facts of a repository: the licence files at the root and what they state, the licence
// package manifests declare, the provenance documents (NOTICE, third-party files, model and dataset
// cards, dataset descriptors), and every pretrained model or external dataset the code and cards pull in,
// each matched against those documents. Facts only; the licensing check scores them.
import { collectDatasets } from '../datasets/index.js';
import { parseCroissant } from '../formats/croissant.js';
import { parseDataPackage } from '../formats/frictionless.js';
import { parseJsonObject } from '../formats/json.js';
import { identifyLicense, spdxFromName, type LicenseIdentification } from '../formats/license-text.js';
import { parsePyproject } from '../formats/lockfiles.js';
import { isModelCardFileName, parseModelCard } from '../formats/model-card.js';
import { findThirdPartyReferences, type ThirdPartyReference } from '../formats/third-party-references.js';
import { readPythonSources } from '../reproducibility/python-sources.js';
import type { Snapshot } from '../snapshot/snapshot.js';

export interface LicenseFile extends LicenseIdentification {
  path: string;
  words: number;
}

export interface DeclaredLicense {
  path: string;
  line?: number;
  /** As written in the manifest. */
  written: string;
  spdx: string | null;
}

export interface ProvenanceDocument {
  path: string;
  kind: 'notice' | 'model-card' | 'dataset-card' | 'data-descriptor' | 'provenance-doc';
  lines: string[];
  /** Lines that mention a licence. */
  licenseLines: number[];
}

export interface Component {
  kind: 'model' | 'dataset';
  id: string;
  /** Where it is pulled in. */
  path: string;
  line?: number;
  via: string;
  /** Where its licence and source are documented, when they are. */
  documentedIn: { path: string; line?: number } | null;
}

export interface DescriptorLicense {
  path: string;
  kind: 'croissant' | 'datapackage' | 'model-card' | 'dataset-card';
  licenses: string[];
}

export interface LicensingFacts {
  licenseFiles: LicenseFile[];
  declared: DeclaredLicense[];
  documents: ProvenanceDocument[];
  components: Component[];
  descriptors: DescriptorLicense[];
  /** Parse problems in manifests and cards, with their files. */
  problems: Array<{ path: string; line?: number; message: string }>;
}

const LICENSE_FILE = /^(LICEN[CS]E|COPYING|UNLICENSE)([.-][\w.-]*)?$/i;
const NOTICE_FILE = /(^|\/)(NOTICE|THIRD[-_ ]?PARTY[-_\w]*|ThirdPartyNotices?|ATTRIBUTIONS?|CREDITS|ACKNOWLEDG(E)?MENTS)(\.(md|txt|markdown|rst))?$/i;
const PROVENANCE_DOC = /^(docs?|documentation)\/([\w-]+\/)*[\w-]*(licen[cs]|provenance|third[-_]?party|attribution|data[-_]?sources?|datasheet|data[-_]?card|sources)[\w-]*\.(md|markdown|rst|txt)$/i;
const DATASET_CARD = /(^|\/)(dataset[-_]?card|datasheet|data[-_]?card)[\w.-]*\.(md|markdown)$|^(?=((?:[^]*\/)?(?:data|datasets?)\/))\4(?:[\w-]+\/)*README\.(?:md|markdown)$/i;
export const LICENSE_WORD = /licen[cs]e|\b(MIT|Apache|BSD|GPL|LGPL|MPL|CC[- ]?BY|CC0|OpenRAIL|RAIL|Llama ?\d|Gemma|proprietary|public domain|terms of (use|service)|all rights reserved)\b/i;
const NEARBY_LINES = 5;
const DOC_BYTES = 512 * 1024;

export async function collectLicensing(snapshot: Snapshot): Promise<LicensingFacts> {
  const facts: LicensingFacts = { licenseFiles: [], declared: [], documents: [], components: [], descriptors: [], problems: [] };

  for (const path of snapshot.files.filter((file) => !file.includes('/') && LICENSE_FILE.test(file)).slice(0, 10)) {
    const read = await snapshot.readText(path, { maxBytes: DOC_BYTES });
    if (!read.ok) continue;
    facts.licenseFiles.push({ path, words: read.text.split(/\s+/).filter(Boolean).length, ...identifyLicense(read.text) });
  }
  await collectDeclared(snapshot, facts);
  await collectDocuments(snapshot, facts);
  await collectComponents(snapshot, facts);
  for (const component of facts.components) component.documentedIn = documentation(component, facts.documents);
  return facts;
}

async function collectDeclared(snapshot: Snapshot, facts: LicensingFacts): Promise<void> {
  if (snapshot.has('pyproject.toml')) {
    const read = await snapshot.readText('pyproject.toml', { maxBytes: DOC_BYTES });
    const project = read.ok ? parsePyproject(read.text) : null;
    if (project?.ok) {
      const lineOf = (needle: RegExp) => (read.ok ? read.text.split('\n').findIndex((line) => needle.test(line)) + 1 || undefined : undefined);
      const { expression, classifiers, files } = project.value.license;
      if (expression) facts.declared.push({ path: 'pyproject.toml', line: lineOf(/^\s*license\s*=/), written: expression, spdx: spdxFromName(expression) });
      for (const classifier of classifiers) facts.declared.push({ path: 'pyproject.toml', line: lineOf(/License ::/), written: classifier, spdx: spdxFromName(classifier) });
      for (const file of files) {
        if (!snapshot.has(file)) facts.problems.push({ path: 'pyproject.toml', line: lineOf(/license/), message: `pyproject.toml names licence file ${file}, which is not in the repository` });
      }
    }
  }
  if (snapshot.has('package.json')) {
    const read = await snapshot.readText('package.json', { maxBytes: DOC_BYTES });
    const manifest = read.ok ? parseJsonObject(read.text) : null;
    if (manifest?.ok && typeof manifest.value.license === 'string') {
      facts.declared.push({ path: 'package.json', written: manifest.value.license, spdx: spdxFromName(manifest.value.license) });
    }
  }
  for (const [path, pattern] of [
    ['setup.cfg', /^[ \t]*license\s*=\s*(.+)$/m],
    ['setup.py', /\blicense\s*=\s*['"]([^'"]{1,80})['"]/],
    ['DESCRIPTION', /^License:\s*(.+)$/m],
  ] as const) {
    if (!snapshot.has(path)) continue;
    const read = await snapshot.readText(path, { maxBytes: DOC_BYTES });
    const match = read.ok ? pattern.exec(read.text) : null;
    if (match && !/^file:/i.test(match[1].trim())) facts.declared.push({ path, written: match[1].trim(), spdx: spdxFromName(match[1].trim()) });
  }
}

async function collectDocuments(snapshot: Snapshot, facts: LicensingFacts): Promise<void> {
  const add = (path: string, kind: ProvenanceDocument['kind'], text: string) => {
    if (facts.documents.some((document) => document.path === path)) return;
    const lines = text.split('\n');
    const licenseLines: number[] = [];
    for (let i = 0; i < lines.length; i++) if (LICENSE_WORD.test(lines[i])) licenseLines.push(i + 1);
    facts.documents.push({ path, kind, lines, licenseLines });
  };
  const read = async (path: string) => {
    if (snapshot.isSymlink(path)) return null;
    const result = await snapshot.readText(path, { maxBytes: DOC_BYTES });
    return result.ok ? result.text : null;
  };

  for (const path of snapshot.files.filter((file) => NOTICE_FILE.test(file) && depth(file) <= 2).slice(0, 20)) {
    const text = await read(path);
    if (text !== null) add(path, 'notice', text);
  }
  for (const path of snapshot.files.filter((file) => PROVENANCE_DOC.test(file)).slice(0, 20)) {
    const text = await read(path);
    if (text !== null) add(path, 'provenance-doc', text);
  }
  // Model cards: card files by name, and READMEs whose front matter is Hugging Face model metadata.
  const cardPaths = snapshot.files.filter((file) => isModelCardFileName(file) || /(^|\/)README\.(md|markdown)$/i.test(file)).slice(0, 60);
  for (const path of cardPaths) {
    const text = await read(path);
    if (text === null) continue;
    const isCardFile = isModelCardFileName(path);
    if (!isCardFile && !/^---\s*\n/.test(text)) {
      if (DATASET_CARD.test(path)) add(path, 'dataset-card', text);
      else if (path.toLowerCase() === 'readme.md') add(path, 'provenance-doc', text);
      continue;
    }
    const card = parseModelCard(text);
    if (card.metadata) {
      add(path, 'model-card', text);
      if (card.metadata.license) facts.descriptors.push({ path, kind: 'model-card', licenses: [card.metadata.license] });
      for (const base of card.metadata.baseModel) {
        facts.components.push({ kind: 'model', id: base, path, line: frontMatterLine(text, base), via: 'model card base_model', documentedIn: null });
      }
      for (const dataset of card.metadata.datasets) {
        facts.components.push({ kind: 'dataset', id: dataset, path, line: frontMatterLine(text, dataset), via: 'model card datasets', documentedIn: null });
      }
    } else if (isCardFile) add(path, 'model-card', text);
    else if (DATASET_CARD.test(path) || /^---[\s\S]*?\b(task_categories|source_datasets|dataset_info|configs)\s*:/m.test(text.slice(0, 4000))) {
      add(path, 'dataset-card', text);
      const license = /^license:\s*(.+)$/m.exec(text.slice(0, 8000));
      facts.descriptors.push({ path, kind: 'dataset-card', licenses: license ? [license[1].trim()] : [] });
    } else if (path.toLowerCase() === 'readme.md') add(path, 'provenance-doc', text);
  }
  for (const path of snapshot.files.filter((file) => DATASET_CARD.test(file)).slice(0, 20)) {
    const text = await read(path);
    if (text !== null) add(path, 'dataset-card', text);
  }

  // Dataset descriptors carry licences as fields.
  for (const path of snapshot.named('datapackage.json').slice(0, 10)) {
    const text = await read(path);
    if (text === null) continue;
    const pkg = parseDataPackage(text);
    if (!pkg.ok) continue;
    add(path, 'data-descriptor', text);
    facts.descriptors.push({ path, kind: 'datapackage', licenses: [...pkg.value.licenses, ...pkg.value.resources.flatMap((resource) => resource.licenses)] });
  }
  for (const path of snapshot.glob(['**/croissant.json', '**/*.croissant.json', '**/*croissant*.jsonld']).slice(0, 10)) {
    const text = await read(path);
    if (text === null) continue;
    const dataset = parseCroissant(text);
    if (!dataset.ok) continue;
    add(path, 'data-descriptor', text);
    facts.descriptors.push({ path, kind: 'croissant', licenses: dataset.value.license });
  }
}

async function collectComponents(snapshot: Snapshot, facts: LicensingFacts): Promise<void> {
  const sources = await readPythonSources(snapshot, { notebooks: true });
  for (const file of sources.files) {
    for (const reference of findThirdPartyReferences(file.text)) if (reference.kind === 'model') facts.components.push(fromReference(reference, file.path));
  }
  // Datasets: `dvc import` pulls one from another repository, code loads one by name: the dataset model's origin fact, which
  // dataset-versioning reads too, so the two checks name the same source.
  // Datasets loaded by name in code come from the same fact.
  for (const origin of (await collectDatasets(snapshot)).origins) {
    if (origin.via !== 'dvc import-url') facts.components.push({ kind: 'dataset', id: origin.source, path: origin.declaredIn, line: origin.line ?? 1, via: origin.via, documentedIn: null });
  }
  // One entry per component and place.
  const seen = new Set<string>();
  facts.components = facts.components.filter((component) => {
    const key = `${component.kind}\0${component.id.toLowerCase()}\0${component.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function fromReference(reference: ThirdPartyReference, path: string): Component {
  return { kind: reference.kind, id: reference.id, path, line: reference.line, via: reference.via, documentedIn: null };
}

/**
 * Where a component's licence and source are written down: a provenance document that names it within a
 * few lines of a licence mention (a card's `base_model:` next to its `license:` counts).
 */
function documentation(component: Component, documents: readonly ProvenanceDocument[]): { path: string; line?: number } | null {
  const bare = component.id.replace(/^(openml|tfds|kaggle|torchvision):/, '').toLowerCase();
  const short = bare.includes('/') ? bare.slice(bare.lastIndexOf('/') + 1) : bare;
  const needles = [...new Set([bare, short].filter((needle) => needle.length >= 3))];
  for (const document of documents) {
    if (document.licenseLines.length === 0) continue;
    const title = document.lines.findIndex((text) => /^#\s/.test(text));
    for (let i = 0; i < document.lines.length; i++) {
      const line = document.lines[i].toLowerCase();
      if (!needles.some((needle) => line.includes(needle))) continue;
      // A document titled after the component (a datasheet for that dataset) documents it as a whole.
      if (i === title) return { path: document.path, line: i + 1 };
      if (document.licenseLines.some((at) => Math.abs(at - (i + 1)) <= NEARBY_LINES)) return { path: document.path, line: i + 1 };
    }
  }
  return null;
}

function frontMatterLine(text: string, value: string): number | undefined {
  const index = text.split('\n').findIndex((line) => line.includes(value));
  return index === -1 ? undefined : index + 1;
}

function depth(path: string): number {
  return path.split('/').length - 1;
}
