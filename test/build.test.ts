import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Script } from "node:vm";
import { Worker } from "node:worker_threads";
import { wrapChunk } from "../bin/bundle.js";
import { isFresh } from "../bin/fresh.js";
import { DEFAULT_ARCHIVE_OPTIONS } from "../src/secrets/archive.ts";
import { SecretEngine } from "../src/secrets/engine.ts";
import { DEFAULT_MAX_FILE_BYTES, type WorkerInit } from "../src/secrets/tree.ts";
import { githubToken } from "./helpers/fake-secrets.ts";
import { repoRoot } from "./helpers/process.ts";

// The bundled CLI (scripts/build.mjs), built into a temporary directory laid out like the
// repository (package.json two levels above the bundle, node_modules beside it), against the
// TypeScript sources that tsx runs.

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function node(args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      stderr += c;
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`node ${args.join(" ")}: still running after ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  version: string;
};
let tmp: string;
let outdir: string;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "drydock-build-"));
  cpSync(join(repoRoot, "package.json"), join(tmp, "package.json"));
  symlinkSync(join(repoRoot, "node_modules"), join(tmp, "node_modules"), "dir");
  outdir = join(tmp, "dist", "cli");
  const built = await node([join(repoRoot, "scripts", "build.mjs"), "--outdir", outdir]);
  assert.equal(built.code, 0, built.stderr);
});
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

test("the build: entry points, chunks in one folder, source maps, a build.json that is fresh", () => {
  for (const name of ["main.js", "secrets-tree-worker.js", "build.json", "main.js.map"])
    assert.ok(existsSync(join(outdir, name)), name);
  assert.match(
    readFileSync(join(outdir, "main.js"), "utf8"),
    /\/\/# sourceMappingURL=main\.js\.map\s*$/,
  );
  const build = JSON.parse(readFileSync(join(outdir, "build.json"), "utf8")) as {
    builtAtMs: number;
    inputs: string[];
  };
  for (const input of [
    "src/cli/main.ts",
    "src/cli/scan-secrets.ts",
    "src/secrets/tree-worker.ts",
    "scripts/build.mjs",
  ])
    assert.ok(build.inputs.includes(input), input);
  assert.ok(Math.abs(build.builtAtMs - Date.now()) < 10 * 60_000);
  assert.equal(isFresh(join(outdir, "build.json")), true);
});

test("the bundled --version prints package.json's version, as the sources do", async () => {
  const bundled = await node([join(outdir, "main.js"), "--version"]);
  assert.equal(bundled.code, 0, bundled.stderr);
  assert.equal(bundled.stdout.trim(), pkg.version);
  const sources = await node(["bin/drydock.js", "--version"], { DRYDOCK_FROM_SOURCE: "1" });
  assert.equal(sources.code, 0, sources.stderr);
  assert.equal(sources.stdout.trim(), pkg.version);
});

// Preloaded into a scan (--require): names on stderr the file each worker thread runs, and
// counts the batches each one sent back. Node's own API, so the bundle is run unchanged.
const WORKER_PROBE = `
const wt = require("node:worker_threads");
const { syncBuiltinESMExports } = require("node:module");
const { fileURLToPath } = require("node:url");
const Base = wt.Worker;
wt.Worker = class extends Base {
  constructor(file, opts) {
    super(file, opts);
    const what = opts && opts.eval ? /require\\("([^"]+)"\\);$/.exec(file)[1] : fileURLToPath(file);
    let batches = 0;
    this.on("message", (m) => { if (!m.ready) batches++; });
    process.on("exit", () => process.stderr.write("probe-worker " + what + " " + batches + "\\n"));
  }
};
syncBuiltinESMExports();
`;

test("scan secrets with two workers: the same JSON findings bundled and from the sources", async (t) => {
  // The workers start at the 4,000th file, and take batches once they have loaded the rules.
  const tree = join(tmp, "tree");
  const planted = new Map<string, string>();
  for (let i = 0; i < 12_000; i++) {
    const dir = join(tree, `d${Math.floor(i / 500)}`);
    if (i % 500 === 0) mkdirSync(dir, { recursive: true });
    let text = `// file ${i}\nconst x = ${i};\n`;
    if (i % 1000 === 999) {
      const token = githubToken(`build-${i}`);
      planted.set(`d${Math.floor(i / 500)}/f${i}.js`, token);
      text += `const token = "${token}";\n`;
    }
    writeFileSync(join(dir, `f${i}.js`), text);
  }
  const probe = join(tmp, "worker-probe.cjs");
  writeFileSync(probe, WORKER_PROBE);
  const args = ["scan", "secrets", tree, "--format", "json", "--no-progress"];
  const env = { DRYDOCK_SECRETS_WORKERS: "2" };
  const bundled = await node(["--require", probe, join(outdir, "main.js"), ...args], env);
  const sources = await node(
    ["--require", probe, "--import", "tsx", "src/cli/main.ts", ...args],
    env,
  );
  assert.equal(bundled.code, 1, bundled.stderr);
  assert.equal(sources.code, 1, sources.stderr);

  // Two workers each, running the worker entry point: the bundle's own file, or the source.
  const workers = (stderr: string) =>
    stderr
      .split("\n")
      .filter((l) => l.startsWith("probe-worker "))
      .map((l) => l.split(" "));
  const fromBundle = workers(bundled.stderr);
  const fromSources = workers(sources.stderr).filter(([, file]) => file!.includes("tree-worker"));
  assert.deepEqual(
    fromBundle.map(([, file]) => file),
    [join(outdir, "secrets-tree-worker.js"), join(outdir, "secrets-tree-worker.js")],
  );
  assert.deepEqual(
    fromSources.map(([, file]) => file),
    [join(repoRoot, "src/secrets/tree-worker.ts"), join(repoRoot, "src/secrets/tree-worker.ts")],
  );
  // How much the workers scanned depends on how fast they start: reported, not asserted.
  t.diagnostic(
    `batches scanned by the workers: bundled ${fromBundle.map((w) => w[2]).join("+")}, sources ${fromSources.map((w) => w[2]).join("+")}`,
  );
  assert.equal(bundled.stderr.replace(/^probe-worker .*\n/gm, ""), "");

  const report = JSON.parse(bundled.stdout) as {
    findings: { path: string; ruleId: string }[];
    stats: { files: number };
  };
  assert.deepEqual(report, JSON.parse(sources.stdout));
  assert.equal(report.stats.files, 12_000);
  assert.deepEqual(report.findings.map((f) => f.path).sort(), [...planted.keys()].sort());
  // The secrets themselves are redacted by default.
  for (const token of planted.values()) assert.ok(!bundled.stdout.includes(token));
});

test("the bundled worker entry scans the batches it is sent", async () => {
  const dir = join(tmp, "worker");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "a.env"), `GITHUB_TOKEN=${githubToken("worker")}\n`);
  writeFileSync(join(dir, "b.txt"), "nothing here\n");
  const spec = new SecretEngine().spec();
  assert.ok(spec);
  const init: WorkerInit = {
    drydockSecretsTreeWorker: true,
    spec,
    cfg: { maxFileBytes: DEFAULT_MAX_FILE_BYTES, archives: DEFAULT_ARCHIVE_OPTIONS },
  };
  const w = new Worker(join(outdir, "secrets-tree-worker.js"), { workerData: init });
  try {
    const result = await new Promise<{ findings: { ruleId: string; origin: { path: string } }[] }>(
      (resolve, reject) => {
        w.on("error", reject);
        w.on("exit", (code) => reject(new Error(`the worker exited (${code})`)));
        w.on("message", (m: { ready?: true; batch?: number; result?: never }) => {
          if (m.ready) {
            const jobs = ["a.env", "b.txt"].map((rel) => ({ abs: join(dir, rel), rel }));
            w.postMessage({ batch: 7, jobs });
          } else {
            assert.equal(m.batch, 7);
            resolve(m.result!);
          }
        });
      },
    );
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.origin.path]),
      [["github-pat", "a.env"]],
    );
  } finally {
    await w.terminate();
  }
});

test("freshness: stale once an input is newer than the build, or missing; fresh otherwise", () => {
  const dir = join(tmp, "fresh");
  mkdirSync(join(dir, "out"), { recursive: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "out", "main.js"), "");
  writeFileSync(join(dir, "src", "a.ts"), "");
  writeFileSync(join(dir, "src", "b.ts"), "");
  const t = Date.parse("2024-01-02T03:04:05Z");
  utimesSync(join(dir, "src", "a.ts"), t / 1000, t / 1000);
  utimesSync(join(dir, "src", "b.ts"), (t - 60_000) / 1000, (t - 60_000) / 1000);
  const buildJson = join(dir, "out", "build.json");
  const write = (builtAtMs: number, inputs = ["src/a.ts", "src/b.ts"]) =>
    writeFileSync(
      buildJson,
      JSON.stringify({ builtAtMs, root: "..", entries: { main: "main.js" }, inputs }),
    );

  write(t - 1000);
  assert.equal(isFresh(buildJson), false, "a.ts is newer than the build");
  write(t);
  assert.equal(isFresh(buildJson), true, "built the moment a.ts was saved");
  write(t + 1000);
  assert.equal(isFresh(buildJson), true);
  assert.equal(isFresh(new URL(`file://${buildJson}`)), true, "a file: URL");
  write(t + 1000, ["src/a.ts", "src/gone.ts"]);
  assert.equal(isFresh(buildJson), false, "an input was deleted");
  write(t + 1000);
  rmSync(join(dir, "out", "main.js"));
  assert.equal(isFresh(buildJson), false, "no main.js");
  writeFileSync(join(dir, "out", "main.js"), "");
  writeFileSync(buildJson, "{");
  assert.equal(isFresh(buildJson), false, "unreadable build.json");
  assert.equal(isFresh(join(dir, "none.json")), false, "no build.json");
});

test("the bundle reads YAML lockfiles and draws its progress bar on a terminal, as the sources do", async () => {
  // Dependencies loaded on first use are CommonJS: a bundle offers them only as `default`.
  const dir = join(tmp, "project");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "yarn.lock"),
    '__metadata:\n  version: 8\n\n"left-pad@npm:^1.3.0":\n  version: 1.3.0\n  resolution: "left-pad@npm:1.3.0"\n  languageName: node\n  linkType: hard\n',
  );
  writeFileSync(
    join(dir, "pnpm-lock.yaml"),
    "lockfileVersion: '9.0'\n\npackages:\n\n  qs@6.5.2:\n    resolution: {integrity: sha512-x}\n",
  );
  const purls = (stdout: string) =>
    (JSON.parse(stdout) as { packages: { purl: string }[] }).packages.map((p) => p.purl).sort();
  const bundled = await node([join(outdir, "main.js"), "scan", "dir", dir, "--format", "json"]);
  assert.equal(bundled.code, 0, bundled.stderr);
  assert.deepEqual(purls(bundled.stdout), ["pkg:npm/left-pad@1.3.0", "pkg:npm/qs@6.5.2"]);
  const sources = await node(["bin/drydock.js", "scan", "dir", dir, "--format", "json"], {
    DRYDOCK_FROM_SOURCE: "1",
  });
  assert.equal(sources.code, 0, sources.stderr);
  assert.deepEqual(purls(sources.stdout), purls(bundled.stdout));
  // A terminal on stderr (util-linux `script` gives the command a pseudo-terminal): the bar is
  // drawn, the report goes to its file, and the command ends well.
  const report = join(tmp, "report.json");
  const command = `${process.execPath} ${join(outdir, "main.js")} scan dir ${dir} --format json -o ${report}`;
  const tty = await new Promise<Run>((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      cwd: repoRoot,
      env: { ...process.env, TERM: "xterm" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      stdout += c;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr: "" });
    });
  });
  assert.equal(tty.code, 0, tty.stdout);
  assert.doesNotMatch(tty.stdout, /Error/);
  assert.deepEqual(purls(readFileSync(report, "utf8")), purls(bundled.stdout));
});

// bin/bundle.js, as bin/drydock.js runs it: the bundle in `dir`, through the code caches.
function viaBundleJs(dir: string, args: string[]): Promise<Run> {
  const runner = join(tmp, "run-bundle.cjs");
  writeFileSync(
    runner,
    `require(${JSON.stringify(join(repoRoot, "bin", "bundle.js"))}).runBundle(process.env.BUNDLE_DIR, "main.js");\n`,
  );
  return node([runner, ...args], { BUNDLE_DIR: dir });
}

test("the build leaves V8 code caches this node accepts; bin/bundle.js runs the bundle with them as node's require does", async () => {
  const main = join(outdir, "main.js");
  const scanRun = readdirSync(outdir).find((n) => /^scan-run-\w+\.js$/.test(n));
  assert.ok(scanRun);
  for (const file of [main, join(outdir, scanRun)]) {
    const source = wrapChunk(readFileSync(file, "utf8"));
    const cachedData = readFileSync(`${file}.cache`);
    const script = new Script(source, { filename: file, cachedData });
    assert.equal(script.cachedDataRejected, false, file);
    // Trained by the build's runs: it holds functions those runs compiled, more than a cache of
    // the chunk compiled alone (its top level only) holds.
    const topLevel = new Script(source, { filename: file }).createCachedData().length;
    assert.ok(
      cachedData.length > topLevel,
      `${file}.cache: ${cachedData.length} <= ${topLevel} bytes`,
    );
  }

  const version = await viaBundleJs(outdir, ["--version"]);
  assert.equal(version.code, 0, version.stderr);
  assert.equal(version.stdout.trim(), pkg.version);
  const dir = join(tmp, "cached-project");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package-lock.json"),
    JSON.stringify({
      lockfileVersion: 3,
      packages: { "": { name: "app" }, "node_modules/left-pad": { version: "1.3.0" } },
    }),
  );
  const args = ["scan", "dir", dir, "--format", "json"];
  const cached = await viaBundleJs(outdir, args);
  const plain = await node([main, ...args]);
  assert.equal(cached.code, 0, cached.stderr);
  assert.equal(plain.code, 0, plain.stderr);
  const purls = (stdout: string) =>
    (JSON.parse(stdout) as { packages: { purl: string }[] }).packages.map((p) => p.purl);
  assert.deepEqual(purls(cached.stdout), ["pkg:npm/left-pad@1.3.0"]);
  assert.deepEqual(purls(cached.stdout), purls(plain.stdout));
});

test("a code cache V8 refuses (corrupt, or from another node) only means compiling: same results", async () => {
  // Beside outdir, so that the bundle still finds package.json two levels up.
  const copy = join(tmp, "dist", "corrupt-cache");
  cpSync(outdir, copy, { recursive: true });
  let corrupted = 0;
  for (const name of readdirSync(copy).filter((n) => n.endsWith(".js.cache"))) {
    const file = join(copy, name);
    writeFileSync(file, randomBytes(readFileSync(file).length));
    corrupted++;
  }
  assert.ok(corrupted > 5, `${corrupted} caches`);
  const version = await viaBundleJs(copy, ["--version"]);
  assert.equal(version.code, 0, version.stderr);
  assert.equal(version.stdout.trim(), pkg.version);
  const help = await viaBundleJs(copy, ["scan", "image", "--help"]);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /--platform/);
});
