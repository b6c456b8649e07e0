/**
 * What `drydock scan` does once its arguments are parsed; loaded only when a scan runs, so
 * other commands start without the scanner and its readers.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { SingleBar } from "cli-progress";
import { layerCache } from "../app/scan.ts";
import { DrydockError } from "../core/errors.ts";
import { READERS, READERS_VERSION } from "../scanner/catalog/api.ts";
import { scanDirectory } from "../scanner/directory.ts";
import { openTarget } from "../scanner/image/open.ts";
import type { RegistryCredentials } from "../scanner/image/registry-source.ts";
import { parsePlatform } from "../scanner/image/source.ts";
import { type ScanProgress, scanImage } from "../scanner/inventory.ts";
import type { InventoryReport } from "../scanner/report/inventory.ts";
import { toJson } from "../scanner/report/json.ts";
import { toTable } from "../scanner/report/table.ts";

import { EXIT_PARTIAL, type ScanOptions } from "./scan.ts";
import { VERSION } from "./version.ts";

export async function scanRef(ref: string, opts: ScanOptions): Promise<InventoryReport> {
  const target = openTarget(ref, {
    credentials: credentialsFor(ref, opts),
    plainHttp: opts.plainHttp,
  });
  const now = new Date();
  if (target.kind === "dir") {
    const bar = progress("files");
    try {
      return await scanDirectory(resolve(target.path), target.ref, {
        readers: READERS,
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
  const bar = progress("bytes");
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
      readers: READERS,
      readersVersion: READERS_VERSION,
      platform: parsePlatform(opts.platform ?? "linux/amd64"),
      version: VERSION,
      now,
      limits: { maxLayerBytes, maxEntries: 2_000_000 },
      ...(opts.cache === false ? {} : { cache: layerCache(opts.cacheDir ?? defaultCacheDir()) }),
      progress: onProgress,
    });
  } finally {
    bar?.stop();
    await target.source.close();
  }
}

export async function finish(report: InventoryReport, opts: ScanOptions): Promise<void> {
  // The CycloneDX and SPDX builders are loaded only when asked for.
  const text =
    opts.format === "json"
      ? toJson(report)
      : opts.format === "cyclonedx"
        ? (await import("../scanner/report/cyclonedx.ts")).toCycloneDx(report)
        : opts.format === "spdx"
          ? (await import("../scanner/report/spdx.ts")).toSpdx(report)
          : toTable(report, { color: Boolean(process.stdout.isTTY) && !opts.output });
  if (opts.output) writeFileSync(opts.output, text.endsWith("\n") ? text : `${text}\n`);
  else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  for (const p of report.problems) {
    process.stderr.write(`drydock: problem: ${p.path}: ${p.reason}\n`);
  }
  if (report.partial) process.exitCode = EXIT_PARTIAL;
}

/** A progress bar on standard error, only for a person at a terminal. */
function progress(unit: "bytes" | "files"): SingleBar | null {
  if (!process.stderr.isTTY) return null;
  const bar = new SingleBar({
    stream: process.stderr,
    format:
      unit === "bytes"
        ? "scanning {bar} {value_mb} MB read {step}"
        : "scanning {bar} {value} files",
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(0, 0, { step: "", value_mb: "0" });
  return bar;
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
