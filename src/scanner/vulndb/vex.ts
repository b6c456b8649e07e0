/**
 * OpenVEX documents (https://github.com/openvex/spec, v0.2.0; the earlier 0.0.x layout too) as
 * input: statements saying whether a vulnerability affects a product. Only `not_affected`
 * suppresses a finding (see suppress.ts); the other statuses matter because a later statement
 * for the same vulnerability and product overrides an earlier one.
 *
 * What is checked (an error names the file and the statement): the `@context` is OpenVEX's,
 * every statement has a vulnerability, a status from the spec, at least one product and a
 * timestamp (its own or the document's); a `not_affected` statement has a `justification` from
 * the spec's list or an `impact_statement` (the spec requires one of them). Unknown keys in a
 * statement, a product or a vulnerability are errors (the spec's schema allows none, and a typo
 * such as `subcomponent` would otherwise widen a statement to the whole image); document-level
 * extras are ignored.
 */

export const VEX_STATUSES = ["not_affected", "affected", "fixed", "under_investigation"] as const;
export type VexStatus = (typeof VEX_STATUSES)[number];

export const VEX_JUSTIFICATIONS = [
  "component_not_present",
  "vulnerable_code_not_present",
  "vulnerable_code_not_in_execute_path",
  "vulnerable_code_cannot_be_controlled_by_adversary",
  "inline_mitigations_already_exist",
] as const;
export type VexJustification = (typeof VEX_JUSTIFICATIONS)[number];

/** A product or subcomponent: every identifier it was given. */
export interface VexComponent {
  /**
   * `@id` (a purl, an image reference, an IRI), `identifiers.purl`, `identifiers.cpe22/cpe23`,
   * and `hashes.sha-256/384/512` written as a digest (`sha256:<hex>`).
   */
  ids: string[];
}

export interface VexProduct extends VexComponent {
  /** Empty: the statement is about the product as a whole. */
  subcomponents: VexComponent[];
}

export interface VexStatement {
  vulnerability: { name: string; aliases: string[] };
  products: VexProduct[];
  status: VexStatus;
  justification: VexJustification | null;
  impactStatement: string | null;
  /** When the statement was made (its `last_updated`, else `timestamp`, else the document's), ISO 8601. */
  timestamp: string;
  /** Position in the document, 0-based: orders statements with the same timestamp. */
  index: number;
}

export interface VexError {
  error: string;
}

const STATEMENT_KEYS = new Set([
  "@id",
  "version",
  "vulnerability",
  "timestamp",
  "last_updated",
  "products",
  "status",
  "supplier",
  "status_notes",
  "justification",
  "impact_statement",
  "action_statement",
  "action_statement_timestamp",
  // OpenVEX 0.0.x: subcomponents of every product, at the statement level.
  "subcomponents",
]);
const COMPONENT_KEYS = new Set(["@id", "identifiers", "hashes"]);
const PRODUCT_KEYS = new Set([...COMPONENT_KEYS, "subcomponents"]);
const VULNERABILITY_KEYS = new Set(["@id", "name", "description", "aliases"]);
const HASHES: Record<string, string> = {
  "sha-256": "sha256",
  "sha-384": "sha384",
  "sha-512": "sha512",
};

/** Parses the JSON text of an OpenVEX document read from `file`. */
export function parseVex(text: string, file: string): VexStatement[] | VexError {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { error: `${file}: not valid JSON: ${(err as Error).message}` };
  }
  const fail = (where: string, message: string): VexError => ({
    error: `${file}: ${where}${where ? ": " : ""}${message}`,
  });
  if (!isObject(doc)) return fail("", "not an OpenVEX document (expected a JSON object)");
  const context = doc["@context"];
  if (typeof context !== "string" || !/^https:\/\/openvex\.dev\/ns(\/|$)/.test(context))
    return fail("", '"@context" is not https://openvex.dev/ns/...: not an OpenVEX document');
  const docTime = doc.timestamp;
  if (docTime !== undefined && !isTimestamp(docTime))
    return fail("timestamp", `not an RFC 3339 date-time: ${JSON.stringify(docTime)}`);
  const statements = doc.statements;
  if (!Array.isArray(statements)) return fail("", '"statements" must be a list');

  const out: VexStatement[] = [];
  for (const [index, raw] of statements.entries()) {
    let where = `statements[${index}]`;
    if (!isObject(raw)) return fail(where, "expected an object");
    for (const key of Object.keys(raw))
      if (!STATEMENT_KEYS.has(key)) return fail(where, `unknown key "${key}"`);

    const vulnerability = parseVulnerability(raw.vulnerability);
    if ("error" in vulnerability) return fail(`${where}.vulnerability`, vulnerability.error);
    where += ` (${vulnerability.name})`;

    const status = raw.status;
    if (typeof status !== "string" || !(VEX_STATUSES as readonly string[]).includes(status))
      return fail(
        where,
        `"status" must be one of ${VEX_STATUSES.join(", ")}, got ${JSON.stringify(status)}`,
      );

    const justification = raw.justification;
    if (
      justification !== undefined &&
      (typeof justification !== "string" ||
        !(VEX_JUSTIFICATIONS as readonly string[]).includes(justification))
    )
      return fail(
        where,
        `"justification" must be one of ${VEX_JUSTIFICATIONS.join(", ")}, got ${JSON.stringify(justification)}`,
      );
    const impact = raw.impact_statement;
    if (impact !== undefined && typeof impact !== "string")
      return fail(where, '"impact_statement" must be a string');
    const impactStatement =
      typeof impact === "string" && impact.trim() !== "" ? impact.trim() : null;
    if (status === "not_affected" && justification === undefined && impactStatement === null)
      return fail(
        where,
        'a not_affected statement needs a "justification" or an "impact_statement"',
      );

    // 0.0.x put subcomponents next to the products; they belong to each product.
    let shared: VexComponent[] = [];
    if (raw.subcomponents !== undefined) {
      const list = parseComponents(raw.subcomponents, COMPONENT_KEYS);
      if ("error" in list) return fail(`${where}.subcomponents`, list.error);
      shared = list.components;
    }
    if (!Array.isArray(raw.products) || raw.products.length === 0)
      return fail(where, 'no "products": a statement must name what it is about');
    const products: VexProduct[] = [];
    for (const [p, product] of raw.products.entries()) {
      const at = `${where}.products[${p}]`;
      const parsed = parseComponent(product, PRODUCT_KEYS);
      if ("error" in parsed) return fail(at, parsed.error);
      let subcomponents = [...shared];
      if (isObject(product) && product.subcomponents !== undefined) {
        const list = parseComponents(product.subcomponents, COMPONENT_KEYS);
        if ("error" in list) return fail(`${at}.subcomponents`, list.error);
        subcomponents = [...list.components, ...shared];
      }
      products.push({ ids: parsed.ids, subcomponents });
    }

    const own = raw.last_updated ?? raw.timestamp;
    if (own !== undefined && !isTimestamp(own))
      return fail(where, `not an RFC 3339 date-time: ${JSON.stringify(own)}`);
    const timestamp = (own ?? docTime) as string | undefined;
    if (timestamp === undefined)
      return fail(where, "no timestamp (neither the statement nor the document has one)");

    out.push({
      vulnerability,
      products,
      status: status as VexStatus,
      justification: (justification as VexJustification | undefined) ?? null,
      impactStatement,
      timestamp,
      index,
    });
  }
  return out;
}

function parseVulnerability(v: unknown): { name: string; aliases: string[] } | VexError {
  // OpenVEX 0.0.x: the vulnerability was a string.
  if (typeof v === "string") {
    return v.trim() === "" ? { error: "must not be empty" } : { name: v.trim(), aliases: [] };
  }
  if (!isObject(v)) return { error: "expected an object with a name" };
  for (const key of Object.keys(v))
    if (!VULNERABILITY_KEYS.has(key)) return { error: `unknown key "${key}"` };
  const aliases: string[] = [];
  if (v.aliases !== undefined) {
    if (!Array.isArray(v.aliases) || !v.aliases.every((a) => typeof a === "string"))
      return { error: '"aliases" must be a list of strings' };
    for (const a of v.aliases) if (a.trim() !== "") aliases.push(a.trim());
  }
  let name = typeof v.name === "string" ? v.name.trim() : "";
  const iri = typeof v["@id"] === "string" ? v["@id"].trim() : "";
  if (name === "" && iri !== "") {
    // A vulnerability known only by its `@id`: the id itself, or the last path segment of a
    // URL such as https://nvd.nist.gov/vuln/detail/CVE-2021-44228.
    name = iri;
    const last = /^https?:\/\/[^?#]*\/([^/?#]+)\/?(?:[?#].*)?$/.exec(iri)?.[1];
    if (last) {
      try {
        aliases.push(decodeURIComponent(last));
      } catch {
        aliases.push(last);
      }
    }
  }
  if (name === "") return { error: 'missing "name"' };
  return { name, aliases: [...new Set(aliases.filter((a) => a !== name))] };
}

function parseComponents(
  list: unknown,
  keys: Set<string>,
): { components: VexComponent[] } | VexError {
  if (!Array.isArray(list)) return { error: "must be a list" };
  const components: VexComponent[] = [];
  for (const [i, item] of list.entries()) {
    const c = parseComponent(item, keys);
    if ("error" in c) return { error: `[${i}]: ${c.error}` };
    components.push(c);
  }
  return { components };
}

function parseComponent(c: unknown, keys: Set<string>): VexComponent | VexError {
  // OpenVEX 0.0.x: products and subcomponents were strings.
  if (typeof c === "string") return c.trim() === "" ? { error: "empty" } : { ids: [c.trim()] };
  if (!isObject(c)) return { error: "expected an object or a string" };
  for (const key of Object.keys(c)) if (!keys.has(key)) return { error: `unknown key "${key}"` };
  const ids: string[] = [];
  if (c["@id"] !== undefined) {
    if (typeof c["@id"] !== "string") return { error: '"@id" must be a string' };
    ids.push(c["@id"].trim());
  }
  if (c.identifiers !== undefined) {
    if (!isObject(c.identifiers)) return { error: '"identifiers" must be an object' };
    for (const value of Object.values(c.identifiers))
      if (typeof value === "string") ids.push(value.trim());
  }
  if (c.hashes !== undefined) {
    if (!isObject(c.hashes)) return { error: '"hashes" must be an object' };
    for (const [alg, value] of Object.entries(c.hashes)) {
      const name = HASHES[alg.toLowerCase()];
      if (name && typeof value === "string") ids.push(`${name}:${value.trim().toLowerCase()}`);
    }
  }
  const unique = [...new Set(ids.filter((id) => id !== ""))];
  if (unique.length === 0) return { error: "no identifier (@id, identifiers.purl or hashes)" };
  return { ids: unique };
}

/** The reason a VEX suppression shows: the justification, then the impact statement. */
export function vexReason(s: Pick<VexStatement, "justification" | "impactStatement">): string {
  return [s.justification, s.impactStatement].filter((x) => x !== null).join(": ");
}

/** The justification label a reason made by vexReason starts with, if any. */
export function vexJustificationOf(reason: string): VexJustification | null {
  const head = reason.split(":", 1)[0]!;
  return (VEX_JUSTIFICATIONS as readonly string[]).includes(head)
    ? (head as VexJustification)
    : null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** RFC 3339 date-time (with a time zone), as the OpenVEX schema asks. */
function isTimestamp(v: unknown): v is string {
  return (
    typeof v === "string" &&
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(v) &&
    !Number.isNaN(Date.parse(v))
  );
}
