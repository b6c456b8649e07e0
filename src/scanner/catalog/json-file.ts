import type { ImageFile } from "./types.ts";

/**
 * Parses a JSON manifest or lockfile that must be an object: size-checked, BOM-tolerant.
 * Returns the object, or the reason it cannot be read (naming `what` the file is).
 */
export function readJsonObject(
  file: ImageFile,
  what: string,
  maxBytes: number,
): { doc: Record<string, unknown> } | { problem: string } {
  if (file.content.length > maxBytes) {
    return { problem: `${what} is ${file.content.length} bytes, over the ${maxBytes} limit` };
  }
  let doc: unknown;
  try {
    const text = file.content.toString("utf8");
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    return { problem: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    return { problem: `${what} is not a JSON object` };
  }
  return { doc: doc as Record<string, unknown> };
}
