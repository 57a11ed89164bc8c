// Reads data documentation into the dataset model: Hugging Face dataset cards, datasheets, data READMEs,
// and the data sections of the project README. Each topic found becomes a hit with a strength.
import { parseDatasetDocument, type DatasetDocument, type TopicSection } from '../formats/dataset-card.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { DatasetModel, DocumentationSource } from './model.js';
import { addHit, licenceStrength } from './documentation.js';
import { folderOf, resolveIn } from './paths.js';

export const DATA_DOC_GLOBS = [
  '**/*datasheet*.md',
  '**/*data[-_]sheet*.md',
  '**/*dataset[-_]card*.md',
  '**/*data[-_]card*.md',
  '**/*datacard*.md',
  'data/**/README.md',
  'datasets/**/README.md',
  'dataset/**/README.md',
  'docs/data/**/*.md',
  'docs/datasets/**/*.md',
  'docs/data.md',
  'docs/datasets.md',
  'docs/dataset*.md',
  'DATA.md',
  'DATASETS.md',
];
const MAX_DOCS = 60;
const PLACEHOLDER_LIMIT = 3;

export async function readDocs(snapshot: Snapshot, model: DatasetModel, extra: readonly string[] = []): Promise<void> {
  const dataDocs = [...new Set([...snapshot.glob(DATA_DOC_GLOBS), ...extra.filter((path) => /\.(md|markdown)$/i.test(path))])];
  for (const path of dataDocs.slice(0, MAX_DOCS)) await readDoc(snapshot, model, path, false);
  const readme = snapshot.files.find((path) => /^readme\.md$/i.test(path));
  if (readme && !dataDocs.includes(readme)) await readDoc(snapshot, model, readme, true);
  // Dataset cards wherever they live (`corpus/tickets/README.md`, `hf/support/README.md`): a README whose
  // front matter holds dataset-card keys is one, whatever its folder.
  const known = new Set([...dataDocs, ...(readme ? [readme] : [])]);
  const others = snapshot.files.filter((path) => !known.has(path) && OTHER_CARD_NAME.test(path) && !NOT_DELIVERED_HERE.test(path) && path.split('/').length <= 6).slice(0, MAX_OTHER_READMES);
  await readDataLicences(snapshot, model);
  for (const path of others) {
    if (snapshot.isSymlink(path)) continue;
    const size = await snapshot.sizeOf(path);
    if (size === undefined || size > 1024 * 1024) continue;
    const read = await snapshot.readText(path);
    if (!read.ok || !read.text.startsWith('---')) continue;
    if (parseDatasetDocument(read.text).hub) await readDoc(snapshot, model, path, false);
  }
}

/** A licence file for the data rather than the code: DATA_LICENSE at any level, or a LICENSE inside a data folder. */
const DATA_LICENCE_NAME = /^data(?:set)?s?[-_]licen[cs]e(?:\.(?:md|txt))?$/i;
const LICENCE_NAME = /^(?:licen[cs]e|copying)(?:\.(?:md|txt))?$/i;
const DATA_FOLDER = /^(?:data|datasets?)$/i;

/** Judged on the path's segments (no pattern over the whole path): the file's name, and the folders above it. */
function isDataLicenceFile(path: string): boolean {
  const segments = path.split('/');
  const name = segments[segments.length - 1];
  return DATA_LICENCE_NAME.test(name) || (LICENCE_NAME.test(name) && segments.slice(0, -1).some((folder) => DATA_FOLDER.test(folder)));
}

/** The first words of a data licence file name the licence ("Attribution License (ODC-By)", "CC BY 4.0"). */
async function readDataLicences(snapshot: Snapshot, model: DatasetModel): Promise<void> {
  for (const path of snapshot.files.filter((file) => isDataLicenceFile(file) && !NOT_DELIVERED_HERE.test(file)).slice(0, 10)) {
    if (snapshot.isSymlink(path)) continue;
    const read = await snapshot.readText(path, { maxBytes: 64 * 1024 });
    if (!read.ok) continue;
    const first = read.text.split('\n').map((line) => line.replace(/^[#\s]+/, '').trim()).find((line) => line.length > 0);
    if (!first) continue;
    addHit(model, 'licence', 'datasheet', path, 1, 1, `data licence file: "${first.slice(0, 80)}"`);
  }
}

/** READMEs and card-named Markdown files outside the data folders, read only for dataset-card front matter. */
const OTHER_CARD_NAME = /(?:^|\/)(?:readme|[^/]*card[^/]*)\.(?:md|markdown)$/i;
const NOT_DELIVERED_HERE = /(?:^|\/)(?:node_modules|\.venv|venv|site-packages|vendor|third[-_]party|\.git)\//i;
const MAX_OTHER_READMES = 200;

async function readDoc(snapshot: Snapshot, model: DatasetModel, path: string, projectReadme: boolean): Promise<void> {
  if (snapshot.isSymlink(path)) return;
  const read = await snapshot.readText(path);
  if (!read.ok) return;
  // A project README is a dataset card only when its front matter says so (Hugging Face dataset repos).
  let document = parseDatasetDocument(read.text, { generalDocument: projectReadme });
  if (projectReadme && document.hub) document = parseDatasetDocument(read.text);
  const source: DocumentationSource = document.hub ? 'dataset-card' : projectReadme ? 'readme' : 'datasheet';
  if (projectReadme && !document.hub && document.topics.length === 0) return;

  if (document.frontMatterError && document.hub === null && !projectReadme) {
    model.problems.push({ code: 'unparsed', path, line: document.frontMatterError.line, message: `front matter not parsed: ${document.frontMatterError.message}` });
  }
  if (document.placeholders >= PLACEHOLDER_LIMIT) {
    model.problems.push({ code: 'template-card', path, message: `${document.placeholders} "[More Information Needed]" placeholders left from the Hugging Face template.` });
  }
  for (const section of document.topics) addHit(model, section.topic, source, path, section.line, sectionStrength(section), `"${section.heading}" (${section.words} words)`);
  if (document.hub) readHub(model, path, document);

  const covered = [...new Set(document.topics.map((topic) => topic.topic))];
  const parts = [
    document.hub ? `Hugging Face dataset card${document.hub.license.length ? `, license ${document.hub.license.join('/')}` : ''}${document.hub.dataFiles.length ? `, ${document.hub.dataFiles.length} data_files` : ''}` : null,
    document.datasheetSections > 0 ? `datasheet sections ${document.datasheetSections}/7` : null,
    covered.length ? `covers ${covered.join(', ')}` : 'no data topics',
  ].filter(Boolean);
  model.artifacts.push({ path, kind: document.hub ? 'dataset-card' : 'datasheet', line: 1, note: parts.join('; ') });
}

function readHub(model: DatasetModel, path: string, document: DatasetDocument): void {
  const hub = document.hub!;
  for (const licence of hub.license) {
    const strength = licence === 'other' && !hub.licenseName ? 0.5 : licenceStrength(licence);
    addHit(model, 'licence', 'dataset-card', path, 1, strength, `license: ${licence}${hub.licenseName ? ` (${hub.licenseName})` : ''}`);
  }
  for (const source of hub.sourceDatasets) addHit(model, 'provenance', 'dataset-card', path, 1, source === 'original' ? 0.3 : 0.5, `source_datasets: ${source}`);
  const folder = folderOf(path);
  for (const file of hub.dataFiles) {
    const target = resolveIn(folder, file.path);
    if (target === null) continue;
    model.declarations.push({
      target,
      isUrl: false,
      isPattern: /[*?[{]/.test(file.path),
      isDirectory: false,
      kind: 'hf-card',
      name: `${file.config}${file.split ? `/${file.split}` : ''}`,
      declaredIn: path,
      line: 1,
      hashes: [],
      legacyDvcMd5: false,
      size: null,
      nfiles: null,
      version: null,
      storage: null,
    });
  }
}

/** A heading alone is weak; a described section is strong. A licence needs fewer words than a process. */
function sectionStrength(section: TopicSection): number {
  const full = section.topic === 'licence' ? 5 : 25;
  if (section.words >= full) return 1;
  if (section.words >= Math.ceil(full / 3)) return 0.6;
  return section.words > 0 ? 0.3 : 0;
}
