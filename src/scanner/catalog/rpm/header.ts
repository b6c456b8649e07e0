/**
 * RPM header blobs as stored in the rpmdb (headerExport, no 8-byte magic): big-endian
 * il (index entry count) and dl (data store length), il 16-byte entries {tag, type, offset,
 * count}, then dl bytes of data. Every offset and length is checked against the blob; a header
 * that does not fit is rejected with a reason, never read past its end.
 */
export const TAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  LICENSE: 1014,
  ARCH: 1022,
  SOURCERPM: 1044,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
} as const;

const TYPE = { INT32: 4, STRING: 6, STRING_ARRAY: 8, I18NSTRING: 9 } as const;

// rpm's own sanity limits (header_internal.h: HEADER_TAGS_MAX 0xffff, HEADER_DATA_MAX 256 MiB).
const MAX_ENTRIES = 0xffff;
const MAX_DATA = 256 * 1024 * 1024;

interface Entry {
  type: number;
  offset: number;
  count: number;
}

export type HeaderValue = string | string[] | number[];

export class RpmHeader {
  private constructor(
    private readonly data: Buffer,
    private readonly entries: Map<number, Entry>,
  ) {}

  /** Validates the index; returns the header or the reason it cannot be read. */
  static parse(blob: Uint8Array): RpmHeader | string {
    const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
    if (buf.length < 8) return `header is ${buf.length} bytes, shorter than its 8-byte preamble`;
    const il = buf.readUInt32BE(0);
    const dl = buf.readUInt32BE(4);
    if (il < 1 || il > MAX_ENTRIES) return `header has ${il} index entries`;
    if (dl > MAX_DATA) return `header data store of ${dl} bytes is too large`;
    const dataStart = 8 + il * 16;
    if (dataStart + dl > buf.length) {
      return `header is truncated: ${il} entries and ${dl} data bytes need ${dataStart + dl} bytes, blob has ${buf.length}`;
    }
    const data = buf.subarray(dataStart, dataStart + dl);
    const entries = new Map<number, Entry>();
    for (let i = 0; i < il; i++) {
      const at = 8 + i * 16;
      const tag = buf.readUInt32BE(at);
      const type = buf.readUInt32BE(at + 4);
      const offset = buf.readInt32BE(at + 8);
      const count = buf.readUInt32BE(at + 12);
      if (offset < 0 || offset > dl) return `tag ${tag}: offset ${offset} outside the data store`;
      // The first entry for a tag wins (rpm keeps index entries sorted and unique).
      if (!entries.has(tag)) entries.set(tag, { type, offset, count });
    }
    return new RpmHeader(data, entries);
  }

  has(tag: number): boolean {
    return this.entries.has(tag);
  }

  /** A string tag (STRING, or the first of an I18NSTRING/STRING_ARRAY); reason on bad data. */
  string(tag: number): { value: string | null } | string {
    const e = this.entries.get(tag);
    if (!e) return { value: null };
    if (e.type !== TYPE.STRING && e.type !== TYPE.I18NSTRING && e.type !== TYPE.STRING_ARRAY) {
      return `tag ${tag}: type ${e.type} is not a string`;
    }
    const strings = this.readStrings(tag, e, e.type === TYPE.STRING ? 1 : Math.min(e.count, 1));
    if (typeof strings === "string") return strings;
    return { value: strings[0] ?? null };
  }

  stringArray(tag: number): { value: string[] | null } | string {
    const e = this.entries.get(tag);
    if (!e) return { value: null };
    if (e.type !== TYPE.STRING_ARRAY) return `tag ${tag}: type ${e.type} is not a string array`;
    const strings = this.readStrings(tag, e, e.count);
    return typeof strings === "string" ? strings : { value: strings };
  }

  int32Array(tag: number): { value: number[] | null } | string {
    const e = this.entries.get(tag);
    if (!e) return { value: null };
    if (e.type !== TYPE.INT32) return `tag ${tag}: type ${e.type} is not INT32`;
    if (e.offset + e.count * 4 > this.data.length) {
      return `tag ${tag}: ${e.count} INT32 values at offset ${e.offset} overrun the data store`;
    }
    const out: number[] = [];
    for (let i = 0; i < e.count; i++) out.push(this.data.readInt32BE(e.offset + i * 4));
    return { value: out };
  }

  private readStrings(tag: number, e: Entry, n: number): string[] | string {
    if (n > this.data.length) return `tag ${tag}: ${n} strings cannot fit the data store`;
    const out: string[] = [];
    let pos = e.offset;
    for (let i = 0; i < n; i++) {
      const end = this.data.indexOf(0, pos);
      if (end < 0) return `tag ${tag}: string at offset ${pos} is not NUL-terminated`;
      out.push(this.data.toString("utf8", pos, end));
      pos = end + 1;
    }
    return out;
  }
}
