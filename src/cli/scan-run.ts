/**
 * What `drydock scan` does once its arguments are parsed; loaded only when a scan runs, so
 * other commands start without the scanner and its readers.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { cleanScanCache, layerCache } from "../app/scan-cache.ts";
import { DrydockError } from "../core/errors.ts";
import { READERS_VERSION } from "../scanner/catalog/version.ts";
import { openTarget } from "../scanner/image/open.ts";
import type { RegistryCredentials } from "../scanner/image/registry-source.ts";
import { parsePlatform } from "../scanner/image/source.ts";
import { type ScanProgress, scanImage } from "../scanner/inventory.ts";
import type { InventoryReport } from "../scanner/report/inventory.ts";
import { toJson } from "../scanner/report/json.ts";
import type { SecretsReport } from "../secrets/report/json.ts";

import { formatBytes, terminalBar } from "./output.ts";
import { type CleanCacheOptions, EXIT_PARTIAL, type ScanOptions } from "./scan.ts";
import { VERSION } from "./version.ts";

export async function scanRef(ref: string, opts: ScanOptions): Promise<InventoryReport> {
  const target = await openTarget(ref, {
    credentials: credentialsFor(ref, opts),
    plainHttp: opts.plainHttp,
  });
  const now = new Date();
  if (target.kind === "dir") {
    const bar = await progress("files");
    try {
      const { scanDirectory } = await import("../scanner/directory.ts");
      return await scanDirectory(resolve(target.path), target.ref, {
        readers: await loadReaders(),
        version: VERSION,
        now,
        onFile: (n) => bar?.update(n),
      });
    } finally {
      bar?.stop();
    }
  }
  const maxLayerBytes = Number(opts.maxLayerBytes ?? 16 * 1024 ** 3);
  if (!Number.isSafeInteger(maxLayerBytes) || maxLayerBytes <= 0) {
    throw new DrydockError("UNSUPPORTED", "--max-layer-bytes must be a positive integer", {
      status: 400,
    });
  }
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const bar = await progress("bytes");
  let total = 0;
  const onProgress: ScanProgress = {
    layer: (index, count, diffId, cached) =>
      bar?.update({
        step: `layer ${index + 1}/${count} ${diffId.slice(7, 19)}${cached ? " (cached)" : ""}`,
      }),
    bytes: (n) => {
      total += n;
      bar?.update(total, { value_mb: (total / 1e6).toFixed(1) });
    },
  };
  try {
    return await scanImage(target.source, {
      readers: loadReaders,
      readersVersion: READERS_VERSION,
      platform: parsePlatform(opts.platform ?? "linux/amd64"),
      version: VERSION,
      now,
      limits: { maxLayerBytes, maxEntries: 2_000_000 },
      ...(opts.cache === false
        ? {}
        : { cache: layerCache(cacheDir, { onWriteError: (err) => cacheWarning(cacheDir, err) }) }),
      // Big executables wait in the cache folder (even with --no-cache): the scan writes nowhere else.
      spillDir: join(cacheDir, "spill"),
      progress: onProgress,
    });
  } finally {
    bar?.stop();
    await target.source.close();
  }
}

/** `drydock scan clean-cache`: says what it removed, and from where. */
export async function cleanCacheRun(opts: CleanCacheOptions): Promise<number> {
  const { durationOption } = await import("./duration.ts");
  const olderThanMs =
    opts.olderThan === undefined
      ? undefined
      : durationOption("--older-than", opts.olderThan) * 1000;
  const dir = resolve(opts.cacheDir ?? defaultCacheDir());
  const r = await cleanScanCache(dir, olderThanMs);
  const entries = (n: number) => `${n} ${n === 1 ? "entry" : "entries"}`;
  const kept = r.kept > 0 ? `; kept ${entries(r.kept)} newer than ${opts.olderThan}` : "";
  process.stdout.write(
    `drydock: removed ${entries(r.removed)} (${formatBytes(r.bytes)}) from ${dir}${kept}\n`,
  );
  return 0;
}

/** The scan goes on without its cache; the user learns why once, and which folder it is. */
function cacheWarning(dir: string, err: Error): void {
  process.stderr.write(
    `drydock: warning: cannot write the scan cache in ${dir} (${err.message}); this scan's results are not kept\n`,
  );
}

/** The package readers: loaded only when a scan reads something (not for a cached rescan). */
async function loadReaders() {
  return (await import("../scanner/catalog/api.ts")).READERS;
}

type Scanner = "packages" | "vulns" | "secrets";

/** Formats each scanner can write alone; several scanners together write table or json. */
const FORMATS: Record<Scanner, string[]> = {
  packages: ["table", "json", "cyclonedx", "spdx"],
  vulns: ["table", "json", "sarif", "cyclonedx"],
  secrets: ["table", "json", "sarif", "junit"],
};

/**
 * `drydock scan image|dir REF [--scanners packages,vulns,secrets]`: returns the exit code.
 * `--exit-code` (default 1 for secrets, 0 for vulnerabilities) when findings remain after the
 * filters; 3 when nothing was found but a part could not be read; 0 otherwise. Packages with
 * vulns in CycloneDX is one document: the components with their vulnerabilities.
 */
export async function scanCommandRun(ref: string, opts: ScanOptions): Promise<number> {
  const listed = (opts.scanners ?? "packages")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const known: Scanner[] = ref.startsWith("dir:")
    ? ["packages", "vulns"]
    : ["packages", "vulns", "secrets"];
  const unknown = listed.filter((s) => !(known as string[]).includes(s));
  if (ref.startsWith("dir:") && unknown.includes("secrets"))
    return usage(`for secrets in a directory, use drydock scan secrets ${ref.slice(4)}`);
  if (unknown.length > 0 || listed.length === 0)
    return usage(
      `--scanners takes ${known.join(", ")} (comma-separated), not "${unknown.join(",")}"`,
    );
  const scanners = new Set(listed as Scanner[]);
  const only = [...scanners];
  const allowed =
    only.length === 1
      ? FORMATS[only[0]!]
      : scanners.size === 2 && scanners.has("packages") && scanners.has("vulns")
        ? ["table", "json", "cyclonedx"]
        : ["table", "json"];
  if (!allowed.includes(opts.format))
    return usage(
      `--format ${opts.format} does not go with --scanners ${only.join(",")} (use ${allowed.join(", ")})`,
    );
  let failCode: number | null = null;
  if (opts.exitCode !== undefined) {
    failCode = Number(opts.exitCode);
    if (!Number.isInteger(failCode) || failCode < 0 || failCode > 255)
      return usage("--exit-code must be an integer from 0 to 255");
  }

  const inventory =
    scanners.has("packages") || scanners.has("vulns") ? await scanRef(ref, opts) : null;
  const vulns = scanners.has("vulns")
    ? await (await import("./scan-vulns.ts")).scanVulnerabilities(inventory!, opts)
    : null;
  const secrets = scanners.has("secrets") ? await scanImageSecretsRef(ref, opts) : null;

  const showSecrets = opts.showSecrets === true;
  const color = Boolean(process.stdout.isTTY) && !opts.output && !process.env.NO_COLOR;
  const parts: {
    key: string;
    title: string;
    json: () => Promise<string>;
    table: () => Promise<string>;
  }[] = [];
  if (inventory && scanners.has("packages"))
    parts.push({
      key: "packages",
      title: "Packages",
      json: async () => toJson(inventory),
      // Loaded for the table format only: it brings the table library.
      table: async () => (await import("../scanner/report/table.ts")).toTable(inventory, { color }),
    });
  if (vulns)
    parts.push({
      key: "vulnerabilities",
      title: "Vulnerabilities",
      json: async () => (await import("../scanner/report/vulns/json.ts")).toVulnJson(vulns),
      table: async () =>
        (await import("../scanner/report/vulns/table.ts")).toVulnTable(vulns, { color }),
    });
  if (secrets)
    parts.push({
      key: "secrets",
      title: "Secrets",
      json: async () =>
        (await import("../secrets/report/json.ts")).toJson(secrets, { showSecrets }),
      table: async () =>
        (await import("../secrets/report/table.ts")).toTable(secrets, { showSecrets, color }),
    });

  let text: string;
  if (opts.format === "table") {
    const tables = await Promise.all(parts.map((p) => p.table()));
    text =
      parts.length === 1
        ? tables[0]!
        : parts.map((p, i) => `${p.title}\n${tables[i]}`).join("\n\n");
  } else if (opts.format === "json") {
    const docs = await Promise.all(parts.map((p) => p.json()));
    text =
      parts.length === 1
        ? docs[0]!
        : `${JSON.stringify(Object.fromEntries(parts.map((p, i) => [p.key, JSON.parse(docs[i]!)])), null, 2)}\n`;
  } else if (opts.format === "sarif") {
    text = vulns
      ? (await import("../scanner/report/vulns/sarif.ts")).toVulnSarif(vulns)
      : (await import("../secrets/report/sarif.ts")).toSarif(secrets!, { showSecrets });
  } else if (opts.format === "junit") {
    text = (await import("../secrets/report/junit.ts")).toJunit(secrets!, { showSecrets });
  } else if (opts.format === "cyclonedx") {
    text = vulns
      ? (await import("../scanner/report/vulns/cyclonedx.ts")).toVulnCycloneDx(vulns)
      : (await import("../scanner/report/cyclonedx.ts")).toCycloneDx(inventory!);
  } else {
    text = (await import("../scanner/report/spdx.ts")).toSpdx(inventory!);
  }
  if (opts.output) writeFileSync(opts.output, text.endsWith("\n") ? text : `${text}\n`);
  else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);

  for (const p of inventory?.problems ?? [])
    process.stderr.write(`drydock: problem: ${p.path}: ${p.reason}\n`);
  for (const w of vulns?.warnings ?? []) process.stderr.write(`drydock: warning: ${w}\n`);
  for (const e of secrets?.errors ?? [])
    process.stderr.write(`drydock: error: ${e.path}: ${e.reason}\n`);
  const secretFail = failCode ?? 1;
  const vulnFail = failCode ?? 0;
  if (secrets && secrets.findings.length > 0 && secretFail !== 0) return secretFail;
  if (vulns && vulns.findings.length > 0 && vulnFail !== 0) return vulnFail;
  return inventory?.partial || (secrets?.errors.length ?? 0) > 0 ? EXIT_PARTIAL : 0;
}

function usage(message: string): number {
  process.stderr.write(`drydock: ${message}\n`);
  return 2;
}

/** Secrets in every layer (whiteouts not applied) and in the config of the image at `ref`. */
async function scanImageSecretsRef(ref: string, opts: ScanOptions): Promise<SecretsReport> {
  const { SecretEngine } = await import("../secrets/engine.ts");
  const { scanImageSecrets } = await import("../secrets/image.ts");
  const maxLayerBytes = Number(opts.maxLayerBytes ?? 16 * 1024 ** 3);
  if (!Number.isSafeInteger(maxLayerBytes) || maxLayerBytes <= 0) {
    throw new DrydockError("UNSUPPORTED", "--max-layer-bytes must be a positive integer", {
      status: 400,
    });
  }
  const target = await openTarget(ref, {
    credentials: credentialsFor(ref, opts),
    plainHttp: opts.plainHttp,
  });
  if (target.kind !== "image") throw new DrydockError("INVALID", `${ref} is not an image`);
  const engine = new SecretEngine();
  const bar = await progress("bytes");
  try {
    const r = await scanImageSecrets(target.source, engine, {
      platform: parsePlatform(opts.platform ?? "linux/amd64"),
      maxLayerBytes,
      onProgress: (p) =>
        bar?.update(p.bytes, {
          value_mb: (p.bytes / 1e6).toFixed(1),
          step: `secrets: layer ${p.layer + 1}/${p.layers}`,
        }),
    });
    return {
      tool: { name: "drydock", version: VERSION },
      // An image target: the report's path is the reference; findings name layer and field.
      target: { kind: "image", path: ref } as unknown as SecretsReport["target"],
      rules: engine.ruleMetas(),
      findings: r.findings,
      stats: {
        files: r.stats.files,
        bytes: r.stats.bytes,
        skipped: [],
        suppressed: { baseline: 0 },
      },
      errors: r.errors,
    };
  } finally {
    bar?.stop();
    await target.source.close();
  }
}

/** A progress bar on standard error, only for a person at a terminal. */
function progress(unit: "bytes" | "files") {
  return terminalBar(
    unit === "bytes" ? "scanning {bar} {value_mb} MB read {step}" : "scanning {bar} {value} files",
    { step: "", value_mb: "0" },
  );
}

function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "drydock", "layers");
}

/** Credentials from flags, else the Docker config file (`auths` entries; credential helpers are not run). */
function credentialsFor(ref: string, opts: ScanOptions): RegistryCredentials | null {
  if (/^(oci|docker-archive|dir):/.test(ref)) return null;
  if (opts.username) {
    const password = opts.passwordStdin
      ? readFileSync(0, "utf8").trim()
      : (process.env.DRYDOCK_REGISTRY_PASSWORD ?? "");
    return { username: opts.username, password };
  }
  const file =
    opts.authfile ??
    process.env.REGISTRY_AUTH_FILE ??
    join(process.env.DOCKER_CONFIG ?? join(homedir(), ".docker"), "config.json");
  let config: { auths?: Record<string, { auth?: string; username?: string; password?: string }> };
  try {
    config = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
  const host = ref.split("/")[0] ?? "";
  const keys =
    host.includes(".") || host.includes(":") || host === "localhost"
      ? [host, `https://${host}`, `http://${host}`]
      : ["https://index.docker.io/v1/", "docker.io"];
  for (const key of keys) {
    const entry = config.auths?.[key];
    if (!entry) continue;
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon > 0)
        return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (entry.username && entry.password)
      return { username: entry.username, password: entry.password };
  }
  return null;
}
