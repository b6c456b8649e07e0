import Table from "cli-table3";
import type { Package, Problem } from "../catalog/types.ts";
import type { InventoryReport } from "./inventory.ts";
import { normalizeReport } from "./json.ts";

export interface TableOptions {
  /** ANSI styles (bold headings, dim layer ids, yellow problems); off for pipes and files. */
  color: boolean;
}

/**
 * What a person reads in a terminal: the target, a count per package type, the packages, the
 * problems, and a one-line summary. Every value from the image is stripped of control
 * characters first, so a crafted package name cannot move the cursor or recolour the terminal.
 */
export function toTable(report: InventoryReport, opts: TableOptions): string {
  const r = normalizeReport(report);
  const s = styles(opts.color);
  const out: string[] = [];

  const t = r.target;
  const header: [string, string][] = [
    ["Target", `${t.ref} (${t.kind})`],
    ["Digest", t.digest ?? "-"],
    ["Platform", t.platform ?? "-"],
    ["OS", osText(r)],
    ["Layers", String(t.layers.length)],
    ["Scanned", `${r.createdAt} by ${r.tool.name} ${r.tool.version}`],
  ];
  for (const [k, v] of header) out.push(`${s.bold(`${k}:`.padEnd(10))}${clean(v)}`);
  out.push("");

  const counts = countByType(r.packages);
  if (counts.size > 0) {
    const summary = makeTable(s, ["Type", "Packages"], ["left", "right"]);
    for (const [type, n] of counts) summary.push([type, String(n)]);
    summary.push([s.bold("total"), s.bold(String(r.packages.length))]);
    out.push(summary.toString(), "");

    const packages = makeTable(s, ["Type", "Name", "Version", "Source", "Layer", "Path"]);
    for (const p of r.packages)
      packages.push([
        // A language package the OS package manager installed is matched through its OS package.
        p.osOwned ? `${p.type} ${s.dim("(os)")}` : p.type,
        clean(p.name),
        clean(p.version),
        clean(sourceText(p)),
        s.dim(layerText(p.layer)),
        clean(p.path),
      ]);
    out.push(packages.toString(), "");
  } else {
    out.push("No packages found.", "");
  }

  if (r.problems.length > 0) {
    out.push(s.yellow(s.bold(`Problems (${r.problems.length}): these parts could not be read`)));
    const problems = makeTable(s, ["Path", "Layer", "Reason"]);
    for (const p of r.problems)
      problems.push([clean(p.path), s.dim(layerText(p.layer)), s.yellow(clean(p.reason))]);
    out.push(problems.toString(), "");
  }

  out.push(summaryLine(r.packages, r.problems, s));
  return `${out.join("\n")}\n`;
}

/** e.g. `123 packages (deb 100, npm 23); partial: 2 problems`. */
function summaryLine(packages: Package[], problems: Problem[], s: Styles): string {
  const counts = [...countByType(packages)].map(([type, n]) => `${type} ${n}`);
  let line = plural(packages.length, "package");
  if (counts.length > 0) line += ` (${counts.join(", ")})`;
  const owned = packages.filter((p) => p.osOwned).length;
  if (owned > 0) line += `; ${owned} installed by the OS package manager, marked (os)`;
  if (problems.length > 0)
    line += `; ${s.yellow(`partial: ${plural(problems.length, "problem")}`)}`;
  return line;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function countByType(packages: Package[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of packages) counts.set(p.type, (counts.get(p.type) ?? 0) + 1);
  return counts;
}

function osText(r: InventoryReport): string {
  const os = r.target.os;
  if (!os) return "-";
  return (
    os.prettyName ??
    [os.id, os.versionId, os.versionCodename && `(${os.versionCodename})`].filter(Boolean).join(" ")
  );
}

/** The source package, shown only where it differs from the binary package. */
function sourceText(p: Package): string {
  if (!p.source) return "";
  if (p.source.name === p.name && p.source.version === p.version) return "";
  if (p.source.version === p.version) return p.source.name;
  return `${p.source.name} ${p.source.version}`;
}

/** `sha256:0123456789abcdef...` -> `0123456789ab`, as `docker history` shows ids. */
function layerText(layer: string | null | undefined): string {
  if (!layer) return "-";
  const hex = layer.slice(layer.indexOf(":") + 1);
  return clean(hex.slice(0, 12));
}

/** Replaces C0/C1 control characters (ESC, CR, LF, BEL, ...) and bidi overrides with U+FFFD. */
export function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "\ufffd");
}

interface Styles {
  bold(s: string): string;
  dim(s: string): string;
  yellow(s: string): string;
}

function styles(color: boolean): Styles {
  const wrap = (open: number, close: number) => (s: string) =>
    color ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return { bold: wrap(1, 22), dim: wrap(2, 22), yellow: wrap(33, 39) };
}

function makeTable(s: Styles, head: string[], colAligns?: ("left" | "right")[]): Table.Table {
  return new Table({
    head: head.map((h) => s.bold(h)),
    // cli-table3 would colour through @colors/colors; we style cells ourselves, so no colour here.
    style: { head: [], border: [], compact: true },
    ...(colAligns ? { colAligns } : {}),
  });
}
