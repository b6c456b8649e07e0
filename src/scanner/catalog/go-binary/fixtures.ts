/**
 * Test support: writes small but well-formed ELF files (ELF32/ELF64, either byte order) with one
 * writable PT_LOAD segment holding the given sections, and Go build info blobs in both formats.
 * Used by index.test.ts only.
 */

export interface FixtureSection {
  name: string;
  data: Buffer;
}

export interface ElfFixture {
  is64: boolean;
  littleEndian: boolean;
  sections: FixtureSection[];
  /** Omit the section header table (a stripped binary); the segment still maps the data. */
  stripSections?: boolean;
}

const VADDR_BASE = 0x10000;

/** File offset of the first section's data; sections follow each other, 16-aligned. */
export function dataOffset(is64: boolean): number {
  return align(is64 ? 64 + 56 : 52 + 32, 16);
}

/** Virtual address of file offset `off` in fixtures (the segment maps the data 1:1 above VADDR_BASE). */
export function vaddrOf(off: number): number {
  return VADDR_BASE + off;
}

export function buildElf(f: ElfFixture): Buffer {
  const { is64, littleEndian: le } = f;
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const shentsize = is64 ? 64 : 40;
  const start = dataOffset(is64);
  const offsets: number[] = [];
  let cursor = start;
  for (const s of f.sections) {
    offsets.push(cursor);
    cursor = align(cursor + s.data.length, 16);
  }
  const dataEnd = cursor;
  const names = ["", ...f.sections.map((s) => s.name), ".shstrtab"];
  const nameOff: number[] = [];
  let strtab = Buffer.alloc(0);
  for (const n of names) {
    nameOff.push(strtab.length);
    strtab = Buffer.concat([strtab, Buffer.from(`${n}\0`, "latin1")]);
  }
  const strOff = dataEnd;
  const shoff = align(strOff + strtab.length, 8);
  const shnum = f.stripSections ? 0 : names.length;
  const out = Buffer.alloc(shoff + shnum * shentsize);

  const w16 = (o: number, v: number) => (le ? out.writeUInt16LE(v, o) : out.writeUInt16BE(v, o));
  const w32 = (o: number, v: number) => (le ? out.writeUInt32LE(v, o) : out.writeUInt32BE(v, o));
  const w64 = (o: number, v: number) =>
    le ? out.writeBigUInt64LE(BigInt(v), o) : out.writeBigUInt64BE(BigInt(v), o);
  const word = is64 ? w64 : w32;

  out.set([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, le ? 1 : 2, 1], 0);
  w16(16, 2); // ET_EXEC
  w16(18, is64 ? 62 : 3); // EM_X86_64 / EM_386
  w32(20, 1);
  if (is64) {
    w64(24, VADDR_BASE);
    w64(32, ehsize); // phoff
    w64(40, shnum ? shoff : 0);
    w16(52, ehsize);
    w16(54, phentsize);
    w16(56, 1);
    w16(58, shentsize);
    w16(60, shnum);
    w16(62, shnum ? names.length - 1 : 0);
  } else {
    w32(24, VADDR_BASE);
    w32(28, ehsize);
    w32(32, shnum ? shoff : 0);
    w16(40, ehsize);
    w16(42, phentsize);
    w16(44, 1);
    w16(46, shentsize);
    w16(48, shnum);
    w16(50, shnum ? names.length - 1 : 0);
  }
  // One PT_LOAD, R+W, mapping [start, dataEnd).
  const ph = ehsize;
  w32(ph, 1);
  if (is64) {
    w32(ph + 4, 6);
    w64(ph + 8, start);
    w64(ph + 16, vaddrOf(start));
    w64(ph + 24, vaddrOf(start));
    w64(ph + 32, dataEnd - start);
    w64(ph + 40, dataEnd - start);
    w64(ph + 48, 0x1000);
  } else {
    w32(ph + 4, start);
    w32(ph + 8, vaddrOf(start));
    w32(ph + 12, vaddrOf(start));
    w32(ph + 16, dataEnd - start);
    w32(ph + 20, dataEnd - start);
    w32(ph + 24, 6);
    w32(ph + 28, 0x1000);
  }
  f.sections.forEach((s, i) => {
    s.data.copy(out, offsets[i]!);
  });
  strtab.copy(out, strOff);
  if (shnum) {
    const writeSh = (
      i: number,
      name: number,
      type: number,
      addr: number,
      off: number,
      size: number,
    ) => {
      const o = shoff + i * shentsize;
      w32(o, name);
      w32(o + 4, type);
      if (is64) {
        w64(o + 8, addr ? 3 : 0);
        w64(o + 16, addr);
        w64(o + 24, off);
        w64(o + 32, size);
      } else {
        w32(o + 8, addr ? 3 : 0);
        w32(o + 12, addr);
        w32(o + 16, off);
        w32(o + 20, size);
      }
      word(o + (is64 ? 48 : 32), 16); // addralign
    };
    f.sections.forEach((s, i) => {
      writeSh(i + 1, nameOff[i + 1]!, 1, vaddrOf(offsets[i]!), offsets[i]!, s.data.length);
    });
    writeSh(names.length - 1, nameOff[names.length - 1]!, 3, 0, strOff, strtab.length);
  }
  return out;
}

export const INFO_START = Buffer.from("3077af0c9274080241e1c107e6d618e6", "hex");
export const INFO_END = Buffer.from("f932433186182072008242104116d8f2", "hex");

/** Module info framed by the cmd/go sentinels, as the linker stores it. */
export function framed(modinfo: string): Buffer {
  return Buffer.concat([INFO_START, Buffer.from(modinfo, "utf8"), INFO_END]);
}

function uvarint(n: number): Buffer {
  const bytes: number[] = [];
  while (n >= 0x80) {
    bytes.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  bytes.push(n);
  return Buffer.from(bytes);
}

function header(ptrSize: number, flags: number): Buffer {
  const h = Buffer.alloc(32);
  h.write("\xff Go buildinf:", 0, "latin1");
  h[14] = ptrSize;
  h[15] = flags;
  return h;
}

/** Go >= 1.18 blob: header with flag bit 2, then two uvarint-prefixed strings. */
export function inlineBlob(version: string, mod: Buffer, bigEndian = false): Buffer {
  const v = Buffer.from(version, "utf8");
  return Buffer.concat([
    header(8, 2 | (bigEndian ? 1 : 0)),
    uvarint(v.length),
    v,
    uvarint(mod.length),
    mod,
  ]);
}

/**
 * Go 1.13-1.17 blob: pointers to two Go string headers {ptr, len}, all inside the same section,
 * which must sit at file offset `sectionOffset` (so its virtual address is known).
 */
export function pointerBlob(
  version: string,
  mod: Buffer,
  o: { ptrSize: 4 | 8; bigEndian: boolean; sectionOffset: number },
): Buffer {
  const { ptrSize, bigEndian } = o;
  const base = vaddrOf(o.sectionOffset);
  const v = Buffer.from(version, "utf8");
  const hdrAt = 32;
  const vAt = hdrAt + 4 * ptrSize;
  const mAt = vAt + v.length;
  const out = Buffer.alloc(mAt + mod.length);
  header(ptrSize, bigEndian ? 1 : 0).copy(out, 0);
  const put = (at: number, val: number) => {
    if (ptrSize === 4) bigEndian ? out.writeUInt32BE(val, at) : out.writeUInt32LE(val, at);
    else bigEndian ? out.writeBigUInt64BE(BigInt(val), at) : out.writeBigUInt64LE(BigInt(val), at);
  };
  put(16, base + hdrAt);
  put(16 + ptrSize, base + hdrAt + 2 * ptrSize);
  put(hdrAt, base + vAt);
  put(hdrAt + ptrSize, v.length);
  put(hdrAt + 2 * ptrSize, base + mAt);
  put(hdrAt + 3 * ptrSize, mod.length);
  v.copy(out, vAt);
  mod.copy(out, mAt);
  return out;
}

function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}
