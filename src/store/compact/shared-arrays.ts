// Typed arrays in shared memory (SharedArrayBuffer): the compact index is built in them, so the
// worker threads answering heavy API questions read the very same arrays instead of a copy each.
// Reading and writing them costs what an ordinary typed array costs.

export type SharedNumbers = Int32Array | Float64Array | Uint8Array | Uint16Array | Uint32Array;

export function sharedInt32Array(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));
}

export function sharedFloat64Array(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

export function sharedUint8Array(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}

export function sharedUint16Array(length: number): Uint16Array {
  return new Uint16Array(new SharedArrayBuffer(length * Uint16Array.BYTES_PER_ELEMENT));
}

export function sharedUint32Array(length: number): Uint32Array {
  return new Uint32Array(new SharedArrayBuffer(length * Uint32Array.BYTES_PER_ELEMENT));
}

/** The array itself when it already lives in shared memory, else a copy that does (made once). */
export function inSharedMemory<T extends SharedNumbers>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
  (copy as SharedNumbers).set(array as never);
  return copy;
}
