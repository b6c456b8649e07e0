import { purl } from "../../../core/purl.ts";
import type { CatalogReader, ImageFile, Package, Problem, ReadResult } from "../types.ts";

/**
 * Installed Ruby gems: `<gem home>/specifications/<name>-<version>.gemspec` (and
 * `specifications/default/` for the default gems bundled with Ruby). These files are Ruby source
 * written by RubyGems (`Gem::Specification#to_ruby`); they are read line by line for the
 * `s.name = "x"` / `s.version = "1.2.3"` assignments, never evaluated:
 *
 *   Gem::Specification.new do |s|
 *     s.name = "rake".freeze
 *     s.version = "13.0.6"
 *     s.licenses = ["MIT".freeze]
 *
 * The block variable may have any name (`s`, `spec`, `gem`); the two-argument form
 * `Gem::Specification.new "name", "1.0" do |s|` is read too.
 */

const MAX_BYTES = 4 * 1024 * 1024;
/** Lines longer than this are not the generated assignments we look for. */
const MAX_LINE = 4096;

export const reader: CatalogReader = {
  meta: {
    id: "gem",
    title: "Ruby gems (installed gemspecs)",
    docsUrl: "https://guides.rubygems.org/specification-reference/",
    kind: "language",
    sources: ["image", "dir"],
  },
  maxFileBytes: MAX_BYTES,
  wants(path) {
    if (!path.endsWith(".gemspec")) return false;
    const slash = path.lastIndexOf("/");
    if (slash <= 0) return false;
    const dir = path.slice(0, slash);
    return dir.endsWith("/specifications") || dir.endsWith("/specifications/default");
  },
  read(files) {
    const result: ReadResult = { packages: [], problems: [] };
    for (const file of files) {
      const out = readGemspec(file);
      if ("reason" in out) result.problems.push(out);
      else result.packages.push(out);
    }
    return result;
  },
};

const NEW_BLOCK = /Gem::Specification\.new\b(.*?)\bdo\s*\|\s*(\w+)\s*\|/;
const NEW_ARGS = /^\s*\(?\s*(["'])([^"']*)\1\s*,\s*(["'])([^"']*)\3/;
const ASSIGN = /^\s*(\w+)\.(name|version|licenses?|platform)\s*=\s*(.*)$/;
const STRING = /(["'])([^"'\\]*)\1/g;

export function readGemspec(file: ImageFile): Package | Problem {
  const problem = (reason: string, line?: number): Problem => ({
    path: file.path,
    reason: line ? `line ${line}: ${reason}` : reason,
    layer: file.layer,
  });
  if (file.content.length > MAX_BYTES)
    return problem(`gemspec is ${file.content.length} bytes, over the ${MAX_BYTES} limit`);
  if (file.content.includes(0)) return problem("gemspec is binary (contains NUL bytes)");
  const lines = file.content.toString("utf8").split("\n");
  let variable: string | null = null;
  let name: string | null = null;
  let version: string | null = null;
  let platform: string | null = null;
  const licenses: string[] = [];
  let blockLine = 0;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.length > MAX_LINE) continue;
    if (variable === null) {
      const m = NEW_BLOCK.exec(line);
      if (!m) continue;
      variable = m[2]!;
      blockLine = i + 1;
      const args = NEW_ARGS.exec(m[1]!);
      if (args) {
        name = args[2]!;
        version = args[4]!;
      }
      continue;
    }
    const m = ASSIGN.exec(line);
    if (!m || m[1] !== variable) continue;
    const field = m[2]!;
    const values = [...m[3]!.matchAll(STRING)].map((s) => s[2]!);
    if (field === "name" && values[0] !== undefined) name = values[0];
    else if (field === "version" && values[0] !== undefined) version = values[0];
    else if (field === "platform" && values[0] !== undefined) platform = values[0];
    else if (field === "license" || field === "licenses")
      for (const v of values) if (v !== "" && !licenses.includes(v)) licenses.push(v);
  }
  if (variable === null) return problem("no `Gem::Specification.new do |s|` block");
  if (!name) return problem("gemspec has no `name` assignment", blockLine);
  if (!version) return problem(`gemspec of ${name} has no \`version\` assignment`, blockLine);
  if (/\s/.test(name) || /\s/.test(version))
    return problem(
      `gemspec has an invalid name or version: ${JSON.stringify(`${name} ${version}`)}`,
      blockLine,
    );
  const qualifiers = platform && platform !== "ruby" ? { platform } : {};
  const pkg: Package = {
    type: "gem",
    name,
    version,
    purl: purl({ type: "gem", name, version, qualifiers }),
    path: file.path,
    layer: file.layer,
  };
  if (licenses.length > 0) pkg.licenses = licenses;
  if (platform && platform !== "ruby") pkg.metadata = { platform };
  return pkg;
}
