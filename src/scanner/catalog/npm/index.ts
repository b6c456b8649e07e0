import { purl } from "../../../core/purl.ts";
import type { CatalogReader, ImageFile, Package, Problem, ReadResult } from "../types.ts";

/**
 * Installed npm packages: one `package.json` per package folder, i.e. exactly
 * `<anything>/node_modules/<name>/package.json` or `<anything>/node_modules/@scope/<name>/package.json`.
 * Deeper files (`node_modules/x/lib/package.json`, test fixtures) are not package roots and are
 * not wanted. Nested copies (`node_modules/a/node_modules/b`) are separate installs and each is
 * reported with its own path.
 */

const MAX_BYTES = 32 * 1024 * 1024;
const SUFFIX = "/package.json";

/** Whether `path` is the manifest at the root of a package folder under node_modules. */
export function isPackageManifest(path: string): boolean {
  if (!path.endsWith(SUFFIX)) return false;
  const dirEnd = path.length - SUFFIX.length;
  const nameStart = path.lastIndexOf("/", dirEnd - 1) + 1;
  if (nameStart <= 0) return false;
  const name = path.slice(nameStart, dirEnd);
  if (!validSegment(name) || name.startsWith("@")) return false;
  const parentEnd = nameStart - 1;
  const parentStart = path.lastIndexOf("/", parentEnd - 1) + 1;
  const parent = path.slice(parentStart, parentEnd);
  if (parent === "node_modules") return parentStart > 0 || path.startsWith("node_modules/");
  if (!parent.startsWith("@") || !validSegment(parent.slice(1))) return false;
  if (parentStart <= 0) return false;
  const grandEnd = parentStart - 1;
  const grandStart = path.lastIndexOf("/", grandEnd - 1) + 1;
  return path.slice(grandStart, grandEnd) === "node_modules";
}

function validSegment(s: string): boolean {
  return s.length > 0 && !s.startsWith(".") && !s.startsWith("_");
}

export const reader: CatalogReader = {
  meta: {
    id: "npm",
    title: "npm packages installed in node_modules",
    docsUrl: "https://docs.npmjs.com/cli/v10/configuring-npm/package-json",
    kind: "language",
    sources: ["image", "dir"],
  },
  maxFileBytes: MAX_BYTES,
  wants(path) {
    return isPackageManifest(path);
  },
  read(files) {
    const result: ReadResult = { packages: [], problems: [] };
    for (const file of files) {
      const out = readManifest(file);
      if (out === null) continue;
      if ("reason" in out) result.problems.push(out);
      else result.packages.push(out);
    }
    return result;
  },
};

/** One manifest: a package, a problem, or null for a file that is legitimately not a package. */
export function readManifest(file: ImageFile): Package | Problem | null {
  const problem = (reason: string): Problem => ({ path: file.path, reason, layer: file.layer });
  if (file.content.length > MAX_BYTES)
    return problem(`package.json is ${file.content.length} bytes, over the ${MAX_BYTES} limit`);
  let doc: unknown;
  try {
    doc = JSON.parse(stripBom(file.content.toString("utf8")));
  } catch (err) {
    return problem(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isObject(doc)) return problem("package.json is not a JSON object");
  const name = doc["name"];
  const version = doc["version"];
  if (typeof name !== "string" || name.trim() === "") {
    if (doc["private"] === true && version === undefined) return null;
    return problem("package.json has no name");
  }
  if (typeof version !== "string" || version.trim() === "") {
    // Private workspace roots often carry no version; they are not installable packages.
    if (doc["private"] === true) return null;
    return problem(`package.json of ${name} has no version`);
  }
  const parsed = splitName(name.trim());
  if (parsed === null) return problem(`package.json has an invalid name: ${JSON.stringify(name)}`);
  const pkg: Package = {
    type: "npm",
    name: name.trim(),
    version: version.trim(),
    purl: purl({
      type: "npm",
      namespace: parsed.scope,
      name: parsed.name,
      version: version.trim(),
    }),
    path: file.path,
    layer: file.layer,
  };
  const licenses = licensesOf(doc);
  if (licenses.length > 0) pkg.licenses = licenses;
  return pkg;
}

/** `@scope/name` -> { scope: "@scope", name }, `name` -> { scope: null, name }; null if malformed. */
export function splitName(name: string): { scope: string | null; name: string } | null {
  if (name.length > 214 * 2) return null;
  if (name.startsWith("@")) {
    const slash = name.indexOf("/");
    if (slash <= 1 || slash === name.length - 1 || name.indexOf("/", slash + 1) !== -1) return null;
    return { scope: name.slice(0, slash), name: name.slice(slash + 1) };
  }
  if (name.includes("/")) return null;
  return { scope: null, name };
}

/** `license: "MIT"`, `license: { type: "MIT" }`, or the legacy `licenses: [{ type }]`. */
export function licensesOf(doc: Record<string, unknown>): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === "string" && v.trim() !== "") out.push(v.trim());
    else if (isObject(v) && typeof v["type"] === "string" && v["type"].trim() !== "")
      out.push(v["type"].trim());
  };
  add(doc["license"]);
  const legacy = doc["licenses"];
  if (Array.isArray(legacy)) for (const l of legacy.slice(0, 100)) add(l);
  else add(legacy);
  return [...new Set(out)];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
