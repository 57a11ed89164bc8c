// ONNX models are protobuf `ModelProto` messages. Recognised from the first fields (ir_version, producer,
// opset); the graph is skipped by its length, and its input/output names are listed only when the whole
// graph lies in the bytes given (small models). Nothing is executed; ONNX holds no code.
import { failed, parsed, type Parsed } from './result.js';

export interface OnnxModel {
  irVersion: number;
  producerName: string | null;
  producerVersion: string | null;
  domain: string | null;
  modelVersion: number | null;
  /** Graph inputs and outputs, when the graph was within the bytes read; null otherwise. */
  inputs: string[] | null;
  outputs: string[] | null;
  /** Bytes of the graph message (weights included unless stored externally). */
  graphBytes: number | null;
}

const MAX_IR_VERSION = 20;
const MAX_NAMES = 200;

interface Field {
  number: number;
  wire: number;
  /** Varint value (wire type 0). */
  varint?: number;
  /** Start and end of a length-delimited payload (wire type 2); `end` may exceed the bytes read. */
  start?: number;
  end?: number;
  next: number;
}

function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } | null {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10 && at + i < bytes.length; i++) {
    const byte = bytes[at + i];
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return Number.isSafeInteger(value) ? { value, next: at + i + 1 } : null;
  }
  return null;
}

function readField(bytes: Uint8Array, at: number): Field | null {
  const tag = readVarint(bytes, at);
  if (!tag || tag.value === 0) return null;
  const number = Math.floor(tag.value / 8);
  const wire = tag.value % 8;
  if (wire === 0) {
    const value = readVarint(bytes, tag.next);
    return value ? { number, wire, varint: value.value, next: value.next } : null;
  }
  if (wire === 2) {
    const length = readVarint(bytes, tag.next);
    if (!length) return null;
    return { number, wire, start: length.next, end: length.next + length.value, next: length.next + length.value };
  }
  if (wire === 1) return { number, wire, next: tag.next + 8 };
  if (wire === 5) return { number, wire, next: tag.next + 4 };
  return null;
}

/** True when the bytes open like a ModelProto: field 1 (ir_version) as a small varint, then a known field. */
export function looksLikeOnnx(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0x08) return false;
  const first = readField(bytes, 0);
  if (!first || first.varint === undefined || first.varint < 1 || first.varint > MAX_IR_VERSION) return false;
  const second = readField(bytes, first.next);
  return second !== null && second.wire === 2 && [2, 3, 4, 6, 7, 8, 14].includes(second.number);
}

export function parseOnnxModel(bytes: Uint8Array): Parsed<OnnxModel> {
  if (!looksLikeOnnx(bytes)) return failed('not an ONNX ModelProto');
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const text = (field: Field) => (field.end! <= bytes.length ? decoder.decode(bytes.subarray(field.start!, field.end!)).slice(0, 200) : null);
  const model: OnnxModel = { irVersion: 0, producerName: null, producerVersion: null, domain: null, modelVersion: null, inputs: null, outputs: null, graphBytes: null };
  for (let at = 0, fields = 0; at < bytes.length && fields < 10_000; fields++) {
    const field = readField(bytes, at);
    if (!field) break;
    if (field.number === 1 && field.varint !== undefined) model.irVersion = field.varint;
    else if (field.number === 2 && field.wire === 2) model.producerName = text(field);
    else if (field.number === 3 && field.wire === 2) model.producerVersion = text(field);
    else if (field.number === 4 && field.wire === 2) model.domain = text(field);
    else if (field.number === 5 && field.varint !== undefined) model.modelVersion = field.varint;
    else if (field.number === 7 && field.wire === 2) {
      model.graphBytes = field.end! - field.start!;
      if (field.end! <= bytes.length) Object.assign(model, graphNames(bytes.subarray(field.start!, field.end!)));
    }
    if (field.next > bytes.length) break;
    at = field.next;
  }
  return parsed(model);
}

/** GraphProto fields 11 (input) and 12 (output) are ValueInfoProto messages whose field 1 is the name. */
function graphNames(graph: Uint8Array): { inputs: string[]; outputs: string[] } {
  const inputs: string[] = [];
  const outputs: string[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for (let at = 0; at < graph.length; ) {
    const field = readField(graph, at);
    if (!field || field.next > graph.length) break;
    if ((field.number === 11 || field.number === 12) && field.wire === 2) {
      const name = readField(graph.subarray(field.start!, field.end!), 0);
      if (name && name.number === 1 && name.wire === 2 && name.end! <= field.end! - field.start!) {
        const list = field.number === 11 ? inputs : outputs;
        if (list.length < MAX_NAMES) list.push(decoder.decode(graph.subarray(field.start! + name.start!, field.start! + name.end!)).slice(0, 200));
      }
    }
    at = field.next;
  }
  return { inputs, outputs };
}
