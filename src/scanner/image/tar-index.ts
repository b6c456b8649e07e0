import type { FileHandle } from "node:fs/promises";

export interface TarMember {
  name: string;
  offset: number;
  size: number;
}

/**
 * Lists the regular files of an uncompressed tar file by reading only its 512-byte headers
 * (ustar prefix, GNU long names and pax `path` records understood), so members can be read
 * later by offset without unpacking anything. Bounded: at most `maxMembers` entries.
 */
export async function indexTar(fh: FileHandle, maxMembers = 100_000): Promise<TarMember[]> {
  const members: TarMember[] = [];
  const size = (await fh.stat()).size;
  const header = Buffer.alloc(512);
  let offset = 0;
  let longName: string | null = null;
  while (offset + 512 <= size && members.length < maxMembers) {
    const { bytesRead } = await fh.read(header, 0, 512, offset);
    if (bytesRead < 512) break;
    if (header.every((b) => b === 0)) break;
    const entrySize = parseOctal(header.subarray(124, 136));
    if (entrySize === null) throw new Error(`corrupt tar header at byte ${offset}`);
    const type = String.fromCharCode(header[156] ?? 0);
    const dataOffset = offset + 512;
    if (dataOffset + entrySize > size)
      throw new Error(`tar member at byte ${offset} runs past the end of the file`);
    if (type === "L" || type === "x") {
      const data = Buffer.alloc(Math.min(entrySize, 1 << 20));
      await fh.read(data, 0, data.length, dataOffset);
      longName = type === "L" ? cString(data) : paxPath(data.toString("utf8"));
    } else {
      const prefix = cString(header.subarray(345, 500));
      const base = cString(header.subarray(0, 100));
      const name = longName ?? (prefix ? `${prefix}/${base}` : base);
      longName = null;
      if (type === "0" || type === "\0" || type === "7")
        members.push({ name: name.replace(/^\.\//, ""), offset: dataOffset, size: entrySize });
    }
    offset = dataOffset + Math.ceil(entrySize / 512) * 512;
  }
  return members;
}

function cString(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end === -1 ? b.length : end).toString("utf8");
}

function parseOctal(b: Buffer): number | null {
  if ((b[0] ?? 0) & 0x80) {
    // GNU base-256 for sizes over 8 GiB
    let n = 0;
    for (let i = 1; i < b.length; i++) n = n * 256 + (b[i] ?? 0);
    return n;
  }
  const text = cString(b).trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) return null;
  return Number.parseInt(text, 8);
}

function paxPath(records: string): string | null {
  for (const line of records.split("\n")) {
    const m = /^\d+ path=(.*)$/.exec(line);
    if (m) return m[1]!;
  }
  return null;
}
