/** Type declarations for the parts of the untyped `lz4js` package (plain CommonJS) that storage uses. */
declare module 'lz4js' {
  /** Upper bound of the compressed size of `n` input bytes. */
  export function compressBound(n: number): number;
  /**
   * Compresses `src[sIndex, sIndex + sLength)` as one LZ4 block into `dst` from offset 0, using
   * `hashTable` (65,536 entries, zeroed by the caller) for match finding. Returns the compressed
   * length, or 0 when no match was found (the caller must then store the input as literals).
   */
  export function compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
  /** Decompresses the LZ4 block `src[sIndex, sIndex + sLength)` into `dst` from `dIndex`; returns the end offset in `dst`. */
  export function decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number;
  const lz4js: {
    compressBound: typeof compressBound;
    compressBlock: typeof compressBlock;
    decompressBlock: typeof decompressBlock;
  };
  export default lz4js;
}
