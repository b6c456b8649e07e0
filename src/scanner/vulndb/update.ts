import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type ImportResult, importEntries, zipEntries } from "./import.ts";
import type { VulnStore } from "./ports.ts";

/** The ecosystems `drydock db update` fetches unless told otherwise. */
export const DEFAULT_ECOSYSTEMS = [
  "Debian",
  "Ubuntu",
  "Alpine",
  "Red Hat",
  "npm",
  "PyPI",
  "Go",
  "Maven",
  "crates.io",
  "RubyGems",
  "Packagist",
  "NuGet",
] as const;

/** The official OSV bulk bucket: `<mirror>/<ECOSYSTEM>/all.zip`. */
export const DEFAULT_MIRRORS = ["https://osv-vulnerabilities.storage.googleapis.com"];

/** Largest archive accepted from a mirror (the biggest real one is a few hundred MB). */
export const MAX_ARCHIVE_BYTES = 2 * 1024 ** 3;

export interface UpdateOptions {
  ecosystems: readonly string[];
  /** Tried in order for each ecosystem until one answers: `https://`, `http://` or `file://`. */
  mirrors: readonly string[];
  now: Date;
  /** Re-download and re-import even when the mirror says nothing changed. */
  force?: boolean;
  fetch?: typeof fetch;
  timeoutMs?: number;
  onProgress?: (event: UpdateProgress) => void;
}

export type UpdateProgress =
  | { kind: "download"; ecosystem: string; bytes: number; total: number | null }
  | { kind: "import"; ecosystem: string; done: number; total: number };

export type EcosystemUpdate =
  | ({ ecosystem: string; status: "imported"; origin: string } & ImportResult)
  | { ecosystem: string; status: "unchanged"; origin: string }
  | { ecosystem: string; status: "failed"; errors: string[] };

/**
 * `drydock db update`: for every ecosystem, fetch `<mirror>/<ECOSYSTEM>/all.zip` from the first
 * mirror that has it, skip it when the mirror says it has not changed (ETag, Last-Modified, or
 * the same SHA-256 for file mirrors), check the archive whole, and import it incrementally.
 * An ecosystem that fails keeps its previous data; the others go on.
 */
export async function updateFromMirrors(
  store: VulnStore,
  opts: UpdateOptions,
): Promise<EcosystemUpdate[]> {
  const out: EcosystemUpdate[] = [];
  const previous = new Map(store.sources().map((s) => [s.source, s]));
  for (const ecosystem of opts.ecosystems) {
    const errors: string[] = [];
    let done: EcosystemUpdate | null = null;
    for (const mirror of opts.mirrors) {
      const url = `${mirror.replace(/\/+$/, "")}/${encodeURIComponent(ecosystem)}/all.zip`;
      try {
        const prev = opts.force ? undefined : previous.get(ecosystem);
        const got = await download(url, ecosystem, prev, opts);
        if (got === "unchanged") {
          done = { ecosystem, status: "unchanged", origin: url };
          break;
        }
        const sha256 = createHash("sha256").update(got.data).digest("hex");
        if (prev && prev.sha256 === sha256) {
          done = { ecosystem, status: "unchanged", origin: url };
          break;
        }
        const result = importEntries(
          store,
          ecosystem,
          zipEntries(got.data, `${ecosystem}/all.zip`),
          {
            complete: true,
            state: {
              updatedAt: opts.now.toISOString(),
              origin: url,
              etag: got.etag,
              lastModified: got.lastModified,
              sha256,
            },
            onProgress: (n, total) =>
              opts.onProgress?.({ kind: "import", ecosystem, done: n, total }),
          },
        );
        done = { ecosystem, status: "imported", origin: url, ...result };
        break;
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause?.code;
        const message = `${(err as Error).message}${cause ? ` (${cause})` : ""}`;
        errors.push(`${redactUrl(url)}: ${message.replaceAll(url, redactUrl(url))}`);
      }
    }
    out.push(done ?? { ecosystem, status: "failed", errors });
  }
  return out;
}

interface Downloaded {
  data: Buffer;
  etag: string | null;
  lastModified: string | null;
}

async function download(
  url: string,
  ecosystem: string,
  prev: { etag: string | null; lastModified: string | null; origin: string } | undefined,
  opts: UpdateOptions,
): Promise<Downloaded | "unchanged"> {
  if (url.startsWith("file:")) {
    const data = await readFile(fileURLToPath(url)).catch((err: NodeJS.ErrnoException) => {
      throw new Error(err.code === "ENOENT" ? "not on this mirror" : (err.code ?? err.message));
    });
    return { data, etag: null, lastModified: null };
  }
  if (!/^https?:\/\//.test(url)) throw new Error("mirror must be an http(s):// or file:// URL");
  const headers: Record<string, string> = {};
  // Credentials in a mirror URL become a Basic header (fetch refuses them in the URL).
  const parsed = new URL(url);
  if (parsed.username || parsed.password) {
    const user = decodeURIComponent(parsed.username);
    const pass = decodeURIComponent(parsed.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
    parsed.username = "";
    parsed.password = "";
  }
  // Validators only count for the same URL (another mirror's ETag means nothing here).
  if (prev && prev.origin === url) {
    if (prev.etag) headers["if-none-match"] = prev.etag;
    if (prev.lastModified) headers["if-modified-since"] = prev.lastModified;
  }
  const res = await (opts.fetch ?? fetch)(parsed.href, {
    headers,
    redirect: "follow",
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10 * 60_000),
  });
  if (res.status === 304) return "unchanged";
  if (res.status === 404) throw new Error("not on this mirror (404)");
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  const declared = Number(res.headers.get("content-length") ?? Number.NaN);
  if (declared > MAX_ARCHIVE_BYTES) throw new Error(`archive of ${declared} bytes is too large`);
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    if (bytes > MAX_ARCHIVE_BYTES)
      throw new Error(`archive larger than ${MAX_ARCHIVE_BYTES} bytes`);
    chunks.push(Buffer.from(chunk));
    opts.onProgress?.({
      kind: "download",
      ecosystem,
      bytes,
      total: Number.isFinite(declared) ? declared : null,
    });
  }
  if (Number.isFinite(declared) && bytes !== declared)
    throw new Error(`download ended after ${bytes} of ${declared} bytes`);
  return {
    data: Buffer.concat(chunks),
    etag: res.headers.get("etag"),
    lastModified: res.headers.get("last-modified"),
  };
}

/** Mirrors may carry credentials in their URL; messages never show them. */
export function redactUrl(url: string): string {
  return url.replace(/^(\w+:\/\/)[^/@]*@/, "$1***@");
}
