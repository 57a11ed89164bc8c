// Is a JSON file data (records about something) or configuration that happens to be JSON? Decided by shape
// and place, never by the extension alone: an animation's `ip` (in-point frame) or an API spec's `example` is
// not a column of customer data. Pure: path and text in, a verdict with its reason out.
import { parseJson } from '../formats/json.js';

export type JsonDataVerdict = { data: true; why: string } | { data: false; why: string };

/** Folders that hold data by convention (cookiecutter-data-science, DVC, exports). */
const DATA_FOLDER = /(^|\/)(data|datasets?|raw|interim|processed|samples?|exports?|dumps?|records)\//i;
/** File names that say the file holds data: `customers.json`, `train_data.json`, `eval-set.json`. */
const DATA_NAME = /(^|[_.-])(data|dataset|records|rows|export|dump|samples?|users|customers|clients|contacts|people|persons|employees|patients|members|accounts|train|training|test|valid|validation|eval|evaluation|dev|labels|annotations)([_.-]|$)/i;
/** Names of configuration files written as JSON (Heroku app.json, dev containers, runners, app settings). */
const CONFIG_NAME =
  /(^|[_.-])(app|config|configuration|settings|appsettings|params|parameters|options|preferences|manifest|package|project|launch|tasks|devcontainer|template|schema|swagger|openapi|cypress|jest|karma|mocha|mocharc|babel|nodemon|now|vercel|netlify|firebase|tsconfig|jsconfig|composer|lerna|renovate|azuredeploy|main|mainTemplate|deploy|lottie|animation)([_.-]|$)/i;
/** Keys under which a wrapper object keeps its records: `{"data": [{…}, …]}`. */
const RECORDS_KEY = /^(data|records|rows|items|results|entries|examples|samples|instances|documents|users|customers|people|contacts|employees|members|patients|accounts)$/i;
/** Lottie (bodymovin) animations: version, frame rate, in/out points and layers at the top. */
const LOTTIE_KEYS = ['v', 'fr', 'ip', 'op', 'layers'];
/** Records are judged from at most this many elements. */
const RECORDS_LOOKED_AT = 50;

/**
 * Whether to sample a `.json` file as data, and why. `text` is the file's text (or its head when the file is
 * larger than the sample; then only the head's shape is judged).
 */
export function jsonDataVerdict(path: string, text: string, complete: boolean): JsonDataVerdict {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.json$/i, '');
  const place = DATA_FOLDER.test(path) ? 'in a data folder' : DATA_NAME.test(name) && !CONFIG_NAME.test(name) ? 'named as data' : null;
  const shape = complete ? shapeOfParsed(text) : shapeOfHead(text);
  if (shape.kind === 'animation') return { data: false, why: 'a Lottie animation (layers, frame rate, in/out points), not records' };
  if (shape.kind === 'records') return { data: true, why: shape.why };
  if (CONFIG_NAME.test(name)) return { data: false, why: `named as configuration (${name}.json)` };
  if (place) return { data: true, why: `${shape.kind === 'object' ? 'a JSON object' : 'JSON'} ${place}` };
  return { data: false, why: shape.kind === 'object' ? 'a configuration-shaped object (no array of records) outside any data folder' : 'no records (not an array of objects)' };
}

type Shape = { kind: 'records'; why: string } | { kind: 'animation' } | { kind: 'object' } | { kind: 'other' };

function shapeOfParsed(text: string): Shape {
  const parsed = parseJson(text);
  if (!parsed.ok) return shapeOfHead(text);
  const value = parsed.value;
  if (Array.isArray(value)) return recordsIn(value) ? { kind: 'records', why: `records: a top-level array of ${value.length} object(s) with shared keys` } : { kind: 'other' };
  if (!isObject(value)) return { kind: 'other' };
  if (LOTTIE_KEYS.every((key) => key in value)) return { kind: 'animation' };
  for (const [key, inner] of Object.entries(value)) {
    if (RECORDS_KEY.test(key) && Array.isArray(inner) && recordsIn(inner)) return { kind: 'records', why: `records: ${inner.length} object(s) with shared keys under "${key.slice(0, 40)}"` };
  }
  return { kind: 'object' };
}

/** The head of a file too large to parse: an array opening on an object, or a records key opening on one. */
function shapeOfHead(text: string): Shape {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  if (/^\s*\[\s*\{/.test(head)) return { kind: 'records', why: 'records: a top-level array of objects (head of the file)' };
  if (!/^\s*\{/.test(head)) return { kind: 'other' };
  if (/^\s*\{\s*"v"\s*:/.test(head) && /"layers"\s*:/.test(head) && /"fr"\s*:/.test(head)) return { kind: 'animation' };
  const wrapped = /^\s*\{\s*"([A-Za-z]{1,20})"\s*:\s*\[\s*\{/.exec(head);
  if (wrapped && RECORDS_KEY.test(wrapped[1])) return { kind: 'records', why: `records: objects under "${wrapped[1]}" (head of the file)` };
  return { kind: 'object' };
}

/** An array whose elements are objects sharing most of their keys: rows of a table. */
function recordsIn(items: readonly unknown[]): boolean {
  const looked = items.slice(0, RECORDS_LOOKED_AT);
  if (looked.length === 0 || !looked.every(isObject)) return false;
  if (looked.length === 1) return Object.keys(looked[0] as object).length > 0;
  const first = new Set(Object.keys(looked[0] as object));
  if (first.size === 0) return false;
  // Most rows share at least half of the first row's keys (optional fields are allowed to be missing).
  const sharing = looked.filter((item) => {
    const keys = Object.keys(item as object);
    return keys.filter((key) => first.has(key)).length * 2 >= Math.min(first.size, keys.length);
  });
  return sharing.length * 4 >= looked.length * 3;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
