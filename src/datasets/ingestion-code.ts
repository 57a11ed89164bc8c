// The code that builds a retrieval index: it loads documents from their sources, splits them into chunks,
// embeds the chunks and writes them to a vector store or search index. Whoever receives the corpus rebuilds
// it with this code, so it is part of the corpus's versioning. Recognised by the calls each stage makes, in
// Python (notebooks included) and in the other languages LLM applications are written in. Word prefixes are
// bounded (\w{0,60}) so a file of one long identifier costs a linear scan, not a quadratic one.
import { readPythonSources } from '../reproducibility/python-sources.js';
import type { Snapshot } from '../snapshot/snapshot.js';

export type IngestionStage = 'load' | 'split' | 'embed' | 'write';

export interface IngestionFile {
  path: string;
  /** The stages this file performs, each with the first line that shows it. */
  stages: Array<{ stage: IngestionStage; line: number; call: string }>;
}

const STAGES: ReadonlyArray<[IngestionStage, RegExp]> = [
  ['load', /\b(?:\w{0,60}(?:Directory|PDF|Web|Url|URL|Sitemap|Confluence|Notion|SharePoint|Zendesk|S3|GCS|Blob|File|Unstructured|Docx|HTML|Markdown|CSV|JSON)(?:Base)?Loader|SimpleDirectoryReader|download_loader|load_data|load_documents|fetch_documents|iter_documents|read_documents|incremental_export|list_articles)\s*\(/],
  ['split', /\b(?:\w{0,60}TextSplitter|SentenceSplitter|\w{0,60}NodeParser|\w{0,60}Chunker|split_documents|split_text|create_documents|chunk_text|chunk_document|chunk_section)\b|\bchunk_(?:size|overlap)\s*=/],
  ['embed', /\b(?:embed_documents|embed_query|embed_batch|get_text_embedding|get_embeddings?|\w{0,60}Embeddings?\s*\(|SentenceTransformer\s*\(|embeddings\.create|Embeddings?\.create|embedding_model|TextToEmbedding|text-embedding-[\w-]+|cohere\.embed-[\w-]+|amazon\.titan-embed[\w.-]*)/],
  ['write', /\b(?:add_documents|add_texts|aadd_documents|from_documents|from_texts|upsert|upload_documents|merge_or_upload_documents|index_documents|bulk_index|VectorStoreIndex|IndexDocumentsAction|put_documents|insert_documents|persist)\s*\(|\bhelpers\.bulk\s*\(|\bcollection\.add\s*\(|\bclient\.(?:index|bulk)\s*\(|\bINSERT\s+INTO\s+\w{1,80}[^;\n]{0,400}\bembedding\b|\bCOPY\s+\w{1,80}[^;\n]{0,400}\bembedding\b/i],
];
/**
 * A managed ingestion call: Kernel Memory's `memory.ImportDocumentAsync(…)` extracts, partitions, embeds and
 * stores the document in one call, so it performs the split, embed and write stages itself.
 */
const MANAGED_INGESTION = /\b\w{0,60}[Mm]emory\w{0,40}\.Import(?:Document|Text|WebPage)Async\s*\(/;
const OTHER_CODE = ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.rb', '**/*.cs', '**/*.go', '**/*.java', '**/*.kt', '**/*.rake'];
/** Vendored, generated and schema-migration code (an Alembic revision that backfills vectors is not the pipeline). */
const NOT_OWN = /(^|\/)(node_modules|vendor|third_party|dist|build|static|public|\.next|coverage|site-packages|\.venv|venv|migrations|alembic)\//i;
const TEST = /(^|\/)(tests?|spec|__tests__|testing)\/|\.(?:test|spec)\.[jt]s$|_spec\.rb$|_test\.go$|(^|\/)test_[^/]*\.py$/i;
/** Other-language files are read only when their path says they might ingest. */
const INGEST_WORDS = /ingest|index|embed|chunk|loader|corpus|sync|etl|pipeline|vector|document|knowledge|crawl|import|populat|seed|search|repositor|memory/i;
/** A path that says it is about building an index: one stage there is enough. */
const INGEST_PLACE = /ingest|index|embed|corpus|chunk|vector|search|knowledge|build_kb|load_docs/i;
const MAX_OTHER_FILES = 150;
const MAX_OTHER_BYTES = 256 * 1024;

/** Files that perform at least two ingestion stages, or one in a file or folder whose name says ingestion. */
export async function findIngestionCode(snapshot: Snapshot): Promise<IngestionFile[]> {
  const sources = await readPythonSources(snapshot, { notebooks: true });
  const files: Array<{ path: string; text: string }> = sources.files.filter((file) => !TEST.test(file.path) && !NOT_OWN.test(file.path));
  const others = snapshot.glob(OTHER_CODE).filter((path) => !NOT_OWN.test(path) && !TEST.test(path) && INGEST_WORDS.test(path) && !snapshot.isSymlink(path));
  for (const path of others.slice(0, MAX_OTHER_FILES)) {
    const size = await snapshot.sizeOf(path);
    if (size !== undefined && size > MAX_OTHER_BYTES) continue;
    const read = await snapshot.readText(path, { maxBytes: MAX_OTHER_BYTES });
    if (read.ok) files.push({ path, text: read.text });
  }
  const found: IngestionFile[] = [];
  for (const file of files) {
    const stages = stagesIn(file.text);
    const named = INGEST_PLACE.test(file.path);
    // Loading alone (load_data in a model's data_loader.py) is what any pipeline does; it never counts on its own.
    if (stages.length >= 2 || (named && stages.length === 1 && stages[0].stage !== 'load')) found.push({ path: file.path, stages });
  }
  return found;
}

export function stagesIn(text: string): IngestionFile['stages'] {
  const stages: IngestionFile['stages'] = [];
  const managed = MANAGED_INGESTION.exec(text);
  if (managed) {
    const called = managed[0].slice(managed[0].lastIndexOf('.') + 1);
    const call = `${called.slice(0, called.indexOf('Async') + 'Async'.length)} (Kernel Memory partitions, embeds and stores)`;
    const line = lineAt(text, managed.index);
    return [
      { stage: 'split', line, call },
      { stage: 'embed', line, call },
      { stage: 'write', line, call },
    ];
  }
  for (const [stage, pattern] of STAGES) {
    const match = pattern.exec(text);
    if (!match) continue;
    const call = match[0].trim();
    stages.push({ stage, line: lineAt(text, match.index), call: (call.endsWith('(') ? call.slice(0, -1).trimEnd() : call).slice(0, 60) });
  }
  return stages;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
