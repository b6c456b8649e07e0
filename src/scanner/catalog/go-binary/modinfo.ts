/**
 * Parses the module info text (runtime/debug.ParseBuildInfo's input): tab-separated lines
 *   path\t<main package path>
 *   mod\t<path>\t<version>[\t<sum>]      the main module
 *   dep\t<path>\t<version>[\t<sum>]      each dependency module
 *   =>\t<path>\t<version>\t<sum>         replaces the module on the previous line
 *   build\t<key>=<value>                 build settings (Go >= 1.18; keys/values may be quoted)
 * Unlike Go, a bad line does not discard the whole text: it is counted and skipped.
 */

export interface GoModule {
  path: string;
  version: string;
  sum: string;
  replace?: { path: string; version: string; sum: string };
}

export interface ModInfo {
  path: string;
  main: GoModule | null;
  deps: GoModule[];
  settings: Record<string, string>;
  badLines: string[];
}

const MAX_BAD = 5;

export function parseModInfo(text: string): ModInfo {
  const info: ModInfo = { path: "", main: null, deps: [], settings: {}, badLines: [] };
  const bad = (line: string, why: string) => {
    if (info.badLines.length < MAX_BAD)
      info.badLines.push(`${why}: ${JSON.stringify(line.slice(0, 80))}`);
  };
  let last: GoModule | null = null;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const tab = line.indexOf("\t");
    const word = tab < 0 ? line : line.slice(0, tab);
    const rest = tab < 0 ? "" : line.slice(tab + 1);
    switch (word) {
      case "path":
        info.path = rest;
        break;
      case "mod":
      case "dep": {
        const cols = rest.split("\t");
        if ((cols.length !== 2 && cols.length !== 3) || !cols[0]) {
          bad(line, "expected 2 or 3 columns");
          last = null;
          break;
        }
        const m: GoModule = { path: cols[0], version: cols[1] ?? "", sum: cols[2] ?? "" };
        if (word === "mod") info.main = m;
        else info.deps.push(m);
        last = m;
        break;
      }
      case "=>": {
        const cols = rest.split("\t");
        if (cols.length !== 3 || !cols[0]) bad(line, "expected 3 columns for replacement");
        else if (!last) bad(line, "replacement with no module on previous line");
        else last.replace = { path: cols[0], version: cols[1]!, sum: cols[2]! };
        last = null;
        break;
      }
      case "build": {
        const kv = parseSetting(rest);
        if (kv) info.settings[kv[0]] = kv[1];
        else bad(line, "malformed build setting");
        break;
      }
      default:
        // "go" (from BuildInfo.String) and future line kinds carry nothing we report.
        break;
    }
  }
  return info;
}

function parseSetting(kv: string): [string, string] | null {
  let key: string;
  let raw: string;
  if (kv.startsWith('"') || kv.startsWith("`")) {
    const q = quotedPrefix(kv);
    if (!q || kv[q.length] !== "=") return null;
    key = q.value;
    raw = kv.slice(q.length + 1);
  } else {
    const eq = kv.indexOf("=");
    if (eq <= 0) return null;
    key = kv.slice(0, eq);
    raw = kv.slice(eq + 1);
  }
  if (raw.startsWith('"') || raw.startsWith("`")) {
    const q = quotedPrefix(raw);
    if (!q || q.length !== raw.length) return null;
    return [key, q.value];
  }
  return [key, raw];
}

/** A Go quoted string at the start of s (strconv.QuotedPrefix + Unquote, for the escapes Go emits). */
function quotedPrefix(s: string): { value: string; length: number } | null {
  const q = s[0];
  if (q === "`") {
    const end = s.indexOf("`", 1);
    return end < 0 ? null : { value: s.slice(1, end), length: end + 1 };
  }
  let out = "";
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') return { value: out, length: i + 1 };
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = s[++i];
    const simple: Record<string, string> = {
      n: "\n",
      t: "\t",
      r: "\r",
      '"': '"',
      "\\": "\\",
      "'": "'",
      a: "\x07",
      b: "\b",
      f: "\f",
      v: "\v",
    };
    if (e !== undefined && e in simple) {
      out += simple[e];
      continue;
    }
    const hexLen = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    if (hexLen > 0) {
      const hex = s.slice(i + 1, i + 1 + hexLen);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLen) return null;
      const cp = Number.parseInt(hex, 16);
      if (cp > 0x10ffff) return null;
      out += String.fromCodePoint(cp);
      i += hexLen;
      continue;
    }
    return null;
  }
  return null;
}
