// Reads data documentation into the dataset model: Hugging Face dataset cards, datasheets, data READMEs,
// and the data sections of the project README. Each topic found becomes a hit with a strength.
import { parseDatasetDocument, type DatasetDocument, type TopicSection } from '../formats/dataset-card.js';
import { isModelCardFileName, parseModelCard, sectionFor } from '../formats/model-card.js';
import { isAgentInstructionFile } from '../formats/agent-instructions.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { dataReadmes, plainTextHeadings } from './data-readmes.js';
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
  // An assistant's instruction file (AGENTS.md, .cursor/rules/…) tells a tool how to work here; it documents no data.
  const delivered = (path: string) => !isAgentInstructionFile(path);
  const dataDocs = [...new Set([...snapshot.glob(DATA_DOC_GLOBS), ...extra.filter((path) => /\.(md|markdown)$/i.test(path))])].filter(delivered);
  for (const path of dataDocs.slice(0, MAX_DOCS)) await readDoc(snapshot, model, path, false);
  // READMEs beside data in any folder; one beside code too is read as a project README is (data headings only).
  for (const { path, general } of dataReadmes(snapshot.files).filter((found) => !dataDocs.includes(found.path))) {
    await readDoc(snapshot, model, path, general, 'data-readme');
    dataDocs.push(path);
  }
  const readme = snapshot.files.find((path) => /^readme\.md$/i.test(path));
  if (readme && !dataDocs.includes(readme)) await readDoc(snapshot, model, readme, true);
  // Dataset cards wherever they live (`corpus/tickets/README.md`, `hf/support/README.md`): a README whose
  // front matter holds dataset-card keys is one, whatever its folder.
  const known = new Set([...dataDocs, ...(readme ? [readme] : [])]);
  const others = snapshot.files.filter((path) => OTHER_CARD_NAME.test(path) && !known.has(path) && delivered(path) && !NOT_DELIVERED_HERE.test(path) && path.split('/').length <= 6).slice(0, MAX_OTHER_READMES);
  await readDataLicences(snapshot, model);
  await readModelCardTrainingData(snapshot, model);
  for (const path of others) {
    if (snapshot.isSymlink(path)) continue;
    const size = await snapshot.sizeOf(path);
    if (size === undefined || size > 1024 * 1024) continue;
    const read = await snapshot.readText(path);
    if (!read.ok || !read.text.startsWith('---')) continue;
    if (parseDatasetDocument(read.text).hub) await readDoc(snapshot, model, path, false);
  }
}

/**
 * Sentences that answer a data question outside the sections named for it. In a data README, one section per
 * dataset saying where it was taken ("We used the test split of [Corpus](https://…)") and what was done to it
 * ("followed the recipe to preprocess", "we sliced the audio"); in a project README, a plain statement that the
 * data is fake or which dataset is included. Prose is thinner than a datasheet: at most 0.6 from a README.
 */
const SOURCED_LINE = /\b(?:we (?:used|downloaded|obtained|collected|took|include)|downloaded from|obtained from|taken from|sourced from|collected from|exported from)\b/i;
const LINK = /\]\(https?:\/\/|https?:\/\//i;
// Labelling is preparation too (the datasheet's "Preprocessing/cleaning/labeling"): "manually classified", "human-verified".
const PREPARED_LINE = /\bpre-?process\w*|\bfollowed\b[^.\n]{0,80}\b(?:recipe|script|stage|steps?)\b|\bsliced\b|\bre-?sampled\b|\bnormali[sz]ed\b|\bdeduplicated\b|\bfiltered out\b|\bcleaned\b|\b(?:manually|by hand|hand)[- ]?(?:classified|labell?ed|annotated)\b|\bhuman[- ](?:verified|labell?ed|annotated)\b/i;
const SYNTHETIC_DATA = /\b(?:fake|synthetic|fictional|dummy|mock|simulated)\)?[ \t]{1,3}(?:raw[ \t]{1,3})?data\b(?![ \t]{1,3}(?:generation|creation|generator))/i;
/** A public source named in the same sentence as the data (a Kaggle competition, the UCI repository, OpenML). */
const PUBLIC_SOURCE_DATA = /\b(?:kaggle|uci machine learning repository|openml)\b(?:[^.\n]|\.(?=\S)){0,200}\bdata\b/i;
const DATA_PREPARED_BY_US = /\bwe (?:have )?(?:combined|simplified|cleaned|merged|filtered|sampled|deduplicated|anonymi[sz]ed)\b[^.\n]{0,80}\bdata(?: ?sets?)?\b/i;
const DATASET_INCLUDED = /\bwe (?:include|use|used|train(?:ed)? on|fine-?tuned? on)\b[^.\n]{0,60}\b(?:dataset|data set|corpus)\b/i;

function proseHits(model: DatasetModel, text: string, path: string, source: DocumentationSource, document: DatasetDocument): void {
  const lines = text.split('\n');
  const covered = new Set(document.topics.map((topic) => topic.topic));
  const lineOf = (pattern: (line: string) => boolean) => lines.findIndex(pattern);
  const countOf = (pattern: (line: string) => boolean) => lines.filter(pattern).length;
  if (source === 'readme') {
    const quote = (line: string, patterns: readonly RegExp[]) => (patterns.map((pattern) => pattern.exec(line)?.[0]).find(Boolean) ?? line).trim().slice(0, 100);
    const saying = [SYNTHETIC_DATA, DATASET_INCLUDED, PUBLIC_SOURCE_DATA];
    const said = lineOf((line) => saying.some((pattern) => pattern.test(line)));
    if (!covered.has('provenance') && said !== -1) addHit(model, 'provenance', source, path, said + 1, 0.6, `says "${quote(lines[said], saying)}"`);
    const prepared = lineOf((line) => DATA_PREPARED_BY_US.test(line));
    if (!covered.has('preprocessing') && prepared !== -1) addHit(model, 'preprocessing', source, path, prepared + 1, 0.3, `says "${quote(lines[prepared], [DATA_PREPARED_BY_US])}"`);
    return;
  }
  const sourced = (line: string) => SOURCED_LINE.test(line) && LINK.test(line);
  if (!covered.has('provenance')) {
    const count = countOf(sourced);
    if (count > 0) addHit(model, 'provenance', source, path, lineOf(sourced) + 1, count >= 3 ? 1 : 0.6, `${count} line(s) saying where a dataset was taken from, with its link`);
  }
  if (!covered.has('preprocessing')) {
    const count = countOf((line) => PREPARED_LINE.test(line));
    if (count > 0) addHit(model, 'preprocessing', source, path, lineOf((line) => PREPARED_LINE.test(line)) + 1, count >= 3 ? 1 : 0.6, `${count} line(s) saying how a dataset was prepared`);
  }
}

/**
 * A model card's Training Data section says where the model's data came from, in a summary: thin provenance (at
 * most 0.6), so dataset-versioning and model-card never disagree on whether the source is named at all.
 */
async function readModelCardTrainingData(snapshot: Snapshot, model: DatasetModel): Promise<void> {
  const cards = snapshot.files.filter((path) => isModelCardFileName(path) && !isAgentInstructionFile(path) && /\.(md|markdown)$/i.test(path) && !NOT_DELIVERED_HERE.test(path) && path.split('/').length <= 4).slice(0, 5);
  for (const path of cards) {
    if (snapshot.isSymlink(path)) continue;
    const read = await snapshot.readText(path, { maxBytes: 1024 * 1024 });
    if (!read.ok) continue;
    const section = sectionFor(parseModelCard(read.text), 'training-data');
    if (!section || section.empty || section.words < 8) continue;
    addHit(model, 'provenance', 'model-card', path, section.heading.line, section.words >= 25 ? 0.6 : 0.3, `model card "${section.heading.text}" (${section.words} words)`);
  }
}

/** A licence file for the data rather than the code: DATA_LICENSE at any level, or a LICENSE inside a data folder. */
const DATA_LICENCE_NAME = /^data(?:set)?s?[-_]licen[cs]e(?:\.(?:md|txt))?$/i;
const LICENCE_NAME = /^(?:licen[cs]e|copying)(?:\.(?:md|txt))?$/i;
const DATA_FOLDER = /^(?:data|datasets?)$/i;

/** Judged on the path's segments (no pattern over the whole path): the file's name, and the folders above it. */
function isDataLicenceFile(path: string): boolean {
  // The name first, without splitting: a pass over every path of a 200k-file listing.
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (DATA_LICENCE_NAME.test(name)) return true;
  return LICENCE_NAME.test(name) && path.split('/').slice(0, -1).some((folder) => DATA_FOLDER.test(folder));
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

async function readDoc(snapshot: Snapshot, model: DatasetModel, path: string, projectReadme: boolean, kind: 'datasheet' | 'data-readme' = 'datasheet'): Promise<void> {
  if (snapshot.isSymlink(path)) return;
  const read = await snapshot.readText(path);
  if (!read.ok) return;
  // A plain-text README (`Readme.txt` shipped with a public dataset) marks its headings with rules, not `#`.
  const text = /\.(?:md|markdown)$/i.test(path) ? read.text : plainTextHeadings(read.text);
  // A project README is a dataset card only when its front matter says so (Hugging Face dataset repos).
  let document = parseDatasetDocument(text, { generalDocument: projectReadme });
  if (projectReadme && document.hub) document = parseDatasetDocument(text);
  const source: DocumentationSource = document.hub ? 'dataset-card' : projectReadme ? 'readme' : 'datasheet';
  if (projectReadme && !document.hub && document.topics.length === 0) {
    proseHits(model, text, path, source, document);
    return;
  }

  if (document.frontMatterError && document.hub === null && !projectReadme) {
    model.problems.push({ code: 'unparsed', path, line: document.frontMatterError.line, message: `front matter not parsed: ${document.frontMatterError.message}` });
  }
  if (document.placeholders >= PLACEHOLDER_LIMIT) {
    model.problems.push({ code: 'template-card', path, message: `${document.placeholders} "[More Information Needed]" placeholders left from the Hugging Face template.` });
  }
  for (const section of document.topics) addHit(model, section.topic, source, path, section.line, sectionStrength(section), `"${section.heading}" (${section.words} words)`);
  proseHits(model, text, path, source, document);
  if (document.hub) readHub(model, path, document);

  const covered = [...new Set(document.topics.map((topic) => topic.topic))];
  const parts = [
    document.hub ? `Hugging Face dataset card${document.hub.license.length ? `, license ${document.hub.license.join('/')}` : ''}${document.hub.dataFiles.length ? `, ${document.hub.dataFiles.length} data_files` : ''}` : null,
    document.datasheetSections > 0 ? `datasheet sections ${document.datasheetSections}/7` : null,
    covered.length ? `covers ${covered.join(', ')}` : 'no data topics',
  ].filter(Boolean);
  model.artifacts.push({ path, kind: document.hub ? 'dataset-card' : kind, line: 1, note: parts.join('; ') });
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
