// HDF5 files (Keras `.h5` models among them) start with an 8-byte signature at offset 0 or at a power-of-two
// user-block offset. Keras writes attributes named `keras_version` and `model_config` near the root object,
// which a byte search of the first KiBs finds without walking HDF5's object headers.

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export interface Hdf5Summary {
  /** Offset of the signature (0, or a user block of 512, 1024, … bytes). */
  offset: number;
  superblockVersion: number | null;
  /** Keras attributes were seen in the bytes read. */
  keras: boolean;
  /** The model config names a Lambda layer (marshalled Python code that Keras runs when loading). */
  lambdaLayer: boolean;
}

export function hdf5SignatureOffset(bytes: Uint8Array): number | null {
  for (let offset = 0; offset + 8 <= bytes.length; offset = offset === 0 ? 512 : offset * 2) {
    if (SIGNATURE.every((byte, i) => bytes[offset + i] === byte)) return offset;
  }
  return null;
}

export function readHdf5Summary(bytes: Uint8Array): Hdf5Summary | null {
  const offset = hdf5SignatureOffset(bytes);
  if (offset === null) return null;
  const text = new TextDecoder('latin1').decode(bytes);
  return {
    offset,
    superblockVersion: offset + 8 < bytes.length ? bytes[offset + 8] : null,
    keras: text.includes('keras_version') || text.includes('model_config'),
    lambdaLayer: /"class_name":\s*"Lambda"/.test(text),
  };
}
