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

const BLANK = /^\s*$/;

export function parseStanzas(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Stanza | null = null;
  let lastField: string | null = null;
  // The value of lastField so far, line by line: joined once the field ends (a long
  // Description is many lines; joining each as it comes costs a lookup and a string per line).
  let pieces: string[] = [];
  const endField = () => {
    if (lastField !== null && pieces.length > 1) current!.fields.set(lastField, pieces.join("\n"));
    lastField = null;
  };
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (BLANK.test(line)) {
      endField();
      current = null;
      continue;
    }
    if (current === null) {
      current = { line: lineNo, fields: new Map(), errors: [] };
      stanzas.push(current);
    }
    const first = line.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      if (lastField === null) {
        current.errors.push(`line ${lineNo}: continuation line without a field`);
        continue;
      }
      pieces.push(line.slice(1));
      continue;
    }
    endField();
    const colon = line.indexOf(":");
    const name = colon < 0 ? "" : line.slice(0, colon);
    if (!FIELD_NAME.test(name) || name[0] === "#" || name[0] === "-") {
      current.errors.push(`line ${lineNo}: not a "Field: value" line`);
      continue;
    }
    const key = name.toLowerCase();
    if (current.fields.has(key)) {
      current.errors.push(`line ${lineNo}: duplicate field ${name}`);
      continue;
    }
    const value = line.slice(colon + 1).trim();
    current.fields.set(key, value);
    lastField = key;
    pieces = [value];
  }
  endField();
  return stanzas;
}
