/**
 * A bounds-checked reader of ELF section and program header tables (System V gABI, "ELF Header",
 * "Sections", "Program Header"), for ELF32 and ELF64 in either byte order. It reads only the
 * tables, never section contents: callers slice the Buffer they already hold. Every offset and
 * count comes from an untrusted file, so each is checked against the buffer before use.
 */

export interface ElfSection {
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
}

export interface ElfSegment {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

export interface Elf {
  is64: boolean;
  littleEndian: boolean;
  sections: ElfSection[];
  segments: ElfSegment[];
}

export const SHT_NOBITS = 8;
export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;

const MAX_TABLE_ENTRIES = 65_536;
const MAX_NAME = 256;

export function isElf(head: Buffer): boolean {
  return (
    head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46
  );
}

/** The ELF header's table positions (gABI "ELF Header"), before extended numbering. */
export interface ElfHeader {
  is64: boolean;
  littleEndian: boolean;
  /** Offsets beyond 2^53 are NaN (not meaningful in a Buffer). */
  phoff: number;
  shoff: number;
  phentsize: number;
  phnum: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

/** Reads the header; returns a reason string for a file that is not a readable ELF. */
export function readElfHeader(buf: Buffer): ElfHeader | string {
  if (buf.length < 52 || !isElf(buf)) return "not an ELF file (too short or no magic)";
  const cls = buf[4];
  const data = buf[5];
  if (cls !== 1 && cls !== 2) return `unknown ELF class ${cls}`;
  if (data !== 1 && data !== 2) return `unknown ELF data encoding ${data}`;
  const is64 = cls === 2;
  const le = data === 1;
  if (is64 && buf.length < 64) return "truncated ELF header";
  const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const word = is64
    ? (o: number) => {
        const v = le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o);
        return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.NaN;
      }
    : (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const at = is64
    ? { phoff: 32, shoff: 40, phentsize: 54, phnum: 56, shentsize: 58, shnum: 60, shstrndx: 62 }
    : { phoff: 28, shoff: 32, phentsize: 42, phnum: 44, shentsize: 46, shnum: 48, shstrndx: 50 };
  return {
    is64,
    littleEndian: le,
    phoff: word(at.phoff),
    shoff: word(at.shoff),
    phentsize: u16(at.phentsize),
    phnum: u16(at.phnum),
    shentsize: u16(at.shentsize),
    shnum: u16(at.shnum),
    shstrndx: u16(at.shstrndx),
  };
}

/**
 * The program header table (`phnum` entries: the header's count, or the real one from section 0
 * under extended numbering); a reason string when it does not lie within `buf`.
 */
export function readSegments(buf: Buffer, header: ElfHeader, phnum: number): ElfSegment[] | string {
  const { is64, littleEndian: le, phoff, phentsize } = header;
  const segments: ElfSegment[] = [];
  if (phoff === 0 || phnum === 0) return segments;
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const u64 = (o: number) => {
    const v = le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o);
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.NaN;
  };
  if (!Number.isSafeInteger(phoff)) return "program header offset out of range";
  if (phentsize < (is64 ? 56 : 32)) return `program header entry size ${phentsize} too small`;
  if (phnum > MAX_TABLE_ENTRIES) return `implausible program header count ${phnum}`;
  if (phoff < 0 || phoff + phnum * phentsize > buf.length)
    return "program header table beyond end of file (truncated?)";
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    const seg: ElfSegment = is64
      ? {
          type: u32(o),
          flags: u32(o + 4),
          offset: u64(o + 8),
          vaddr: u64(o + 16),
          filesz: u64(o + 32),
        }
      : {
          type: u32(o),
          offset: u32(o + 4),
          vaddr: u32(o + 8),
          filesz: u32(o + 16),
          flags: u32(o + 24),
        };
    if (Number.isSafeInteger(seg.offset + seg.vaddr + seg.filesz)) segments.push(seg);
  }
  return segments;
}

/** Parses the header and tables; returns a reason string for a file that is not a readable ELF. */
export function parseElf(buf: Buffer): Elf | string {
  const header = readElfHeader(buf);
  if (typeof header === "string") return header;
  const { is64, littleEndian: le, shoff, shentsize } = header;
  let { phnum, shnum, shstrndx } = header;

  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  // 64-bit fields beyond 2^53 are not meaningful offsets in a Buffer; map them to NaN (rejected below).
  const u64 = (o: number) => {
    const v = le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o);
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.NaN;
  };
  const minSh = is64 ? 64 : 40;

  const inBounds = (off: number, len: number) =>
    Number.isSafeInteger(off) && off >= 0 && len >= 0 && off + len <= buf.length;

  // Section header 0 carries the real counts when they overflow 16 bits (gABI "extended numbering").
  const rawSection = (i: number) => {
    const o = shoff + i * shentsize;
    if (is64) {
      return {
        name: u32(o),
        type: u32(o + 4),
        flags: u64(o + 8),
        addr: u64(o + 16),
        offset: u64(o + 24),
        size: u64(o + 32),
        link: u32(o + 40),
        info: u32(o + 44),
      };
    }
    return {
      name: u32(o),
      type: u32(o + 4),
      flags: u32(o + 8),
      addr: u32(o + 12),
      offset: u32(o + 16),
      size: u32(o + 20),
      link: u32(o + 24),
      info: u32(o + 28),
    };
  };

  const hasSections = shoff !== 0;
  if (hasSections) {
    if (!Number.isSafeInteger(shoff)) return "section header offset out of range";
    if (shentsize < minSh) return `section header entry size ${shentsize} too small`;
    if (!inBounds(shoff, shentsize)) return "section header table beyond end of file (truncated?)";
    const s0 = rawSection(0);
    if (shnum === 0) shnum = Number.isSafeInteger(s0.size) ? s0.size : Number.NaN;
    if (shstrndx === 0xffff) shstrndx = s0.link;
    if (phnum === 0xffff) phnum = s0.info;
    if (!Number.isSafeInteger(shnum) || shnum > MAX_TABLE_ENTRIES)
      return `implausible section count ${shnum}`;
    if (!inBounds(shoff, shnum * shentsize))
      return "section header table beyond end of file (truncated?)";
  } else {
    shnum = 0;
  }

  const segments = readSegments(buf, header, phnum);
  if (typeof segments === "string") return segments;

  const sections: ElfSection[] = [];
  if (shnum > 0) {
    let strOff = -1;
    let strSize = 0;
    if (shstrndx > 0 && shstrndx < shnum) {
      const s = rawSection(shstrndx);
      if (s.type !== SHT_NOBITS && inBounds(s.offset, s.size)) {
        strOff = s.offset;
        strSize = s.size;
      }
    }
    for (let i = 0; i < shnum; i++) {
      const s = rawSection(i);
      let name = "";
      if (strOff >= 0 && s.name < strSize) {
        const start = strOff + s.name;
        const limit = Math.min(strOff + strSize, start + MAX_NAME);
        let end = buf.indexOf(0, start);
        if (end < 0 || end > limit) end = limit;
        name = buf.toString("latin1", start, end);
      }
      sections.push({
        name,
        type: s.type,
        flags: s.flags,
        addr: s.addr,
        offset: s.offset,
        size: s.size,
      });
    }
  }
  return { is64, littleEndian: le, sections, segments };
}

/** The section's bytes (a view, not a copy), or null when it has none or they lie outside the file. */
export function sectionData(
  buf: Buffer,
  s: ElfSection,
  max = Number.POSITIVE_INFINITY,
): Buffer | null {
  if (s.type === SHT_NOBITS || !Number.isSafeInteger(s.offset) || !Number.isSafeInteger(s.size))
    return null;
  if (s.offset < 0 || s.offset + s.size > buf.length) return null;
  return buf.subarray(s.offset, s.offset + Math.min(s.size, max));
}

/**
 * The bytes at virtual address `addr` (up to `size`), read through the PT_LOAD segment that maps
 * it, as debug/buildinfo's elfExe.ReadData does. A view, possibly shorter than `size`; null when
 * no segment maps the address inside the file.
 */
export function readVirtual(buf: Buffer, elf: Elf, addr: number, size: number): Buffer | null {
  if (!Number.isSafeInteger(addr) || addr < 0) return null;
  for (const p of elf.segments) {
    if (p.filesz === 0 || addr < p.vaddr || addr > p.vaddr + p.filesz - 1) continue;
    const start = p.offset + (addr - p.vaddr);
    const end = Math.min(start + Math.min(size, p.vaddr + p.filesz - addr), buf.length);
    if (start >= buf.length || end < start) return null;
    return buf.subarray(start, end);
  }
  return null;
}
