/**
 * Finds the Go build info blob in an ELF file and returns the raw Go version and module info
 * strings, following debug/buildinfo.readRawBuildInfo (Go 1.13+ blob; Go 1.18+ inline strings).
 *
 * The blob: 16-aligned, 32 bytes of header = "\xff Go buildinf:" (14 bytes), pointer size (1),
 * flags (1: bit 0 big-endian, bit 1 inline strings). Inline (Go >= 1.18): two uvarint-length-
 * prefixed strings follow the header (version, modinfo). Older: two pointers (at 16 and
 * 16+ptrSize) to Go string headers {data pointer, length} at virtual addresses.
 */
import { type Elf, PF_W, PF_X, PT_LOAD, readVirtual, sectionData } from "../../binary/elf.ts";

export const BUILDINFO_MAGIC = Buffer.from("\xff Go buildinf:", "latin1");
const SEARCH_WINDOW = 64 * 1024;
const HEADER_SIZE = 32;
const ALIGN = 16;
/** Upper bound for one string read through a pointer (modinfo of huge module graphs stays far below). */
const MAX_STRING = 16 * 1024 * 1024;
const EMPTY = Buffer.alloc(0);

export type RawBuildInfo =
  | { kind: "none" }
  | { kind: "corrupt"; reason: string }
  | { kind: "ok"; version: string; modinfo: string };

export function readRawBuildInfo(buf: Buffer, elf: Elf): RawBuildInfo {
  const data = dataWindow(buf, elf);
  if (!data) return { kind: "none" };
  let at = -1;
  for (let from = 0; from <= data.length - BUILDINFO_MAGIC.length; ) {
    const i = data.indexOf(BUILDINFO_MAGIC, from);
    if (i < 0) break;
    if (i % ALIGN === 0) {
      at = i;
      break;
    }
    from = i + 1;
  }
  if (at < 0) return { kind: "none" };
  const blob = data.subarray(at);
  if (blob.length < HEADER_SIZE)
    return { kind: "corrupt", reason: "Go build info header truncated" };
  const ptrSize = blob[14]!;
  const flags = blob[15]!;

  let version: Buffer | null;
  let modinfo: Buffer | null;
  if (flags & 2) {
    const v = uvarintBytes(blob, HEADER_SIZE);
    version = v?.value ?? null;
    const m = v ? uvarintBytes(blob, v.next) : null;
    modinfo = m?.value ?? null;
    if (version === null || modinfo === null)
      return { kind: "corrupt", reason: "Go build info strings truncated or overlong" };
  } else {
    if (ptrSize !== 4 && ptrSize !== 8)
      return { kind: "corrupt", reason: `Go build info pointer size ${ptrSize} is not 4 or 8` };
    const bigEndian = (flags & 1) !== 0;
    const readPtr = (b: Buffer, o: number): number =>
      ptrSize === 4
        ? bigEndian
          ? b.readUInt32BE(o)
          : b.readUInt32LE(o)
        : safe(bigEndian ? b.readBigUInt64BE(o) : b.readBigUInt64LE(o));
    version = pointedBytes(buf, elf, ptrSize, readPtr, readPtr(blob, 16));
    modinfo = pointedBytes(buf, elf, ptrSize, readPtr, readPtr(blob, 16 + ptrSize)) ?? EMPTY;
    if (version === null)
      return { kind: "corrupt", reason: "Go build info version pointer does not resolve" };
  }
  if (version.length === 0)
    return { kind: "corrupt", reason: "Go build info has an empty Go version" };
  // Strip the 16-byte sentinels (cmd/go/internal/modload infoStart/infoEnd) around the module info.
  if (modinfo.length >= 33 && modinfo[modinfo.length - 17] === 0x0a) {
    modinfo = modinfo.subarray(16, modinfo.length - 16);
  } else if (modinfo.length > 0) {
    return { kind: "corrupt", reason: "Go module info lacks its sentinel framing" };
  }
  return { kind: "ok", version: version.toString("utf8"), modinfo: modinfo.toString("utf8") };
}

/** Where to look for the blob: the .go.buildinfo section, else the first writable, non-executable PT_LOAD. */
function dataWindow(buf: Buffer, elf: Elf): Buffer | null {
  const section = elf.sections.find((s) => s.name === ".go.buildinfo");
  if (section) {
    // Like Go: up to 64 KiB from the section's address, read through the segment that maps it;
    // without one (an unlinked object), just the section's own bytes.
    return (
      readVirtual(buf, elf, section.addr, SEARCH_WINDOW) ?? sectionData(buf, section, SEARCH_WINDOW)
    );
  }
  for (const p of elf.segments) {
    if (p.type === PT_LOAD && (p.flags & (PF_X | PF_W)) === PF_W && p.filesz > 0)
      return readVirtual(buf, elf, p.vaddr, SEARCH_WINDOW);
  }
  return null;
}

function uvarintBytes(b: Buffer, at: number): { value: Buffer; next: number } | null {
  let len = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    if (i >= b.length || shift > 28) return null;
    const byte = b[i++]!;
    len += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) break;
  }
  if (len > b.length - i) return null;
  return { value: b.subarray(i, i + len), next: i + len };
}

function pointedBytes(
  buf: Buffer,
  elf: Elf,
  ptrSize: number,
  readPtr: (b: Buffer, o: number) => number,
  addr: number,
): Buffer | null {
  const hdr = readVirtual(buf, elf, addr, 2 * ptrSize);
  if (!hdr || hdr.length < 2 * ptrSize) return null;
  const dataAddr = readPtr(hdr, 0);
  const len = readPtr(hdr, ptrSize);
  if (!Number.isSafeInteger(len) || len > MAX_STRING) return null;
  if (len === 0) return EMPTY;
  const data = readVirtual(buf, elf, dataAddr, len);
  if (!data || data.length < len) return null;
  return data;
}

function safe(v: bigint): number {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.NaN;
}
