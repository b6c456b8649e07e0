/** See bundle.js. */
export function runBundle(dir: string, entry: string, opts?: { writeCodeCache?: boolean }): unknown;
export function wrapChunk(source: string): string;
