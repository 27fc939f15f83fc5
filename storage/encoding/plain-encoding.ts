/** The plain encoding: values stored exactly as in memory; always applicable, the baseline every other encoding must beat. */
import type { Encoding } from './codec.js';
import { ELEMENT_BYTES, expectPayloadSize, valuesView, writeValues } from './byte-views.js';
import { selectValues } from './predicate.js';

/**
 * Payload: `| values T[n] |`, T = u8, i32 or f64 little-endian. Every kind is supported,
 * including NaN, ±Infinity and -0, bit for bit.
 */
export const plainEncoding: Encoding = {
  id: 'plain',
  code: 0,

  supports: () => true,

  // --- Analyze ---
  analyze: (input) => input.n * ELEMENT_BYTES[input.kind],

  // --- Encode ---
  encode(input) {
    const payload = new Uint8Array(input.n * ELEMENT_BYTES[input.kind]);
    writeValues(payload, 0, input.values, input.n);
    return payload;
  },

  // --- Decode ---
  decode(payload, n, kind, out) {
    const size = n * ELEMENT_BYTES[kind];
    expectPayloadSize('plain', payload, size);
    // A byte copy (memcpy) rather than a typed view: works for any alignment and is the fastest copy.
    new Uint8Array(out.buffer, out.byteOffset, size).set(payload);
  },

  // --- Select ---
  select(payload, n, kind, pred, out) {
    expectPayloadSize('plain', payload, n * ELEMENT_BYTES[kind]);
    selectValues(pred, valuesView(kind, payload, 0, n), n, out);
  },
};
