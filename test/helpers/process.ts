import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, stat } from "node:fs/promises";
import http from "node:http";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Helpers for end-to-end tests that run drydock as a separate process (so it can be killed),
 * plus a small HTTP client built on node:http that gives full control over request bodies
 * (a body can be left half-sent while the server is killed) and never reuses connections
 * (the server goes away and comes back on another port).
 */

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const cliEntry = join(repoRoot, "src", "cli", "main.ts");
const binEntry = join(repoRoot, "bin", "drydock.js");

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  /** Extra environment variables for the child. */
  env?: Record<string, string>;
  /** Bound on the wait for the "listening" log line, in ms (default 30 s). */
  readyTimeoutMs?: number;
  /**
   * Run what users run, `bin/drydock.js` (the bundle while it is fresh, which `npm test`
   * makes sure of; else the sources through tsx): the default. `false` runs
   * `src/cli/main.ts` through tsx.
   */
  useBin?: boolean;
}

export interface DrydockProcess {
  pid: number;
  /** The address from the "listening" log line, without a trailing slash. */
  url: string;
  /** Every JSON log line printed on stdout so far. */
  readonly logs: Record<string, unknown>[];
  stdout(): string;
  stderr(): string;
  exited(): boolean;
  /** Sends `signal` to this child (by its PID) if it is still running. */
  kill(signal?: NodeJS.Signals): boolean;
  /** Resolves when the child has exited; rejects when that takes longer than `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<ExitStatus>;
  /** SIGKILLs the child if it is still running and waits (bounded) for it. Idempotent. */
  stop(): Promise<void>;
}

function commandFor(args: string[], useBin: boolean): string[] {
  return useBin ? [binEntry, ...args] : ["--import", "tsx", cliEntry, ...args];
}

interface Watched {
  child: ChildProcess;
  out: string[];
  err: string[];
  logs: Record<string, unknown>[];
  exit: Promise<ExitStatus>;
  status: () => ExitStatus | null;
}

function watch(args: string[], opts: SpawnOptions): Watched {
  const child = spawn(process.execPath, commandFor(args, opts.useBin ?? true), {
    cwd: repoRoot,
    // Servers spawned by the storage-level suites (crash, shutdown, GC, robustness) run with
    // authentication off so they can speak plain HTTP; a test turns it on with
    // DRYDOCK_AUTH=token. Authentication itself is tested in test/identity/ and test/api/.
    env: { ...process.env, NO_COLOR: "1", DRYDOCK_AUTH: "none", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out: string[] = [];
  const err: string[] = [];
  const logs: Record<string, unknown>[] = [];
  let partial = "";
  child.stdout?.setEncoding("utf8");
  child.stderr?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => {
    out.push(chunk);
    partial += chunk;
    let nl = partial.indexOf("\n");
    while (nl >= 0) {
      const line = partial.slice(0, nl).trim();
      partial = partial.slice(nl + 1);
      nl = partial.indexOf("\n");
      if (!line.startsWith("{")) continue;
      try {
        const parsed: unknown = JSON.parse(line);
        if (parsed && typeof parsed === "object") {
          logs.push(parsed as Record<string, unknown>);
          child.emit("drydock-log", parsed);
        }
      } catch {
        // not a log line
      }
    }
  });
  child.stderr?.on("data", (chunk: string) => err.push(chunk));
  let status: ExitStatus | null = null;
  const exit = new Promise<ExitStatus>((resolve) => {
    child.once("exit", (code, signal) => {
      status = { code, signal };
      resolve(status);
    });
    child.once("error", () => {
      status = { code: null, signal: null };
      resolve(status);
    });
  });
  return { child, out, err, logs, exit, status: () => status };
}

function waitBounded<T>(p: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: still waiting after ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A drydock child process, before or without a "listening" line. */
export type LaunchedDrydock = Omit<DrydockProcess, "url">;

/** Spawns `drydock ARGS` and returns at once (for commands that never listen, like `gc`). */
export function launchDrydock(args: string[], opts: SpawnOptions = {}): LaunchedDrydock {
  return launch(args, opts).handle;
}

function launch(
  args: string[],
  opts: SpawnOptions,
): { handle: LaunchedDrydock; child: ChildProcess; exit: Promise<ExitStatus> } {
  const w = watch(args, opts);
  const { child } = w;
  const pid = child.pid ?? -1;
  const kill = (signal: NodeJS.Signals = "SIGTERM"): boolean => {
    if (pid < 0 || w.status() !== null || child.exitCode !== null || child.signalCode !== null) {
      return false;
    }
    return child.kill(signal);
  };
  const handle: LaunchedDrydock = {
    pid,
    logs: w.logs,
    stdout: () => w.out.join(""),
    stderr: () => w.err.join(""),
    exited: () => w.status() !== null,
    kill,
    waitForExit: (timeoutMs) => waitBounded(w.exit, timeoutMs, `drydock (pid ${pid}) to exit`),
    async stop() {
      kill("SIGKILL");
      await waitBounded(w.exit, 10_000, `drydock (pid ${pid}) to exit`);
    },
  };
  return { handle, child, exit: w.exit };
}

/**
 * Spawns `drydock ARGS` (normally `serve ...`) and resolves once it logs "listening" with a
 * `url`. Rejects (and SIGKILLs the child) when the child exits first or the wait times out.
 */
export async function spawnDrydock(
  args: string[],
  opts: SpawnOptions = {},
): Promise<DrydockProcess> {
  const { handle: launched, child, exit } = launch(args, opts);
  if (launched.pid < 0) {
    await exit;
    throw new Error(`could not spawn drydock: ${launched.stderr().slice(-4000)}`);
  }
  const ready = new Promise<string>((resolve, reject) => {
    const onLog = (log: Record<string, unknown>) => {
      if (log["msg"] === "listening" && typeof log["url"] === "string") {
        child.off("drydock-log", onLog);
        resolve(log["url"].replace(/\/+$/, ""));
      }
    };
    child.on("drydock-log", onLog);
    void exit.then((s) =>
      reject(
        new Error(
          `drydock ${args.join(" ")} exited (code ${s.code}, signal ${s.signal}) before listening\n` +
            `stdout: ${launched.stdout().slice(-4000)}\nstderr: ${launched.stderr().slice(-4000)}`,
        ),
      ),
    );
  });
  let url: string;
  try {
    url = await waitBounded(
      ready,
      opts.readyTimeoutMs ?? 30_000,
      `drydock ${args.join(" ")} to listen`,
    );
  } catch (err) {
    await launched.stop().catch(() => {});
    throw err;
  }
  return {
    pid: launched.pid,
    url,
    logs: launched.logs,
    stdout: launched.stdout,
    stderr: launched.stderr,
    exited: launched.exited,
    kill: launched.kill,
    waitForExit: launched.waitForExit,
    stop: launched.stop,
  };
}

/** `drydock serve` on 127.0.0.1, a free port and `dataDir`. */
export function serveDrydock(dataDir: string, extraArgs: string[] = [], opts: SpawnOptions = {}) {
  return spawnDrydock(
    ["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir, ...extraArgs],
    opts,
  );
}

/** Runs a one-shot drydock command (e.g. `gc`) to completion, bounded by `timeoutMs`. */
export async function runDrydock(
  args: string[],
  opts: SpawnOptions & { timeoutMs?: number } = {},
): Promise<ExitStatus & { stdout: string; stderr: string }> {
  const w = watch(args, opts);
  try {
    const s = await waitBounded(w.exit, opts.timeoutMs ?? 60_000, `drydock ${args.join(" ")}`);
    return { ...s, stdout: w.out.join(""), stderr: w.err.join("") };
  } catch (err) {
    if (w.status() === null) w.child.kill("SIGKILL");
    await waitBounded(w.exit, 10_000, "drydock to exit").catch(() => {});
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** Socket idle bound in ms (default 60 s). */
  timeoutMs?: number;
}

function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
): { req: http.ClientRequest; response: Promise<HttpResponse> } {
  const req = http.request(url, { method, headers, agent: false });
  const response = new Promise<HttpResponse>((resolve, reject) => {
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`${method} ${url}: no activity for ${timeoutMs} ms`)),
    );
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("aborted", () => reject(new Error(`${method} ${url}: response aborted`)));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
  });
  return { req, response };
}

/** One request on a fresh connection; the body (if any) is sent whole. */
export function httpRequest(
  method: string,
  url: string,
  opts: RequestOptions = {},
): Promise<HttpResponse> {
  const body = opts.body
    ? Buffer.from(opts.body.buffer, opts.body.byteOffset, opts.body.byteLength)
    : undefined;
  const headers: Record<string, string> = { ...opts.headers };
  if (body || method === "PUT" || method === "POST" || method === "PATCH") {
    headers["content-length"] ??= String(body?.length ?? 0);
  }
  const { req, response } = send(method, url, headers, opts.timeoutMs ?? 60_000);
  req.end(body);
  return response;
}

export interface PartialRequest {
  /** Settles with the response, or with the error that ended the request. Never rejects. */
  response: Promise<HttpResponse | Error>;
  /** Resolves once the first `sendBytes` of the body have been handed to the socket. */
  sent: Promise<void>;
  /** Sends the rest of the body. */
  sendRest(): void;
  /** Destroys the connection. */
  abort(): void;
}

/**
 * Starts a request that announces the whole body in Content-Length but sends only its first
 * `sendBytes`, leaving the server waiting in the middle of the body.
 */
export function startPartialRequest(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  sendBytes: number,
  timeoutMs = 120_000,
): PartialRequest {
  const { req, response } = send(
    method,
    url,
    { ...headers, "content-length": String(body.length) },
    timeoutMs,
  );
  const settled = response.then(
    (r) => r,
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );
  const sent = new Promise<void>((resolve) => {
    req.write(body.subarray(0, sendBytes), () => resolve());
    req.once("error", () => resolve());
  });
  return {
    response: settled,
    sent,
    sendRest() {
      if (req.destroyed) return;
      req.end(body.subarray(sendBytes));
    },
    abort() {
      req.destroy();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Distribution-spec upload helpers

export function sha256(data: Uint8Array): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

/** Path and query of a Location header, so it can be re-based onto a restarted server. */
export function locationPath(res: HttpResponse, base: string): string {
  const loc = res.headers.location;
  if (typeof loc !== "string" || loc === "") {
    throw new Error(
      `response ${res.status} has no Location header: ${res.body.toString("utf8").slice(0, 500)}`,
    );
  }
  const u = new URL(loc, `${base}/`);
  return u.pathname + u.search;
}

export function withQuery(path: string, key: string, value: string): string {
  return `${path}${path.includes("?") ? "&" : "?"}${key}=${encodeURIComponent(value)}`;
}

/**
 * Number of bytes a `Range: 0-<end>` header acknowledges. A missing header counts as 0, and so
 * does `0-0` (registries use it for an empty session; every non-empty chunk in these tests is
 * far larger than one byte, so the reading is unambiguous here).
 */
export function ackedBytes(range: string | string[] | undefined): number | null {
  if (range === undefined) return 0;
  if (Array.isArray(range)) return null;
  const m = /^(?:bytes=)?0-(-?\d+)$/.exec(range.trim());
  if (!m) return null;
  const end = Number(m[1]);
  return end <= 0 ? 0 : end + 1;
}

function describe(res: HttpResponse): string {
  return `${res.status} ${JSON.stringify(res.headers)} ${res.body.toString("utf8").slice(0, 500)}`;
}

/** POST /v2/<repo>/blobs/uploads/ -> 202; returns the session path. */
export async function openSession(base: string, repo: string): Promise<string> {
  const res = await httpRequest("POST", `${base}/v2/${repo}/blobs/uploads/`);
  if (res.status !== 202)
    throw new Error(`POST upload session: expected 202, got ${describe(res)}`);
  return locationPath(res, base);
}

export function chunkHeaders(offset: number, length: number): Record<string, string> {
  return {
    "content-type": "application/octet-stream",
    "content-range": `${offset}-${offset + length - 1}`,
  };
}

/** PATCH one chunk at `offset` -> 202; returns the next session path and the acknowledged size. */
export async function patchChunk(
  base: string,
  path: string,
  chunk: Buffer,
  offset: number,
): Promise<{ path: string; acked: number }> {
  const res = await httpRequest("PATCH", `${base}${path}`, {
    headers: chunkHeaders(offset, chunk.length),
    body: chunk,
  });
  if (res.status !== 202)
    throw new Error(`PATCH ${offset}+${chunk.length}: expected 202, got ${describe(res)}`);
  const acked = ackedBytes(res.headers.range);
  if (acked !== offset + chunk.length) {
    throw new Error(
      `PATCH ${offset}+${chunk.length}: Range ${String(res.headers.range)} acknowledges ${acked}`,
    );
  }
  return { path: locationPath(res, base), acked };
}

/** PUT <session>?digest= (optionally with a last chunk) -> the raw response. */
export function closeSession(
  base: string,
  path: string,
  digest: string,
  body?: Buffer,
): Promise<HttpResponse> {
  return httpRequest("PUT", `${base}${withQuery(path, "digest", digest)}`, {
    headers: { "content-type": "application/octet-stream" },
    ...(body ? { body } : {}),
  });
}

/** GET <session>: the status and, for 204, the acknowledged size. */
export async function sessionStatus(
  base: string,
  path: string,
): Promise<{ status: number; acked: number | null; res: HttpResponse }> {
  const res = await httpRequest("GET", `${base}${path}`);
  return {
    status: res.status,
    acked: res.status === 204 ? ackedBytes(res.headers.range) : null,
    res,
  };
}

/** Sends `data` from `offset` on in chunks of `chunkSize`, then closes with the digest. */
export async function resumeAndFinish(
  base: string,
  path: string,
  data: Buffer,
  offset: number,
  chunkSize: number,
): Promise<HttpResponse> {
  let p = path;
  let at = offset;
  for (let i = 0; at < data.length && i < 10_000; i++) {
    const chunk = data.subarray(at, Math.min(data.length, at + chunkSize));
    const r = await patchChunk(base, p, chunk, at);
    p = r.path;
    at = r.acked;
  }
  return closeSession(base, p, sha256(data));
}

/** A complete chunked upload: POST, PATCH chunks, PUT ?digest=. Returns the PUT response. */
export async function chunkedUpload(
  base: string,
  repo: string,
  data: Buffer,
  chunkSize: number,
): Promise<HttpResponse> {
  const path = await openSession(base, repo);
  return resumeAndFinish(base, path, data, 0, chunkSize);
}

/** POST /v2/<repo>/blobs/uploads/?digest= with the whole blob. */
export function monolithicUpload(base: string, repo: string, data: Buffer): Promise<HttpResponse> {
  return httpRequest(
    "POST",
    `${base}/v2/${repo}/blobs/uploads/?digest=${encodeURIComponent(sha256(data))}`,
    {
      headers: { "content-type": "application/octet-stream" },
      body: data,
    },
  );
}

export function getBlob(base: string, repo: string, digest: string): Promise<HttpResponse> {
  return httpRequest("GET", `${base}/v2/${repo}/blobs/${digest}`);
}

// ---------------------------------------------------------------------------------------------
// Data directory inspection

export interface FileEntry {
  /** Path relative to the walked root, with forward slashes. */
  path: string;
  abs: string;
  size: number;
}

/** Every regular file under `root` (bounded to `limit` entries). */
export async function walkFiles(root: string, limit = 100_000): Promise<FileEntry[]> {
  const out: FileEntry[] = [];
  const stack = [root];
  while (stack.length > 0 && out.length < limit) {
    const dir = stack.pop()!;
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) stack.push(abs);
      else if (e.isFile()) {
        const s = await stat(abs).catch(() => null);
        if (s) out.push({ path: relative(root, abs).split("\\").join("/"), abs, size: s.size });
      }
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Resolves after `ms` (a pause between steps, never a measurement). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
