/**
 * Secrets in a directory tree (a checkout, an unpacked filesystem).
 *
 * - The walk uses `fs.opendirSync` (see `walk`) and never follows a symbolic link (each one
 *   is listed as skipped), so a link loop or a link out of the tree cannot hang or widen the
 *   scan; `.git/` is skipped (`--git` scans history); FIFOs, sockets and devices are listed
 *   as skipped and never opened. Files are opened with O_NOFOLLOW | O_NONBLOCK and checked
 *   again with fstat, so a file swapped for a link or a FIFO after the walk cannot slip in.
 * - Files up to `maxFileBytes` (10 MiB) are read whole and scanned; larger files are scanned
 *   in streaming windows (`SecretEngine.scanStream`, bounded memory), never skipped for size.
 * - Archives (zip/jar/war, tar, tar.gz) up to `archives.maxBytes` are opened (archive.ts).
 * - Files are read with blocking calls (see `OpenFile`); this thread gives its event loop a
 *   turn every 10 ms. Work is spread over a small pool of worker threads (one fewer than the
 *   cores, at most 3: see DEFAULT_WORKERS) once the tree turns out to be large (4,000 files or
 *   32 MiB), and this thread keeps scanning beside them; each worker rebuilds the engine from
 *   its plain-data spec. This thread is a scanner too because a worker is an isolate of its
 *   own (~80 MiB with the rules loaded), and it would otherwise sit idle. Engines with rules not from RULES always
 *   scan in this thread.
 * - Paths in findings are relative to `root`, `/`-separated.
 */
import {
  closeSync,
  constants,
  type Dir,
  type Dirent,
  fstatSync,
  lstatSync,
  opendirSync,
  openSync,
  readFileSync,
  readSync,
  type Stats,
} from "node:fs";
import { stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parentPort, Worker } from "node:worker_threads";
import {
  type ArchiveOptions,
  archiveKind,
  DEFAULT_ARCHIVE_OPTIONS,
  scanArchive,
} from "./archive.ts";
import { type EngineSpec, SecretEngine } from "./engine.ts";
import type { Finding } from "./types.ts";

export interface TreeProgress {
  files: number;
  bytes: number;
  /** Known once the walk has finished. */
  totalFiles?: number;
}

export interface TreeOptions {
  onProgress?(p: TreeProgress): void;
  /** Larger files are scanned in streaming windows (default 10 MiB). */
  maxFileBytes?: number;
  archives?: { maxBytes: number; maxDepth: number };
  /**
   * Worker threads (0: this thread only; default: see DEFAULT_WORKERS). They
   * start once the walk has found `workerThreshold` files (default 4,000) or this thread has
   * read 32 MiB, whichever comes first: a worker takes a while to start (under tsx, about a
   * second to load the rules), which a smaller tree does not pay back.
   */
  workers?: number;
  workerThreshold?: number;
}

export interface PathNote {
  path: string;
  reason: string;
}

export interface TreeResult {
  findings: Finding[];
  stats: { files: number; bytes: number; skipped: PathNote[] };
  errors: PathNote[];
}

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
/**
 * Worker threads by default: 2 where there is more than one core. A worker must load the
 * engine and every rule itself (under tsx about 0.5 s on an idle machine, 1.5-2 s on a
 * busy one), so the pool starts only once a tree turns out to be large (`workerThreshold`).
 */
const DEFAULT_WORKERS = Math.min(3, availableParallelism() - 1);
const WORKER_YOUNG_GENERATION_MB = 16;
/** Bytes read in this thread after which the workers start (see TreeOptions.workers). */
const WORKER_BYTES = 32 * 1024 * 1024;

/** What one file (with the members of an archive) gave. */
interface FileResult {
  findings: Finding[];
  files: number;
  bytes: number;
  skipped: PathNote[];
  errors: PathNote[];
}

interface FileConfig {
  maxFileBytes: number;
  archives: ArchiveOptions;
}

interface Job {
  abs: string;
  rel: string;
}

export async function scanTree(
  root: string,
  engine: SecretEngine,
  opts: TreeOptions = {},
): Promise<TreeResult> {
  const cfg: FileConfig = {
    maxFileBytes: opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    archives: { ...DEFAULT_ARCHIVE_OPTIONS, ...(opts.archives ?? {}) },
  };
  const result: TreeResult = {
    findings: [],
    stats: { files: 0, bytes: 0, skipped: [] },
    errors: [],
  };
  let totalFiles: number | undefined;
  const add = (r: FileResult) => {
    result.findings.push(...r.findings);
    result.stats.files += r.files;
    result.stats.bytes += r.bytes;
    result.stats.skipped.push(...r.skipped);
    result.errors.push(...r.errors);
    opts.onProgress?.({
      files: result.stats.files,
      bytes: result.stats.bytes,
      ...(totalFiles === undefined ? {} : { totalFiles }),
    });
  };

  // The root itself may be a link (the user named it) or a single file.
  const rootStat = await stat(root);
  if (!rootStat.isDirectory()) {
    totalFiles = 1;
    add(await scanFile(root, basename(root), engine, cfg));
    return sorted(result);
  }

  const spec = engine.spec();
  const wanted = opts.workers ?? DEFAULT_WORKERS;
  const pool = spec && wanted > 0 ? new WorkerPool(wanted, spec, cfg, add) : null;
  const threshold = opts.workerThreshold ?? 4000;

  // This thread scans until the workers are up (if the tree is large enough to want them),
  // giving the event loop a turn every few milliseconds.
  const local: Job[] = [];
  let found = 0;
  let turn = performance.now();
  const scanHere = async (job: Job) => {
    add(await scanFile(job.abs, job.rel, engine, cfg));
    if (performance.now() - turn > TURN_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      turn = performance.now();
    }
  };
  try {
    for (const item of walk(root)) {
      if ("skip" in item) {
        result.stats.skipped.push(item.skip);
        continue;
      }
      if ("error" in item) {
        result.errors.push(item.error);
        continue;
      }
      if (engine.isPathAllowed(item.rel)) continue;
      found++;
      if (pool && (found >= threshold || result.stats.bytes >= WORKER_BYTES)) pool.start();
      if (pool?.ready()) {
        pool.push(item);
        // The workers have enough queued: this thread scans one too.
        const job = pool.saturated() ? pool.take() : undefined;
        if (job) await scanHere(job);
      } else await scanHere(item);
    }
    totalFiles = found;
    if (pool?.ready()) {
      // The rest of the queue is shared: this thread takes jobs while the workers take batches.
      for (let job = pool.take(); job; job = pool.take()) await scanHere(job);
    }
    if (pool) local.push(...(await pool.finish()));
    // Batches a failed worker left behind are scanned here.
    for (const job of local) await scanHere(job);
  } finally {
    await pool?.close();
  }
  return sorted(result);
}

function sorted(r: TreeResult): TreeResult {
  const byPath = (a: PathNote, b: PathNote) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : a.reason < b.reason ? -1 : 1;
  r.findings.sort(
    (a, b) =>
      (a.origin.path < b.origin.path ? -1 : a.origin.path > b.origin.path ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
  r.stats.skipped.sort(byPath);
  r.errors.sort(byPath);
  return r;
}

// ---------------------------------------------------------------------------------------------
// The walk

type WalkItem = Job | { skip: PathNote } | { error: PathNote };

/**
 * Depth first, directories in name order. Directory entries are read with the synchronous
 * `Dir.readSync` (one getdents call per 256 entries, microseconds each): on a tree of 2,000
 * directories that is four times faster than awaiting each entry through the thread pool.
 */
function* walk(root: string): Generator<WalkItem> {
  const stack: string[] = [""];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    let dir: Dir;
    try {
      dir = opendirSync(rel === "" ? root : join(root, rel), { bufferSize: 256 });
    } catch (err) {
      yield {
        error: {
          path: rel === "" ? "." : `${rel}/`,
          reason: `cannot list directory: ${code(err)}`,
        },
      };
      continue;
    }
    const subdirs: string[] = [];
    try {
      for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
        const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
        const kind = kindOf(entry, join(root, path));
        if (kind === "dir") {
          if (entry.name !== ".git") subdirs.push(path);
        } else if (kind === "file") yield { abs: join(root, path), rel: path };
        else if (kind !== "gone") yield { skip: { path, reason: kind } };
      }
    } catch (err) {
      yield { error: { path: `${rel}/`, reason: `cannot list directory: ${code(err)}` } };
    } finally {
      dir.closeSync();
    }
    subdirs.sort().reverse();
    stack.push(...subdirs);
  }
}

function kindOf(entry: Dirent, abs: string): string {
  let e: Pick<
    Stats,
    | "isFile"
    | "isDirectory"
    | "isSymbolicLink"
    | "isFIFO"
    | "isSocket"
    | "isBlockDevice"
    | "isCharacterDevice"
  > = entry;
  // Some filesystems do not say the type in the directory entry: ask (without following links).
  if (
    !entry.isFile() &&
    !entry.isDirectory() &&
    !entry.isSymbolicLink() &&
    !entry.isFIFO() &&
    !entry.isSocket() &&
    !entry.isBlockDevice() &&
    !entry.isCharacterDevice()
  ) {
    try {
      e = lstatSync(abs);
    } catch {
      return "gone";
    }
  }
  if (e.isFile()) return "file";
  if (e.isDirectory()) return "dir";
  if (e.isSymbolicLink()) return "symbolic link (not followed)";
  if (e.isFIFO()) return "not a regular file (FIFO)";
  if (e.isSocket()) return "not a regular file (socket)";
  if (e.isBlockDevice()) return "not a regular file (block device)";
  if (e.isCharacterDevice()) return "not a regular file (character device)";
  return "not a regular file";
}

function code(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ?? e.message ?? String(err);
}

// ---------------------------------------------------------------------------------------------
// One file

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
const READ_CHUNK = 256 * 1024;
/** The calling thread yields to its event loop at least this often (ms). */
const TURN_MS = 10;

/**
 * An open file, read with the synchronous calls: for files in the page cache they cost less
 * than half the CPU of fs/promises (four thread-pool round trips per file: open, fstat, read,
 * close). In a worker they block nothing else; in the calling thread, scanTree gives the event
 * loop a turn every few milliseconds.
 */
interface OpenFile {
  stat(): Promise<Stats> | Stats;
  readAll(): Promise<Buffer> | Buffer;
  chunks(): AsyncIterable<Buffer>;
  close(): Promise<void> | void;
}

type Opener = (abs: string) => Promise<OpenFile> | OpenFile;

const openBlocking: Opener = (abs) => {
  const fd = openSync(abs, OPEN_FLAGS);
  return {
    stat: () => fstatSync(fd),
    readAll: () => readFileSync(fd),
    async *chunks() {
      for (;;) {
        const buf = Buffer.allocUnsafe(READ_CHUNK);
        const n = readSync(fd, buf, 0, READ_CHUNK, null);
        if (n === 0) return;
        yield buf.subarray(0, n);
      }
    },
    close: () => closeSync(fd),
  };
};

async function scanFile(
  abs: string,
  rel: string,
  engine: SecretEngine,
  cfg: FileConfig,
  openFile: Opener = openBlocking,
): Promise<FileResult> {
  const r: FileResult = { findings: [], files: 0, bytes: 0, skipped: [], errors: [] };
  let f: OpenFile;
  try {
    f = await openFile(abs);
  } catch (err) {
    const c = code(err);
    if (c === "ELOOP") r.skipped.push({ path: rel, reason: "symbolic link (not followed)" });
    else r.errors.push({ path: rel, reason: `cannot open: ${c}` });
    return r;
  }
  try {
    const st = await f.stat();
    if (!st.isFile()) {
      r.skipped.push({ path: rel, reason: "not a regular file" });
      return r;
    }
    r.files = 1;
    const kind = archiveKind(rel);
    if (kind && st.size <= cfg.archives.maxBytes) {
      const data = await f.readAll();
      r.bytes += data.length;
      const a = await scanArchive(data, rel, kind, engine, cfg.archives);
      r.findings.push(...a.findings);
      r.files += a.files;
      r.bytes += a.bytes;
      r.skipped.push(...a.skipped);
      r.errors.push(...a.errors);
      return r;
    }
    if (kind) {
      r.skipped.push({
        path: rel,
        reason: `archive larger than ${cfg.archives.maxBytes} bytes (not opened)`,
      });
      return r;
    }
    if (st.size > Math.min(cfg.maxFileBytes, engine.maxBytes)) {
      let bytes = 0;
      const counted = (async function* () {
        for await (const chunk of f.chunks()) {
          bytes += chunk.length;
          yield chunk;
        }
      })();
      const out = await engine.scanStream(counted, { path: rel });
      r.bytes += bytes;
      if (Array.isArray(out)) r.findings.push(...out);
      else r.skipped.push({ path: rel, reason: out.skipped });
      return r;
    }
    const data = await f.readAll();
    r.bytes += data.length;
    const out = engine.scanBuffer(data, { path: rel });
    if (Array.isArray(out)) r.findings.push(...out);
    else r.skipped.push({ path: rel, reason: out.skipped });
    return r;
  } catch (err) {
    r.errors.push({ path: rel, reason: `cannot read: ${code(err)}` });
    return r;
  } finally {
    try {
      await f.close();
    } catch {
      // Closing a file we only read cannot lose anything.
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Scheduling: this thread, or a pool of workers

export interface WorkerInit {
  drydockSecretsTreeWorker: true;
  spec: EngineSpec;
  cfg: FileConfig;
}

type ToWorker = { batch: number; jobs: Job[] };
type FromWorker = { ready: true } | { batch: number; result: FileResult };

const BATCH = 32;
const BATCHES_AHEAD = 2;

class WorkerPool {
  private readonly workers: {
    w: Worker;
    ready: boolean;
    inFlight: Map<number, Job[]>;
    dead: boolean;
  }[] = [];
  private readonly queue: Job[] = [];
  private pending: Job[] = [];
  private nextBatch = 0;
  private started = false;
  private leftovers: Job[] = [];
  private onIdle: (() => void) | null = null;

  constructor(
    private readonly size: number,
    private readonly spec: EngineSpec,
    private readonly cfg: FileConfig,
    private readonly add: (r: FileResult) => void,
  ) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    for (let i = 0; i < this.size; i++) {
      const init: WorkerInit = {
        drydockSecretsTreeWorker: true,
        spec: this.spec,
        cfg: this.cfg,
      };
      const w = spawnWorker(init);
      const slot = { w, ready: false, inFlight: new Map<number, Job[]>(), dead: false };
      this.workers.push(slot);
      w.on("message", (m: FromWorker) => {
        if ("ready" in m) slot.ready = true;
        else {
          slot.inFlight.delete(m.batch);
          this.add(m.result);
        }
        this.dispatch();
      });
      const fail = () => {
        if (slot.dead) return;
        slot.dead = true;
        for (const jobs of slot.inFlight.values()) this.leftovers.push(...jobs);
        slot.inFlight.clear();
        this.dispatch();
      };
      w.on("error", fail);
      w.on("exit", fail);
    }
  }

  ready(): boolean {
    return this.workers.some((s) => s.ready && !s.dead);
  }

  /** Whether every live worker has its batches in flight and more are waiting. */
  saturated(): boolean {
    const alive = this.workers.filter((w) => w.ready && !w.dead);
    return (
      alive.length > 0 &&
      alive.every((w) => w.inFlight.size >= BATCHES_AHEAD) &&
      this.pending.length + this.queue.length > 0
    );
  }

  /** A job for this thread: from the end of what waits, so the workers keep whole batches. */
  take(): Job | undefined {
    return this.pending.pop() ?? this.queue.pop();
  }

  push(job: Job): void {
    this.pending.push(job);
    if (this.pending.length >= BATCH) this.flushPending();
    this.dispatch();
  }

  private flushPending(): void {
    if (this.pending.length === 0) return;
    this.queue.push(...this.pending);
    this.pending = [];
  }

  private dispatch(): void {
    for (const s of this.workers) {
      if (!s.ready || s.dead) continue;
      while (s.inFlight.size < BATCHES_AHEAD && this.queue.length > 0) {
        const jobs = this.queue.splice(0, BATCH);
        const batch = this.nextBatch++;
        s.inFlight.set(batch, jobs);
        s.w.postMessage({ batch, jobs } satisfies ToWorker);
      }
    }
    const alive = this.workers.filter((s) => !s.dead);
    if (alive.length === 0 && this.queue.length > 0) this.leftovers.push(...this.queue.splice(0));
    const busy = alive.some((s) => s.inFlight.size > 0);
    if (!busy && this.queue.length === 0 && this.onIdle) this.onIdle();
  }

  /** Waits for every batch; returns the jobs of workers that died. */
  async finish(): Promise<Job[]> {
    this.flushPending();
    if (this.workers.length > 0) {
      await new Promise<void>((resolve) => {
        this.onIdle = resolve;
        this.dispatch();
      });
    } else this.leftovers.push(...this.queue.splice(0));
    return this.leftovers.splice(0);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((s) => s.w.terminate().catch(() => 0)));
  }
}

/**
 * A worker running tree-worker.ts, the workers' own entry point (it calls workerMain). Under
 * tsx (TypeScript sources, no build step) a worker does not inherit the loader: it registers
 * tsx's CommonJS loader, which transforms in the worker's own thread (the ESM loader would
 * route every import through a hooks thread, twice as slow to start), and requires that file.
 * Bundled (scripts/build.mjs), this code is in a chunk beside `secrets-tree-worker.js`, the
 * same entry built on its own: never a chunk or the CLI's main.js, which would run the CLI.
 */
function spawnWorker(init: WorkerInit): Worker {
  const self = import.meta.url;
  // A small young generation: scanning makes short-lived strings at a high rate, and V8's
  // default lets each worker's nursery grow to ~48 MiB that it rarely gives back. 16 MiB costs
  // no measurable time and keeps two workers ~70 MiB smaller (bench/secrets.sh).
  const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
  if (!self.endsWith(".ts")) {
    return new Worker(new URL("./secrets-tree-worker.js", self), {
      workerData: init,
      resourceLimits,
    });
  }
  const api = createRequire(self).resolve("tsx/cjs/api");
  const entry = fileURLToPath(new URL("./tree-worker.ts", self));
  const code = `require(${JSON.stringify(api)}).register(); require(${JSON.stringify(entry)});`;
  return new Worker(code, { eval: true, workerData: init, resourceLimits });
}

/** A worker's side of the pool (run by tree-worker.ts, in a worker thread only). */
export async function workerMain(init: WorkerInit): Promise<void> {
  const port = parentPort!;
  const engine = SecretEngine.fromSpec(init.spec);
  port.on("message", async (m: ToWorker) => {
    const merged: FileResult = { findings: [], files: 0, bytes: 0, skipped: [], errors: [] };
    for (const job of m.jobs) {
      const r = await scanFile(job.abs, job.rel, engine, init.cfg);
      merged.findings.push(...r.findings);
      merged.files += r.files;
      merged.bytes += r.bytes;
      merged.skipped.push(...r.skipped);
      merged.errors.push(...r.errors);
    }
    port.postMessage({ batch: m.batch, result: merged } satisfies FromWorker);
  });
  port.postMessage({ ready: true } satisfies FromWorker);
}
