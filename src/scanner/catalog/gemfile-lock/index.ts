import { purl } from "../../../core/purl.ts";
import type { CatalogReader, ImageFile, Package, Problem, ReadResult } from "../types.ts";

/**
 * Bundler's Gemfile.lock (or gems.locked) of a directory scan. Sections start at column 0:
 *
 *   GEM                          a source: a gem server
 *     remote: https://rubygems.org/
 *     specs:
 *       nokogiri (1.15.4-x86_64-linux)      a locked gem, platform after the first "-"
 *         racc (~> 1.4)                     its dependencies (not packages themselves)
 *   GIT / PATH / PLUGIN SOURCE   other sources (remote, revision, branch, ... then specs:)
 *   PLATFORMS, DEPENDENCIES, RUBY VERSION, BUNDLED WITH, CHECKSUMS   not packages
 *
 * GEM and GIT specs are packages (GIT ones with the repository and revision in metadata);
 * PATH specs are local gems (the project's own gemspec, or a folder), not packages; plugin
 * sources are skipped. The platform goes to metadata and the purl's `platform` qualifier.
 */

const MAX_BYTES = 64 * 1024 * 1024;
const RUBYGEMS = "https://rubygems.org/";
/** `    name (version)` or `    name (version-platform)`: the version ends at the first "-". */
const SPEC = /^ {4}([^\s()]+) \(([^\s()-]+)(?:-([^\s()]+))?\)$/;
/** Gems unpacked into a gem home: <home>/gems/<name>-<version>/... */
const INSTALLED_GEM = /\/gems\/[^/]+-\d[^/]*\//;

export const reader: CatalogReader = {
  meta: {
    id: "gemfile-lock",
    title: "Bundler Gemfile.lock",
    docsUrl: "https://guides.rubygems.org/gemfile-lock/",
    kind: "language",
    sources: ["dir"],
  },
  maxFileBytes: MAX_BYTES,
  wants(path) {
    if (!path.endsWith("/Gemfile.lock") && !path.endsWith("/gems.locked")) return false;
    // Lockfiles shipped inside installed gems are not what the project installs.
    return !INSTALLED_GEM.test(path) && !path.includes("/vendor/bundle/");
  },
  read(files) {
    const result: ReadResult = { packages: [], problems: [] };
    for (const file of files) readLockfile(file, result);
    return result;
  },
};

interface Section {
  name: string;
  options: Record<string, string>;
  inSpecs: boolean;
}

const SOURCES = new Set(["GEM", "GIT", "PATH", "PLUGIN SOURCE"]);

function readLockfile(file: ImageFile, result: ReadResult): void {
  const problem = (reason: string): Problem => ({ path: file.path, reason, layer: file.layer });
  if (file.content.length > MAX_BYTES) {
    result.problems.push(
      problem(`Gemfile.lock is ${file.content.length} bytes, over the ${MAX_BYTES} limit`),
    );
    return;
  }
  if (file.content.includes(0)) {
    result.problems.push(problem("Gemfile.lock is binary (contains NUL bytes)"));
    return;
  }
  let text = file.content.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const seen = new Set<string>();
  let section: Section | null = null;
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    let line = lines[n]!;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.trim() === "") continue;
    if (/^(?:<{7}|={7}|>{7}|\|{7})(?: |$)/.test(line)) {
      result.problems.push(problem(`line ${lineNo}: merge conflict marker`));
      section = null;
      continue;
    }
    if (line[0] !== " ") {
      // A section header. Unknown upper-case ones are newer sections, skipped like the others.
      if (!/^[A-Z][A-Z ]*$/.test(line)) {
        result.problems.push(
          problem(
            `line ${lineNo}: expected a section header, found ${JSON.stringify(line.slice(0, 100))}`,
          ),
        );
        section = null;
        continue;
      }
      section = SOURCES.has(line) ? { name: line, options: {}, inSpecs: false } : null;
      continue;
    }
    if (section === null) continue;
    if (/^ {2}\S/.test(line)) {
      // Source options (`remote: x`, `revision: x`, ...) and `specs:`.
      const m = /^ {2}([a-z_]+):(?: (.*))?$/.exec(line);
      if (m === null) {
        result.problems.push(
          problem(
            `line ${lineNo}: unreadable ${section.name} line ${JSON.stringify(line.trim().slice(0, 100))}`,
          ),
        );
        continue;
      }
      if (m[1] === "specs") section.inSpecs = true;
      else if (section.options[m[1]!] === undefined) section.options[m[1]!] = m[2] ?? "";
      continue;
    }
    if (!section.inSpecs || !/^ {4}\S/.test(line)) continue; // dependencies of a spec: 6 spaces
    const m = SPEC.exec(line);
    if (m === null) {
      result.problems.push(
        problem(`line ${lineNo}: unreadable spec ${JSON.stringify(line.trim().slice(0, 100))}`),
      );
      continue;
    }
    if (section.name !== "GEM" && section.name !== "GIT") continue;
    const [, name, version, platform] = m as unknown as [
      string,
      string,
      string,
      string | undefined,
    ];
    const key = `${name}@${version}@${platform ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.packages.push(toPackage(file, name, version, platform, section));
  }
}

function toPackage(
  file: ImageFile,
  name: string,
  version: string,
  platform: string | undefined,
  section: Section,
): Package {
  const metadata: Record<string, unknown> = {};
  if (platform) metadata["platform"] = platform;
  const remote = section.options["remote"];
  if (section.name === "GIT") {
    const source: Record<string, string> = { type: "git" };
    for (const k of ["remote", "revision", "branch", "tag", "ref"])
      if (section.options[k]) source[k] = section.options[k];
    metadata["source"] = source;
  } else if (remote && remote !== RUBYGEMS && remote !== RUBYGEMS.slice(0, -1)) {
    metadata["source"] = { type: "gem", remote };
  }
  const pkg: Package = {
    type: "gem",
    name,
    version,
    purl: purl({ type: "gem", name, version, qualifiers: platform ? { platform } : {} }),
    path: file.path,
    layer: file.layer,
  };
  if (Object.keys(metadata).length > 0) pkg.metadata = metadata;
  return pkg;
}
