/**
 * What `drydock db ...` does once its arguments are parsed (loaded only then).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { openVulnStore, vulnDbPath } from "../app/scan.ts";
import { importEntries, localEntries } from "../scanner/vulndb/import.ts";
import {
  DEFAULT_ECOSYSTEMS,
  DEFAULT_MIRRORS,
  type EcosystemUpdate,
  redactUrl,
  type UpdateProgress,
  updateFromMirrors,
} from "../scanner/vulndb/update.ts";
import type { DbImportOptions, DbStatusOptions, DbUpdateOptions } from "./db.ts";
import { formatBytes, table, terminalBar } from "./output.ts";
import { EXIT_PARTIAL } from "./scan.ts";

function usage(message: string): number {
  process.stderr.write(`drydock: ${message}\n`);
  return 2;
}

function list(flag: string[] | undefined, env: string | undefined, fallback: readonly string[]) {
  if (flag && flag.length > 0)
    return flag
      .flatMap((s) => s.split(","))
      .map((s) => s.trim())
      .filter(Boolean);
  if (env)
    return env
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  return [...fallback];
}

export async function dbUpdate(opts: DbUpdateOptions): Promise<number> {
  if (opts.format !== "table" && opts.format !== "json")
    return usage("--format takes table or json");
  const mirrors = list(opts.mirror, process.env.DRYDOCK_OSV_MIRRORS, DEFAULT_MIRRORS);
  for (const m of mirrors)
    if (!/^(https?|file):\/\//.test(m))
      return usage(`mirror ${redactUrl(m)} is not an http(s):// or file:// URL`);
  const ecosystems = list(opts.ecosystem, process.env.DRYDOCK_OSV_ECOSYSTEMS, DEFAULT_ECOSYSTEMS);
  const store = openVulnStore(vulnDbPath(opts.db), { create: true });
  const bar = await progressBar();
  try {
    const results = await updateFromMirrors(store, {
      ecosystems,
      mirrors,
      now: new Date(),
      force: opts.force === true,
      onProgress: (e: UpdateProgress) => {
        if (!bar) return;
        if (e.kind === "download") {
          bar.setTotal(e.total ?? e.bytes);
          bar.update(e.bytes, { step: `${e.ecosystem}: downloading ${formatBytes(e.bytes)}` });
        } else {
          bar.setTotal(e.total);
          bar.update(e.done, { step: `${e.ecosystem}: importing ${e.done}/${e.total} records` });
        }
      },
    });
    bar?.stop();
    write(opts.format === "json" ? `${JSON.stringify(results, null, 2)}\n` : updateTable(results));
    for (const r of results) {
      if (r.status === "imported")
        for (const p of r.problems)
          process.stderr.write(`drydock: skipped ${p.entry}: ${p.reason}\n`);
      if (r.status === "failed")
        for (const e of r.errors) process.stderr.write(`drydock: ${r.ecosystem}: ${e}\n`);
    }
    return results.some((r) => r.status === "failed") ? 1 : 0;
  } finally {
    bar?.stop();
    store.close();
  }
}

function updateTable(results: EcosystemUpdate[]): string {
  const rows = results.map((r) =>
    r.status === "imported"
      ? [
          r.ecosystem,
          "imported",
          String(r.added),
          String(r.updated),
          String(r.removed),
          String(r.unchanged),
          String(r.problems.length),
        ]
      : r.status === "unchanged"
        ? [r.ecosystem, "unchanged", "0", "0", "0", "-", "0"]
        : [r.ecosystem, "FAILED", "-", "-", "-", "-", "-"],
  );
  return `${table(["ecosystem", "status", "added", "updated", "removed", "unchanged", "skipped"], rows)}\n`;
}

export async function dbImport(path: string, opts: DbImportOptions): Promise<number> {
  if (opts.format !== "table" && opts.format !== "json")
    return usage("--format takes table or json");
  const full = resolve(path);
  const entries = await localEntries(full);
  const store = openVulnStore(vulnDbPath(opts.db), { create: true });
  const bar = await progressBar();
  try {
    const result = importEntries(store, `import:${full}`, entries, {
      complete: true,
      state: {
        updatedAt: new Date().toISOString(),
        origin: full,
        etag: null,
        lastModified: null,
        sha256: null,
      },
      onProgress: (done, total) => {
        bar?.setTotal(total);
        bar?.update(done, { step: `importing ${done}/${total} records` });
      },
    });
    bar?.stop();
    write(
      opts.format === "json"
        ? `${JSON.stringify(result, null, 2)}\n`
        : `${table(
            ["source", "added", "updated", "removed", "unchanged", "withdrawn", "skipped"],
            [
              [
                full,
                result.added,
                result.updated,
                result.removed,
                result.unchanged,
                result.withdrawn,
                result.problems.length,
              ].map(String),
            ],
          )}\n`,
    );
    for (const p of result.problems)
      process.stderr.write(`drydock: skipped ${p.entry}: ${p.reason}\n`);
    return result.problems.length > 0 ? EXIT_PARTIAL : 0;
  } finally {
    bar?.stop();
    store.close();
  }
}

export async function dbStatus(opts: DbStatusOptions): Promise<number> {
  if (opts.format !== "table" && opts.format !== "json")
    return usage("--format takes table or json");
  const file = vulnDbPath(opts.db);
  if (!existsSync(file)) {
    process.stderr.write(
      `drydock: no vulnerability database at ${file}: run \`drydock db update\` or \`drydock db import\`\n`,
    );
    return 1;
  }
  const store = openVulnStore(file, { create: false });
  try {
    const now = Date.now();
    const sources = store.sources();
    const { records, bytes } = store.stats();
    if (opts.format === "json") {
      write(
        `${JSON.stringify(
          {
            file,
            records,
            bytes,
            sources: sources.map((s) => ({
              ...s,
              ageHours: Math.round((now - Date.parse(s.updatedAt)) / 36e5),
            })),
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const rows = sources.map((s) => [
      s.source,
      String(s.records),
      s.updatedAt,
      age(now - Date.parse(s.updatedAt)),
      redactUrl(s.origin),
    ]);
    write(
      `${table(["ecosystem", "records", "updated", "age", "from"], rows)}\n\n${records} records, ${formatBytes(bytes)} on disk (${file})\n`,
    );
    return 0;
  } finally {
    store.close();
  }
}

function age(ms: number): string {
  const h = ms / 36e5;
  if (h < 1) return `${Math.max(0, Math.round(ms / 60_000))} min`;
  if (h < 48) return `${Math.floor(h)} h`;
  return `${Math.floor(h / 24)} days`;
}

function write(text: string): void {
  process.stdout.write(text);
}

function progressBar() {
  return terminalBar("{bar} {step}", { step: "" });
}
