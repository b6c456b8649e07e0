/**
 * What `drydock scan secrets PATH` does once its arguments are parsed; loaded only when a
 * secret scan runs, so other commands start without the engine and its rules.
 *
 * Exit codes: 0 no findings (after the baseline, the allowlist and inline allows); the
 * `--exit-code` value (default 1) when findings remain; 3 (as for `scan image`) no findings,
 * but something could not be scanned (an unreadable file, a decompression bomb: listed on
 * stderr and in the report); 2 when the scan could not run (an unreadable path, a bad
 * configuration or baseline, bad usage).
 */
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DrydockError } from "../core/errors.ts";
import { applyBaseline, readBaseline, writeBaseline } from "../secrets/baseline.ts";
import {
  DEFAULT_CONFIG_FILE,
  engineOptionsFrom,
  readSecretsConfig,
  type SecretsConfig,
} from "../secrets/config.ts";
import { SecretEngine } from "../secrets/engine.ts";
import { type ReportOptions, type SecretsReport, toJson } from "../secrets/report/json.ts";
import { RULES } from "../secrets/rules/api.ts";
import { scanTree } from "../secrets/tree.ts";
import type { Finding } from "../secrets/types.ts";
import { terminalBar } from "./output.ts";
import { EXIT_PARTIAL } from "./scan.ts";
import { VERSION } from "./version.ts";

export interface SecretsScanOptions {
  format: "table" | "json" | "sarif" | "junit";
  output?: string;
  showSecrets?: boolean;
  baseline?: string;
  writeBaseline?: string;
  config?: string;
  exitCode?: string;
  /** false with --no-progress. */
  progress?: boolean;
  git?: boolean;
  staged?: boolean;
}

/** Runs the scan and prints the report; returns the process exit code. */
export async function scanSecrets(path: string, opts: SecretsScanOptions): Promise<number> {
  try {
    return await run(path, opts);
  } catch (err) {
    if (err instanceof DrydockError) {
      process.stderr.write(`drydock: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/**
 * DRYDOCK_SECRETS_WORKERS: the worker threads of a large tree's scan (0 for none; default: one
 * fewer than the cores, at most 3). For benchmarks and tests: the findings do not depend on it.
 */
function workersFromEnv(): number | undefined {
  const text = process.env.DRYDOCK_SECRETS_WORKERS;
  if (text === undefined || text === "") return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 16)
    throw new DrydockError("INVALID", "DRYDOCK_SECRETS_WORKERS must be an integer from 0 to 16");
  return n;
}

async function run(path: string, opts: SecretsScanOptions): Promise<number> {
  const failCode = Number(opts.exitCode ?? "1");
  if (!Number.isInteger(failCode) || failCode < 0 || failCode > 255)
    throw new DrydockError("INVALID", "--exit-code must be an integer from 0 to 255");
  if (opts.git && opts.staged)
    throw new DrydockError("INVALID", "--git and --staged exclude each other");
  const workers = workersFromEnv();

  const root = resolve(path);
  let isDir: boolean;
  try {
    isDir = statSync(root).isDirectory();
  } catch (err) {
    throw new DrydockError(
      "INVALID",
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  if ((opts.git || opts.staged) && !isDir)
    throw new DrydockError("INVALID", `${path} is not a directory (a git repository)`);

  // Configuration: --config, else .drydock-secrets.yaml in the scanned directory.
  const configFile =
    opts.config ??
    (isDir && existsSync(join(root, DEFAULT_CONFIG_FILE)) ? join(root, DEFAULT_CONFIG_FILE) : null);
  const config: SecretsConfig = configFile ? await readSecretsConfig(configFile) : {};
  const engine = new SecretEngine(configFile ? engineOptionsFrom(config, RULES, configFile) : {});
  const baseline = opts.baseline ? await readBaseline(opts.baseline) : null;

  const showProgress = opts.progress !== false && Boolean(process.stderr.isTTY);
  let report: SecretsReport;
  const base = {
    tool: { name: "drydock" as const, version: VERSION },
    rules: engine.ruleMetas(),
  };
  if (opts.git || opts.staged) {
    const git = await import("../secrets/git.ts");
    const bar = showProgress ? await progressBar("commits") : null;
    try {
      const r = opts.git
        ? await git.scanGitHistory(root, engine, {
            onProgress: (p) => {
              bar?.setTotal(p.totalCommits ?? p.commits);
              bar?.update(p.commits, {
                of: p.totalCommits === undefined ? "" : `/${p.totalCommits}`,
              });
            },
          })
        : await git.scanStaged(root, engine);
      report = {
        ...base,
        target: { kind: opts.git ? "git" : "staged", path },
        findings: r.findings,
        stats: {
          commits: r.stats.commits,
          bytes: r.stats.bytes,
          skipped: [],
          suppressed: { baseline: 0 },
        },
        errors: r.errors,
      };
    } finally {
      bar?.stop();
    }
  } else {
    const bar = showProgress ? await progressBar("files") : null;
    try {
      const r = await scanTree(root, engine, {
        onProgress: (p) => {
          // The total is known once the walk is done; until then the bar shows a count.
          bar?.setTotal(p.totalFiles ?? p.files);
          bar?.update(p.files, {
            of: p.totalFiles === undefined ? "" : `/${p.totalFiles}`,
            mb: (p.bytes / 1e6).toFixed(1),
          });
        },
        ...(workers === undefined ? {} : { workers }),
        ...(config.maxFileBytes === undefined ? {} : { maxFileBytes: config.maxFileBytes }),
        ...(config.archives === undefined
          ? {}
          : {
              archives: {
                maxBytes: config.archives.maxBytes ?? 10 * 1024 * 1024,
                maxDepth: config.archives.maxDepth ?? 2,
              },
            }),
      });
      report = {
        ...base,
        target: { kind: "dir", path },
        findings: r.findings,
        stats: {
          files: r.stats.files,
          bytes: r.stats.bytes,
          skipped: r.stats.skipped,
          suppressed: { baseline: 0 },
        },
        errors: r.errors,
      };
    } finally {
      bar?.stop();
    }
  }

  const found: Finding[] = report.findings;
  if (baseline) {
    const { kept, suppressed } = applyBaseline(found, baseline);
    report.findings = kept;
    report.stats.suppressed.baseline = suppressed;
  }
  if (opts.writeBaseline) await writeBaseline(opts.writeBaseline, found);

  const text = await format(report, opts);
  if (opts.output) writeFileSync(opts.output, text);
  else process.stdout.write(text);
  for (const e of report.errors) process.stderr.write(`drydock: error: ${e.path}: ${e.reason}\n`);
  if (opts.writeBaseline)
    process.stderr.write(
      `drydock: wrote ${found.length} finding(s) to the baseline ${opts.writeBaseline}\n`,
    );

  // Writing a baseline accepts what it holds: those findings do not fail this run.
  if (report.findings.length > 0 && !opts.writeBaseline) return failCode;
  return report.errors.length > 0 ? EXIT_PARTIAL : 0;
}

async function format(report: SecretsReport, opts: SecretsScanOptions): Promise<string> {
  const o: ReportOptions = { showSecrets: opts.showSecrets === true };
  switch (opts.format) {
    case "json":
      return toJson(report, o);
    case "sarif":
      return (await import("../secrets/report/sarif.ts")).toSarif(report, o);
    case "junit":
      return (await import("../secrets/report/junit.ts")).toJunit(report, o);
    default: {
      const color = Boolean(process.stdout.isTTY) && !opts.output && !process.env.NO_COLOR;
      return (await import("../secrets/report/table.ts")).toTable(report, { ...o, color });
    }
  }
}

/** A progress bar on standard error, only for a person at a terminal. */
function progressBar(unit: "files" | "commits") {
  return terminalBar(
    unit === "files"
      ? "secrets {bar} {value}{of} files, {mb} MB"
      : "secrets {bar} {value}{of} commits",
    { of: "", mb: "0" },
  );
}
