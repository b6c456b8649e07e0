import type { CatalogReader, ImageFile, OsInfo, Problem, ReadResult } from "../types.ts";

/**
 * os-release(5): a newline-separated list of shell-compatible `KEY=value` assignments; values
 * may be double- or single-quoted, shell special characters are backslash-escaped, no variable
 * expansion, no concatenation, `#` lines are comments. /etc/os-release takes precedence over
 * /usr/lib/os-release and is used exclusively when it exists.
 */
const ETC = "/etc/os-release";
const USR_LIB = "/usr/lib/os-release";

export interface ParsedOsRelease {
  vars: Map<string, string>;
  /** Line-numbered reasons for lines that are not assignments. */
  errors: string[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses the file's text; bad lines are reported and skipped, never thrown. */
export function parseOsRelease(text: string): ParsedOsRelease {
  const vars = new Map<string, string>();
  const errors: string[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const eq = line.indexOf("=");
    const key = eq < 0 ? "" : line.slice(0, eq);
    if (!KEY.test(key)) {
      errors.push(`line ${i + 1}: not a KEY=value assignment`);
      return;
    }
    const value = unquote(line.slice(eq + 1));
    if (value === null) {
      errors.push(`line ${i + 1}: ${key}: unterminated quote or text after the closing quote`);
      return;
    }
    vars.set(key, value);
  });
  return { vars, errors };
}

/** Shell-style value: "double" (\\ \" \$ \` escapes), 'single' (literal), or bare (\x escapes). */
export function unquote(value: string): string | null {
  const first = value[0];
  if (first === '"' || first === "'") {
    let out = "";
    for (let i = 1; i < value.length; i++) {
      const c = value[i]!;
      if (c === first) return value.slice(i + 1).trim() === "" ? out : null;
      if (c === "\\" && first === '"' && i + 1 < value.length) {
        const next = value[i + 1]!;
        // In double quotes the shell only treats \ specially before $ ` " \ (and newline).
        if (next === "$" || next === "`" || next === '"' || next === "\\") {
          out += next;
          i++;
          continue;
        }
      }
      out += c;
    }
    return null;
  }
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === "\\" && i + 1 < value.length) {
      out += value[++i];
      continue;
    }
    out += c;
  }
  return out.trimEnd();
}

function toOsInfo(vars: Map<string, string>): OsInfo {
  const get = (k: string): string | null => {
    const v = vars.get(k);
    return v === undefined || v === "" ? null : v;
  };
  return {
    // os-release(5): "If not set, a default of ID=linux may be used."
    id: get("ID") ?? "linux",
    versionId: get("VERSION_ID"),
    versionCodename: get("VERSION_CODENAME"),
    prettyName: get("PRETTY_NAME"),
    idLike: (get("ID_LIKE") ?? "").split(/\s+/).filter(Boolean),
  };
}

export const reader: CatalogReader = {
  meta: {
    id: "os-release",
    title: "os-release(5) operating system identification",
    docsUrl: "https://www.freedesktop.org/software/systemd/man/latest/os-release.html",
    kind: "os",
    sources: ["image", "dir"],
  },
  maxFileBytes: 64 * 1024,
  wants(path: string): boolean {
    return path === ETC || path === USR_LIB;
  },
  read(files: ImageFile[]): ReadResult {
    const problems: Problem[] = [];
    const ordered = [ETC, USR_LIB]
      .map((p) => files.find((f) => f.path === p))
      .filter((f): f is ImageFile => f !== undefined);
    for (const file of ordered) {
      const { vars, errors } = parseOsRelease(file.content.toString("utf8"));
      for (const reason of errors) problems.push({ path: file.path, reason, layer: file.layer });
      if (vars.size === 0) {
        // An empty or unreadable file identifies nothing; fall back rather than claim ID=linux.
        problems.push({ path: file.path, reason: "no KEY=value assignments", layer: file.layer });
        continue;
      }
      return { packages: [], problems, os: toOsInfo(vars) };
    }
    return { packages: [], problems };
  },
};
