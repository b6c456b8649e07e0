/**
 * Parsers for the two metadata files a Java archive carries:
 * - META-INF/MANIFEST.MF (JAR File Specification, "Manifest Specification"): `Name: value`
 *   lines, continuation lines begin with one space, sections separated by blank lines; only the
 *   main section (the first) describes the archive itself.
 * - META-INF/maven/<groupId>/<artifactId>/pom.properties (written by maven-archiver): a
 *   java.util.Properties file with groupId, artifactId and version.
 */

/** Main-section attributes of a manifest; names as written (lookups are case-insensitive). */
export function parseManifest(text: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const lines = text.split(/\r\n|\r|\n/);
  let current: string | null = null;
  for (const line of lines) {
    if (line === "") break; // end of the main section
    if (line.startsWith(" ")) {
      if (current !== null) attrs.set(current, attrs.get(current)! + line.slice(1));
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) {
      current = null;
      continue;
    }
    current = line.slice(0, colon).trim().toLowerCase();
    attrs.set(current, line.slice(colon + 1).trim());
  }
  return attrs;
}

/** java.util.Properties.load for the cases Maven writes: comments, `=`/`:`/space separators, escapes, continuations. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const raw = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < raw.length; i++) {
    let line = raw[i]!.replace(/^[ \t\f]+/, "");
    if (line === "" || line.startsWith("#") || line.startsWith("!")) continue;
    // A line ending in an odd number of backslashes continues on the next one.
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < raw.length) {
      line = line.slice(0, -1) + raw[++i]!.replace(/^[ \t\f]+/, "");
    }
    let k = 0;
    let key = "";
    while (k < line.length) {
      const c = line[k]!;
      if (c === "\\" && k + 1 < line.length) {
        key += line.slice(k, k + 2);
        k += 2;
        continue;
      }
      if (c === "=" || c === ":" || c === " " || c === "\t" || c === "\f") break;
      key += c;
      k++;
    }
    let rest = line.slice(k).replace(/^[ \t\f]*/, "");
    if (rest.startsWith("=") || rest.startsWith(":")) rest = rest.slice(1).replace(/^[ \t\f]*/, "");
    out.set(unescapeProperty(key), unescapeProperty(rest));
  }
  return out;
}

function unescapeProperty(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, e: string) => {
    if (e.length === 5) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    return e === "t" ? "\t" : e === "n" ? "\n" : e === "r" ? "\r" : e === "f" ? "\f" : e;
  });
}

/**
 * Name and version from an archive's file name, Maven's `<artifactId>-<version>[-<classifier>].jar`
 * layout: the version starts at the first `-` followed by a digit ("commons-lang3-3.12.0.jar",
 * "guava-31.1-jre.jar", "spring-core-6.1.2.jar").
 */
export function nameFromFileName(fileName: string): { name: string; version: string | null } {
  const base = fileName.replace(/\.(jar|war|ear|jpi|hpi)$/i, "");
  const m = /^(.+?)-(\d[^/]*)$/.exec(base);
  if (m) return { name: m[1]!, version: m[2]! };
  return { name: base, version: null };
}
