import { purl } from "../../../core/purl.ts";
import type { CatalogReader, ImageFile, Package, Problem, ReadResult } from "../types.ts";

/**
 * Installed Python distributions, read from their core metadata (email-header format):
 *   - `<name>-<version>.dist-info/METADATA` (wheels, PEP 376 / PEP 627),
 *   - `<name>.egg-info/PKG-INFO` (setuptools develop / sdist installs),
 *   - `<name>.egg-info` as a single file (distutils installs, e.g. Debian's python3-* packages),
 *   - `<name>.egg/EGG-INFO/PKG-INFO` (unzipped eggs).
 */

const MAX_BYTES = 8 * 1024 * 1024;
/** Headers end at the first blank line; a header block larger than this is not metadata. */
const MAX_HEADER_LINES = 20_000;
/** A legacy `License:` longer than this is the license text, not a name. */
const MAX_LICENSE_NAME = 120;

export const reader: CatalogReader = {
  meta: {
    id: "python",
    title: "Python packages (dist-info, egg-info)",
    docsUrl: "https://packaging.python.org/en/latest/specifications/core-metadata/",
    kind: "language",
    sources: ["image", "dir"],
  },
  maxFileBytes: MAX_BYTES,
  wants(path) {
    return (
      path.endsWith(".dist-info/METADATA") ||
      path.endsWith(".egg-info/PKG-INFO") ||
      path.endsWith(".egg/EGG-INFO/PKG-INFO") ||
      (path.endsWith(".egg-info") && path.lastIndexOf("/") < path.length - ".egg-info".length - 1)
    );
  },
  read(files) {
    const result: ReadResult = { packages: [], problems: [] };
    for (const file of files) {
      const out = readMetadata(file);
      if ("reason" in out) result.problems.push(out);
      else result.packages.push(out);
    }
    return result;
  },
};

export function readMetadata(file: ImageFile): Package | Problem {
  const problem = (reason: string): Problem => ({ path: file.path, reason, layer: file.layer });
  if (file.content.length > MAX_BYTES)
    return problem(`metadata is ${file.content.length} bytes, over the ${MAX_BYTES} limit`);
  if (file.content.includes(0)) return problem("metadata is binary (contains NUL bytes)");
  const headers = parseHeaders(file.content.toString("utf8"));
  const name = first(headers, "name");
  const version = first(headers, "version");
  if (!name) return problem("metadata has no Name header");
  if (!version) return problem(`metadata of ${name} has no Version header`);
  if (/\s/.test(name) || name.length > 256)
    return problem(`metadata has an invalid Name: ${JSON.stringify(name.slice(0, 80))}`);
  if (/\s/.test(version) || version.length > 256)
    return problem(
      `metadata of ${name} has an invalid Version: ${JSON.stringify(version.slice(0, 80))}`,
    );
  const pkg: Package = {
    type: "pypi",
    name,
    version,
    purl: purl({ type: "pypi", name, version }),
    path: file.path,
    layer: file.layer,
  };
  const licenses = licensesOf(headers);
  if (licenses.length > 0) pkg.licenses = licenses;
  return pkg;
}

/**
 * The header block of an RFC 822-style document: `Key: value` lines, continuation lines
 * starting with whitespace, ending at the first blank line (the body is the description).
 * Keys are lowercased; repeated keys keep every value in order.
 */
export function parseHeaders(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let key: string | null = null;
  let lineNo = 0;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start <= text.length && lineNo < MAX_HEADER_LINES) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    let line = text.slice(start, end);
    if (line.endsWith("\r")) line = line.slice(0, -1);
    start = end + 1;
    lineNo++;
    if (line.trim() === "") break;
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (key === null) continue;
      const values = headers.get(key)!;
      values[values.length - 1] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) {
      key = null;
      continue;
    }
    key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const values = headers.get(key);
    if (values) values.push(value);
    else headers.set(key, [value]);
  }
  return headers;
}

function first(headers: Map<string, string[]>, key: string): string {
  return headers.get(key)?.[0]?.trim() ?? "";
}

/**
 * License-Expression (metadata 2.4, PEP 639) wins; else a short legacy `License:` value; else
 * the names from `Classifier: License :: ...` (e.g. "License :: OSI Approved :: MIT License").
 */
export function licensesOf(headers: Map<string, string[]>): string[] {
  const expression = first(headers, "license-expression");
  if (expression) return [expression];
  const legacy = first(headers, "license");
  if (
    legacy &&
    legacy.toUpperCase() !== "UNKNOWN" &&
    !legacy.includes("\n") &&
    legacy.length <= MAX_LICENSE_NAME
  )
    return [legacy];
  const out: string[] = [];
  for (const c of headers.get("classifier") ?? []) {
    const parts = c.split("::").map((s) => s.trim());
    if (parts[0] !== "License" || parts.length < 2) continue;
    const last = parts[parts.length - 1]!;
    if (last === "OSI Approved" || last === "") continue;
    if (!out.includes(last)) out.push(last);
  }
  return out;
}
