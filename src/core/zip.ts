/**
 * A bounds-checked zip reader (PKWARE APPNOTE.TXT: 4.3.16 end of central directory, 4.3.12
 * central directory headers, 4.3.7 local headers, 4.5.3 Zip64 extra field). It lists entries
 * from the central directory and inflates one entry at a time with a hard output limit, so a
 * hostile archive (lying sizes, overlapping entries, huge counts, truncation) costs bounded
 * memory and time. Stored entries are returned as views of the archive, not copies.
 */
import { crc32, inflateRawSync } from "node:zlib";

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** CRC-32 of the uncompressed data, from the central directory. */
  crc: number;
}

export interface Zip {
  buf: Buffer;
  entries: ZipEntry[];
  /** Bytes prepended before the archive (e.g. a launcher script); added to every stored offset. */
  shift: number;
}

const EOCD_SIG = 0x06054b50;
const EOCD64_LOCATOR_SIG = 0x07064b50;
const EOCD64_SIG = 0x06064b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;
const MAX_COMMENT = 0xffff;
/** More entries than any real jar; also bounded by the central directory's actual bytes. */
const MAX_ENTRIES = 500_000;

/**
 * Reads the central directory; a reason string when the buffer is not a readable zip.
 * `maxEntries` bounds the entries listed (default 500,000; OSV archives need more).
 */
export function openZip(buf: Buffer, maxEntries = MAX_ENTRIES): Zip | string {
  if (buf.length < 22) return "too short for a zip archive";
  let eocd = -1;
  const lowest = Math.max(0, buf.length - 22 - MAX_COMMENT);
  for (let i = buf.length - 22; i >= lowest; i--) {
    if (buf[i] === 0x50 && buf.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return "no end of central directory record (truncated?)";
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  let cdEnd = eocd;
  if (eocd >= 20 && buf.readUInt32LE(eocd - 20) === EOCD64_LOCATOR_SIG) {
    const at = u64(buf, eocd - 12);
    if (Number.isSafeInteger(at) && at + 56 <= eocd && buf.readUInt32LE(at) === EOCD64_SIG) {
      count = u64(buf, at + 32);
      cdSize = u64(buf, at + 40);
      cdOffset = u64(buf, at + 48);
      cdEnd = at;
    }
  }
  if (!Number.isSafeInteger(cdSize) || !Number.isSafeInteger(cdOffset) || cdSize > cdEnd)
    return "central directory size out of range";
  // The directory ends where the end record begins; a difference from its recorded offset means
  // bytes were prepended to the archive.
  const cdStart = cdEnd - cdSize;
  const shift = cdStart - cdOffset;
  if (shift < 0) return "central directory offset beyond its end record";

  const entries: ZipEntry[] = [];
  const limit = Math.min(Number.isSafeInteger(count) ? count : maxEntries, maxEntries);
  let p = cdStart;
  while (entries.length < limit && p + 46 <= cdEnd) {
    if (buf.readUInt32LE(p) !== CDH_SIG) return "bad central directory entry signature";
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    let compressedSize = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let localOffset = buf.readUInt32LE(p + 42);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > cdEnd) return "central directory entry runs past the directory";
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    // Zip64 extended information: the 8-byte values present are those whose 32-bit field is all ones.
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      let e = p + 46 + nameLen;
      const extraEnd = e + extraLen;
      while (e + 4 <= extraEnd) {
        const id = buf.readUInt16LE(e);
        const len = buf.readUInt16LE(e + 2);
        const dataEnd = e + 4 + len;
        if (dataEnd > extraEnd) break;
        if (id === 0x0001) {
          let q = e + 4;
          const take = () => {
            if (q + 8 > dataEnd) return Number.NaN;
            const v = u64(buf, q);
            q += 8;
            return v;
          };
          if (size === 0xffffffff) size = take();
          if (compressedSize === 0xffffffff) compressedSize = take();
          if (localOffset === 0xffffffff) localOffset = take();
          break;
        }
        e = dataEnd;
      }
    }
    entries.push({ name, method, flags, compressedSize, size, localOffset, crc });
    p = next;
  }
  return { buf, entries, shift };
}

export type EntryData = { ok: true; data: Buffer } | { ok: false; reason: string };

/**
 * The entry's bytes, refusing entries whose declared size exceeds `maxBytes` and stopping the
 * inflater as soon as the output passes the declared size (a lying header cannot inflate more).
 * With `checkCrc`, the data must match the CRC-32 the central directory records.
 */
export function readEntry(
  zip: Zip,
  entry: ZipEntry,
  maxBytes: number,
  opts: { checkCrc?: boolean } = {},
): EntryData {
  const read = readEntryData(zip, entry, maxBytes);
  if (read.ok && opts.checkCrc && crc32(read.data) !== entry.crc)
    return { ok: false, reason: "CRC-32 mismatch (corrupt archive)" };
  return read;
}

function readEntryData(zip: Zip, entry: ZipEntry, maxBytes: number): EntryData {
  const { buf } = zip;
  if (entry.flags & 1) return { ok: false, reason: "entry is encrypted" };
  if (!Number.isSafeInteger(entry.size) || !Number.isSafeInteger(entry.compressedSize))
    return { ok: false, reason: "entry size out of range" };
  if (entry.size > maxBytes)
    return {
      ok: false,
      reason: `entry declares ${entry.size} bytes, over the ${maxBytes}-byte limit`,
    };
  const lfh = entry.localOffset + zip.shift;
  if (!Number.isSafeInteger(lfh) || lfh < 0 || lfh + 30 > buf.length)
    return { ok: false, reason: "local header offset out of range" };
  if (buf.readUInt32LE(lfh) !== LFH_SIG) return { ok: false, reason: "bad local header signature" };
  const start = lfh + 30 + buf.readUInt16LE(lfh + 26) + buf.readUInt16LE(lfh + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) return { ok: false, reason: "entry data runs past the end of the archive" };
  const raw = buf.subarray(start, end);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size)
      return { ok: false, reason: "stored entry sizes disagree" };
    return { ok: true, data: raw };
  }
  if (entry.method !== 8)
    return { ok: false, reason: `unsupported compression method ${entry.method}` };
  try {
    // maxOutputLength must be >= 1; an empty entry then fails below if it inflates to anything.
    const data = inflateRawSync(raw, { maxOutputLength: Math.max(entry.size, 1) });
    if (data.length !== entry.size)
      return { ok: false, reason: "entry inflates to a different size than declared" };
    return { ok: true, data };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_BUFFER_TOO_LARGE")
      return { ok: false, reason: "entry inflates beyond its declared size (zip bomb?)" };
    return { ok: false, reason: `corrupt deflate data (${code ?? (err as Error).message})` };
  }
}

function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.NaN;
}
