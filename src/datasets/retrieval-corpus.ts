// The retrieval corpus of an LLM application as versioned data: which documents are indexed, from where and as
// of when (a corpus manifest or source list with versions, hashes or dates, or a DVC/manifest declaration of the
// corpus folder), the ingestion code that builds the index, and the documentation of its sources, chunking and
// how to rebuild it. An application with no retrieval at all has no corpus: that is stated with what was seen.
import { anyStatement, coverAspects } from '../data-protection/topic-coverage.js';
import { isAgentInstructionFile } from '../formats/agent-instructions.js';
import { readDeclaredDependencies } from '../llm/dependencies.js';
import { readLlmDocuments, RETRIEVAL, topicDocuments } from '../llm/topics.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { findIngestionCode, type IngestionFile, type IngestionStage } from './ingestion-code.js';
import type { ListManifest } from './read-list-manifests.js';
import type { DatasetDeclaration, DatasetModel } from './model.js';

export interface DocumentedAt {
  path: string;
  line: number;
}

export interface RetrievalCorpus {
  /** Why the delivery retrieves (a vector store dependency, ingestion code, retrieval docs), or [] when nothing shows it does. */
  signals: string[];
  manifests: ListManifest[];
  /** DVC, LFS or data-manifest declarations of corpus folders. */
  declarations: DatasetDeclaration[];
  ingestion: IngestionFile[];
  /** Stages the ingestion code covers across its files. */
  stages: IngestionStage[];
  /** Scripts, jobs or workflows that run the rebuild (a command to run, not yet a description of it). */
  rebuildEntries: string[];
  /** Documents committed in a corpus folder (the commit pins them, though nothing says as of when), capped. */
  committedDocuments: { folder: string; count: number } | null;
  /**
   * The code that takes the documents users upload at run time (a Django view reading request.FILES, a FastAPI
   * UploadFile, an ASP.NET IFormFile) when nothing shows a corpus of the vendor's own (no manifest, no committed
   * documents, no loader or crawler fetching a source): the index then holds the users' documents, not a corpus
   * the delivery could pin. Null otherwise.
   */
  userUploads: string | null;
  /** Where the documentation says what is indexed, how it is chunked, how the index is refreshed or rebuilt. */
  documented: { sources: DocumentedAt | null; chunking: DocumentedAt | null; refresh: DocumentedAt | null; licence: DocumentedAt | null };
}

const CORPUS_PLACE = /(^|\/)(corpus|corpora|knowledge[-_]?base|kb|documents|docs[-_]source|sources|ingest(?:ion)?|index(?:ing)?|help[-_]?cent(?:er|re)|articles)(\/|\.|[-_])/i;
const EVAL_PLACE = /(^|\/)(evals?|evaluations?|golden|benchmarks?|test[-_]?sets?)\//i;
const LICENCE_WORDS = /licen[cs]e[sd]?\b|copyright|terms of (?:use|service)|(?:content|documents?|articles?|pages?|data|corpus|sources?)\b[^.]{0,40}\bowned by|ownership of (?:the )?(?:content|documents|articles|pages|data|corpus|sources)|rights? to (?:use|index|reuse)|permission to (?:use|index)/i;
/** A script, job or workflow that rebuilds the index (update-index.sh, .github/workflows/reindex.yml, ingest.rake). */
const REBUILD_NAME = /(?:update|rebuild|build|refresh|populate|re-?index|sync|load)[-_]?(?:the[-_])?(?:index|corpus|kb|knowledge[-_]?base|embeddings|vectors?|search)|ingest/i;
/** A Makefile target (`update-index:`) and the words that make it a rebuild. */
const MAKE_TARGET = /^([\w-]{1,80})[ \t]{0,8}:/;
const REBUILD_TARGET = /index|ingest|corpus|embeddings/i;
const SCRIPT_EXTENSION = /\.(?:sh|bash|ps1|ya?ml|rake|mk)$/i;

/** List manifests about a corpus (by place or name), not evaluation sets. */
export function corpusManifests(manifests: readonly ListManifest[]): ListManifest[] {
  return manifests.filter((manifest) => !EVAL_PLACE.test(manifest.path) && (CORPUS_PLACE.test(manifest.path) || /corpus/i.test(manifest.path)));
}

export async function readRetrievalCorpus(snapshot: Snapshot, model: DatasetModel, manifests: readonly ListManifest[]): Promise<RetrievalCorpus> {
  const ownManifests = corpusManifests(manifests);
  const declarations = model.declarations.filter((declaration) => !declaration.isUrl && CORPUS_PLACE.test(`${declaration.target}/`) && !EVAL_PLACE.test(declaration.target));
  const ingestion = await findIngestionCode(snapshot);
  const stages = [...new Set(ingestion.flatMap((file) => file.stages.map((stage) => stage.stage)))];
  // AGENTS.md and other assistant instructions describe the repository to a tool, not the corpus to its receivers.
  const docs = topicDocuments((await readLlmDocuments(snapshot)).filter((doc) => !isAgentInstructionFile(doc.path)), RETRIEVAL);
  const covered = coverAspects(docs, RETRIEVAL.aspects);
  const at = (id: string): DocumentedAt | null => {
    const coverage = covered.get(id);
    return coverage ? { path: coverage.path, line: coverage.line } : null;
  };
  const dependencies = await readDeclaredDependencies(snapshot);
  const vectorStores = [...new Set(dependencies.llm.filter((dep) => dep.role === 'vector-store').map((dep) => dep.name))];

  const signals: string[] = [];
  if (vectorStores.length) signals.push(`vector store or splitter declared (${vectorStores.slice(0, 3).join(', ')})`);
  if (ingestion.length) signals.push(`ingestion code (${ingestion.slice(0, 2).map((file) => file.path).join(', ')})`);
  if (ownManifests.length) signals.push(`corpus manifest (${ownManifests[0].path})`);
  if (declarations.length) signals.push(`corpus declared in ${declarations[0].declaredIn}`);
  const committed = committedDocuments(snapshot);
  if (committed) signals.push(`${committed.count} document(s) committed in ${committed.folder}`);
  // Documents alone show an index of the application's own only when they describe building one (its chunking,
  // index or refresh): an agent that searches someone else's hosted documentation names sources and keeps no corpus.
  const describesIndex = ['chunking', 'index', 'refresh'].some((aspect) => Boolean(covered.get(aspect)));
  if (docs.length && (signals.length > 0 || describesIndex)) signals.splice(Math.min(2, signals.length), 0, `retrieval documentation (${docs.slice(0, 2).map((doc) => doc.path).join(', ')})`);
  const own = signals.length > 0;

  const vendorCorpus = ownManifests.length > 0 || declarations.length > 0 || committed !== null || ingestion.some((file) => SOURCE_FETCHING.test(file.path) || file.stages.some((stage) => stage.stage === 'load' && SOURCE_LOADER.test(stage.call)));
  return {
    signals,
    userUploads: own && !vendorCorpus ? await uploadHandler(snapshot) : null,
    manifests: ownManifests,
    declarations,
    ingestion,
    stages,
    rebuildEntries: await rebuildEntries(snapshot),
    committedDocuments: committedDocuments(snapshot),
    documented: own ? { sources: at('sources'), chunking: at('chunking'), refresh: at('refresh'), licence: licenceStatement(docs) } : { sources: null, chunking: null, refresh: null, licence: null },
  };
}

/** Ingestion that fetches a source of its own: a crawler or scraper, or a loader of web, wiki or bucket content. */
const SOURCE_FETCHING = /scrap|crawl|spider|sitemap|confluence|sharepoint|zendesk|notion/i;
const SOURCE_LOADER = /Web|Url|URL|Sitemap|Confluence|Notion|SharePoint|Zendesk|S3|GCS|Blob|incremental_export|list_articles|fetch_documents/;
/** Upload handling in web code, by the framework's own names. */
const UPLOAD_CALL = /\brequest\.FILES\b|\bUploadFile\b|\bIFormFile\b|\bst\.file_uploader\s*\(|\bmulter\s*\(|\bupload_to\s*=/;
const UPLOAD_PLACE = /upload|document|file|views?|controllers?|routes?|api/i;
const UPLOAD_CODE = ['**/*.py', '**/*.cs', '**/*.ts', '**/*.js'];
const MAX_UPLOAD_FILES = 200;

async function uploadHandler(snapshot: Snapshot): Promise<string | null> {
  const paths = snapshot
    .glob(UPLOAD_CODE)
    .filter((path) => UPLOAD_PLACE.test(path.slice(path.lastIndexOf('/') + 1)) && !NOT_CORPUS.test(path) && !/(^|\/)migrations\//.test(path) && !snapshot.isSymlink(path))
    .slice(0, MAX_UPLOAD_FILES);
  for (const path of paths) {
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    if (read.ok && UPLOAD_CALL.test(read.text)) return path;
  }
  return null;
}

const CORPUS_FOLDER = /^(?:corpus|corpora|knowledge[-_]?base|kb|source[-_]documents|documents)$/i;
const DOCUMENT_FILE = /\.(?:md|markdown|txt|pdf|html?|docx?|jsonl)$/i;
const NOT_CORPUS = /(^|\/)(node_modules|vendor|third_party|dist|build|static|public|site-packages|\.venv|venv|tests?|spec|fixtures)\//i;
/** Fewer documents than this in a corpus folder is a sample or a placeholder, not the corpus. */
const MIN_COMMITTED_DOCUMENTS = 3;

/** The corpus folder holding the most documents, when documents are committed in one. */
function committedDocuments(snapshot: Snapshot): { folder: string; count: number } | null {
  const counts = new Map<string, number>();
  for (const path of snapshot.files) {
    if (!DOCUMENT_FILE.test(path) || NOT_CORPUS.test(path) || EVAL_PLACE.test(path)) continue;
    const segments = path.split('/');
    const at = segments.findIndex((segment, index) => index < segments.length - 1 && CORPUS_FOLDER.test(segment));
    if (at === -1) continue;
    const folder = segments.slice(0, at + 1).join('/');
    counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  const [folder, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  return count >= MIN_COMMITTED_DOCUMENTS ? { folder, count } : null;
}

async function rebuildEntries(snapshot: Snapshot): Promise<string[]> {
  const found: string[] = [];
  for (const path of snapshot.files) {
    if (found.length >= 5) break;
    const base = path.slice(path.lastIndexOf('/') + 1);
    const candidate = base === 'Makefile' || (SCRIPT_EXTENSION.test(base) && REBUILD_NAME.test(base));
    if (!candidate || /(^|\/)(node_modules|vendor|dist|build)\//.test(path) || snapshot.isSymlink(path)) continue;
    if (base !== 'Makefile') found.push(path);
    else {
      // A Makefile counts by a target that says it rebuilds the index.
      const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
      if (read.ok && read.text.split('\n').some((line) => REBUILD_TARGET.test(MAKE_TARGET.exec(line)?.[1] ?? ''))) found.push(path);
    }
  }
  return found;
}

function licenceStatement(docs: ReturnType<typeof topicDocuments>): DocumentedAt | null {
  // Only statements in scope: a README's retrieval section, not its licence badge for the code.
  const statement = anyStatement(docs, (text) => LICENCE_WORDS.test(text) && text.split(/\s+/).length >= 5);
  return statement ? { path: statement.path, line: statement.line } : null;
}

/** Credit of a corpus committed to git without a manifest: the commit pins the documents, namelessly. */
const COMMITTED_CORPUS_VALUE = 0.5;

/** How far the corpus is pinned: the best share of pinned entries of a manifest, or a hash/version declaration. */
export function corpusPinning(corpus: RetrievalCorpus): { value: number; by: string | null; unpinned: string[] } {
  let best = { value: 0, by: null as string | null, unpinned: [] as string[] };
  for (const manifest of corpus.manifests) {
    const wide = manifest.version ? `version ${manifest.version}` : manifest.asOf ? `as of ${manifest.asOf}` : null;
    const unpinned = manifest.entries.filter((entry) => !wide && !entry.hashes.some((hash) => hash.valid) && !entry.version && !entry.asOf);
    const value = (manifest.entries.length - unpinned.length) / manifest.entries.length;
    if (value > best.value || best.by === null) {
      best = { value, by: `${manifest.path}${wide ? ` (${wide})` : ''}`, unpinned: unpinned.map((entry) => entry.name ?? entry.target ?? '(unnamed entry)') };
    }
  }
  const declared = corpus.declarations.find((declaration) => declaration.hashes.some((hash) => hash.valid) || declaration.version);
  if (declared && best.value < 1) best = { value: 1, by: `${declared.kind} ${declared.declaredIn}`, unpinned: [] };
  // Documents committed in the repository are pinned by the commit, but nothing names the version or its date.
  if (corpus.committedDocuments && best.value < COMMITTED_CORPUS_VALUE) {
    best = { value: COMMITTED_CORPUS_VALUE, by: `${corpus.committedDocuments.count} document(s) committed in ${corpus.committedDocuments.folder}`, unpinned: [] };
  }
  return best;
}

/** The corpus's sources are named: by a manifest (each entry's source or place) or by the retrieval documentation. */
export function corpusSourcesNamed(corpus: RetrievalCorpus): string | null {
  const manifest = corpus.manifests.find((item) => item.source || item.entries.some((entry) => entry.source || entry.target));
  if (manifest) return manifest.path;
  if (corpus.documented.sources) return `${corpus.documented.sources.path}:${corpus.documented.sources.line}`;
  if (corpus.declarations.some((declaration) => declaration.storage)) return corpus.declarations.find((declaration) => declaration.storage)!.declaredIn;
  if (corpus.committedDocuments) return corpus.committedDocuments.folder;
  return null;
}

/** Ingestion code that writes an index from split or embedded documents rebuilds the corpus; fewer stages, half. */
export function ingestionValue(corpus: RetrievalCorpus): number {
  if (corpus.ingestion.length === 0) return 0;
  const has = (stage: IngestionStage) => corpus.stages.includes(stage);
  return has('write') && (has('embed') || has('split')) ? 1 : 0.5;
}
