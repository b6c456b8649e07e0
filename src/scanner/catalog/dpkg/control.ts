/**
 * Debian control-file syntax (Debian Policy 5.1): stanzas of `Field: value` lines separated by
 * one or more blank lines; a line starting with a space or tab continues the previous field.
 * Field names are case-insensitive and stored here lowercased.
 */
export interface Stanza {
  /** 1-based line of the stanza's first field. */
  line: number;
  fields: Map<string, string>;
  /** Line-numbered reasons the stanza is malformed; empty when well formed. */
  errors: string[];
}

// Policy 5.1: any US-ASCII printable except space and colon, not starting with # or -.
const FIELD_NAME = /^[!-9;-~][!-9;-~]*$/;

export function parseStanzas(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Stanza | null = null;
  let lastField: string | null = null;
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i]!.endsWith("\r") ? lines[i]!.slice(0, -1) : lines[i]!;
    if (line.trim() === "") {
      current = null;
      lastField = null;
      continue;
    }
    if (current === null) {
      current = { line: lineNo, fields: new Map(), errors: [] };
      stanzas.push(current);
    }
    if (line[0] === " " || line[0] === "\t") {
      if (lastField === null) {
        current.errors.push(`line ${lineNo}: continuation line without a field`);
        continue;
      }
      current.fields.set(lastField, `${current.fields.get(lastField)}\n${line.slice(1)}`);
      continue;
    }
    const colon = line.indexOf(":");
    const name = colon < 0 ? "" : line.slice(0, colon);
    if (!FIELD_NAME.test(name) || name[0] === "#" || name[0] === "-") {
      current.errors.push(`line ${lineNo}: not a "Field: value" line`);
      lastField = null;
      continue;
    }
    const key = name.toLowerCase();
    if (current.fields.has(key)) {
      current.errors.push(`line ${lineNo}: duplicate field ${name}`);
      lastField = null;
      continue;
    }
    current.fields.set(key, line.slice(colon + 1).trim());
    lastField = key;
  }
  return stanzas;
}
