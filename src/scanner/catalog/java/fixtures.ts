/**
 * Test support: a raw zip writer that stores already-compressed bytes with whatever sizes the
 * test declares, to build hostile archives (lying sizes, bombs, overlapping entries) that a
 * well-behaved zip library refuses to produce. Used by index.test.ts only.
 */
import { deflateRawSync } from "node:zlib";

export interface RawEntry {
  name: string;
  /** Bytes as stored in the archive (deflated for method 8). */
  stored: Buffer;
  method: 0 | 8;
  /** Declared uncompressed size. */
  size: number;
  /** Point this central directory entry at an earlier entry's local header (overlap). */
  sameDataAs?: number;
}

export function deflated(name: string, content: Buffer): RawEntry {
  return { name, stored: deflateRawSync(content, { level: 9 }), method: 8, size: content.length };
}

export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const offsets: number[] = [];
  let off = 0;
  entries.forEach((e, i) => {
    if (e.sameDataAs !== undefined) {
      offsets.push(offsets[e.sameDataAs]!);
      return;
    }
    const name = Buffer.from(e.name, "utf8");
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(e.method, 8);
    h.writeUInt32LE(e.stored.length, 18);
    h.writeUInt32LE(e.size, 22);
    h.writeUInt16LE(name.length, 26);
    offsets[i] = off;
    locals.push(h, name, e.stored);
    off += h.length + name.length + e.stored.length;
  });
  const central: Buffer[] = [];
  let cdSize = 0;
  entries.forEach((e, i) => {
    const src = e.sameDataAs !== undefined ? entries[e.sameDataAs]! : e;
    const name = Buffer.from(e.name, "utf8");
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(20, 6);
    h.writeUInt16LE(src.method, 10);
    h.writeUInt32LE(src.stored.length, 20);
    h.writeUInt32LE(e.size, 24);
    h.writeUInt16LE(name.length, 28);
    h.writeUInt32LE(offsets[i]!, 42);
    central.push(h, name);
    cdSize += h.length + name.length;
  });
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdSize, 12);
  eocd.writeUInt32LE(off, 16);
  return Buffer.concat([...locals, ...central, eocd]);
}
