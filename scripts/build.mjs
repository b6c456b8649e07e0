#!/usr/bin/env node
// Bundles the CLI into dist/cli/ so that `bin/drydock.js` starts without tsx.
//   node scripts/build.mjs [--outdir DIR]
// Plain JavaScript, so that it runs before anything is built. The output is CommonJS chunks
// (split as ES modules, then converted: see step 2 below). Every chunk lands in the one
// folder (so `new URL("../../package.json", import.meta.url)` in src/cli/version.ts still finds
// package.json two levels up), dependencies are bundled but for a few (EXTERNAL), and
// build.json lists every input with the build time: bin/fresh.js tells a stale bundle by it.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { writeCodeCaches } from "./code-cache.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({ options: { outdir: { type: "string" } } });
const outdir = resolve(root, values.outdir ?? "dist/cli");

/**
 * Entry points: the CLI, and each worker thread's own module (a worker must never run a chunk
 * or main.js). src/secrets/tree.ts spawns `secrets-tree-worker.js` from the folder it runs in.
 */
const ENTRIES = {
  main: "src/cli/main.ts",
  "secrets-tree-worker": "src/secrets/tree-worker.ts",
};
/** Loaded from node_modules at run time, not bundled. */
const EXTERNAL = [
  "better-sqlite3", // native addon
  "@node-rs/argon2", // native addon
  "pino", // starts transports from its own files
  "fastify", // the server: start-up time is not its concern
  "@cyclonedx/cyclonedx-library", // optional XML plug-ins required at run time
  "ae-cvss-calculator",
  "tsx",
  "esbuild",
];
/** Not bundled, but a change to them changes the output. */
const EXTRA_INPUTS = [
  "scripts/build.mjs",
  "scripts/code-cache.mjs",
  "scripts/code-cache-run.cjs",
  // The code caches are for the source bundle.js wraps each chunk in.
  "bin/bundle.js",
  "tsconfig.json",
];

/**
 * zod's namespace re-exports every locale's messages (64 of them, most of zod's 750 kB); we use
 * its English default only (imported on its own by zod), so the locales index is left empty.
 */
const zodWithoutLocales = {
  name: "zod-without-locales",
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${sep}node_modules${sep}zod${sep}`)
        ? { path: "zod-locales", namespace: "drydock-empty" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "drydock-empty" }, () => ({ contents: "export {};" }));
  },
};

/**
 * zod/mini (what the scan path uses: core/manifest.ts, scanner/image/) gets a copy of zod's
 * core of its own. Shared with classic zod (loaded by other commands) the core could not be
 * tree-shaken, and a scan would load all of it: ~50 ms of start-up for nothing. Every module
 * reached from "zod/mini" is loaded under a "?mini" suffix, which esbuild treats as a module of
 * its own; both copies share zod's settings through globalThis, as zod intends.
 */
const zodMiniApart = {
  name: "zod-mini-apart",
  setup(b) {
    // zod/mini, and the English messages core/manifest.ts sets for it (whose imports would
    // otherwise bring classic zod's copy of the core's utilities).
    b.onResolve({ filter: /^zod\/(mini|v4\/locales\/en\.js)$/ }, async (args) => {
      if (args.pluginData?.skip) return undefined;
      const r = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: { skip: true },
      });
      return { path: r.path, suffix: "?mini", namespace: "zod-mini", pluginData: { mini: true } };
    });
    b.onResolve({ filter: /^\./ }, (args) =>
      args.pluginData?.mini
        ? {
            path: join(args.resolveDir, args.path),
            suffix: "?mini",
            namespace: "zod-mini",
            pluginData: { mini: true },
          }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-mini" }, (args) => ({
      contents: readFileSync(args.path, "utf8"),
      loader: "js",
      resolveDir: dirname(args.path),
      pluginData: { mini: true },
    }));
  },
};

/**
 * commander requires node:child_process when it loads, for subcommands that are separate
 * executables (which drydock has none of): loading it (and node:net with it) is ~4 ms of every
 * command's start-up. commander gets it on first use instead.
 */
const lazyChildProcessForCommander = {
  name: "lazy-child-process-for-commander",
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${sep}node_modules${sep}commander${sep}`)
        ? { path: "child_process", namespace: "drydock-lazy-child-process" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "drydock-lazy-child-process" }, () => ({
      contents:
        'module.exports = new Proxy({}, { get: (_, key) => require("node:child_process")[key] });',
      loader: "js",
    }));
  },
};

// Taken before esbuild reads anything: a source saved during the build is newer, so stale.
const builtAt = Date.now();

// Chunk names carry a hash: clear the previous build's files, and only those.
mkdirSync(outdir, { recursive: true });
for (const name of readdirSync(outdir)) {
  if (/\.js(\.map|\.cache)?$/.test(name) || name === "build.json" || name === "package.json")
    rmSync(join(outdir, name));
}

// Step 1: one module graph, split into chunks (esbuild splits ES modules only), written beside
// the output folder and removed at the end.
const esmDir = join(dirname(outdir), `.${basename(outdir)}-esm`);
rmSync(esmDir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ENTRIES,
  outdir: esmDir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Dependencies are bundled too (one module graph to load, tree-shaken), except native
  // addons and packages that load their own files at run time.
  external: EXTERNAL,
  chunkNames: "[name]-[hash]",
  sourcemap: "linked",
  metafile: true,
  logLevel: "warning",
  plugins: [lazyChildProcessForCommander, zodMiniApart, zodWithoutLocales],
});

/**
 * Step 2: each chunk becomes a CommonJS module of the same name, its imports require() calls
 * (import() too, as a promise). Node 20 loads CommonJS faster than ES modules: no module-loader
 * start-up (~10 ms) and less per module; a cached rescan's own time went from ~87 to ~70 ms.
 * A chunk's `import.meta.url` becomes its file's URL (two passes: a chunk without one gets no
 * banner). The source maps go through both steps, so stack traces under --enable-source-maps
 * still name the .ts files.
 */
const chunks = readdirSync(esmDir)
  .filter((name) => name.endsWith(".js"))
  .map((name) => join(esmDir, name));
const usesImportMeta = (file) => readFileSync(file, "utf8").includes("import.meta");
for (const withUrl of [true, false]) {
  await build({
    absWorkingDir: root,
    entryPoints: chunks.filter((file) => usesImportMeta(file) === withUrl),
    outdir,
    // Bundling one file at a time (every import stays outside) is what reads its source map.
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    supported: { "dynamic-import": false },
    ...(withUrl
      ? {
          define: { "import.meta.url": "__drydockImportMetaUrl" },
          banner: {
            js: 'var __drydockImportMetaUrl = require("node:url").pathToFileURL(__filename).href;',
          },
        }
      : {}),
    sourcemap: "linked",
    logLevel: "warning",
    plugins: [
      {
        name: "every-import-outside",
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) =>
            args.kind === "entry-point" ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
}
// The chunks stand where ES modules stood (`"type": "module"`), so esbuild converts their
// imports as node imports CommonJS: `default` is the whole module.exports. Right for the
// packages left outside (`import calculator from "ae-cvss-calculator"`); for a chunk, an
// ES module converted, its exports are the module's, `default` included. Same length, so
// the source maps still line up.
for (const name of readdirSync(outdir)) {
  if (!name.endsWith(".js")) continue;
  const file = join(outdir, name);
  const code = readFileSync(file, "utf8");
  const fixed = code.replace(/__toESM\(require\("(\.\/[\w-]+\.js)"\), 1\)/g, '__toESM(require("$1")   )');
  if (fixed !== code) writeFileSync(file, fixed);
}
rmSync(esmDir, { recursive: true, force: true });
// The repository's package.json says "module": this folder's says otherwise.
writeFileSync(join(outdir, "package.json"), '{ "type": "commonjs" }\n');
// Step 3: V8 code caches for bin/bundle.js, from runs of the bundle itself.
writeCodeCaches(outdir);

// esbuild names inputs relative to absWorkingDir (the repository), with "/" separators.
// Dependencies change only through npm ci/install, which rebuilds (prepare): only our own
// files are checked for freshness.
const inputs = [
  ...Object.keys(result.metafile.inputs).filter(
    // (plugin modules have a "namespace:" prefix and no file)
    (f) => !f.startsWith("node_modules/") && !f.includes(":"),
  ),
  ...EXTRA_INPUTS,
].sort();
const manifest = {
  builtAt: new Date(builtAt).toISOString(),
  builtAtMs: builtAt,
  // The folder the inputs are relative to, from this file's folder.
  root: relative(outdir, root).split(sep).join("/") || ".",
  entries: Object.fromEntries(Object.keys(ENTRIES).map((name) => [name, `${name}.js`])),
  inputs,
};
writeFileSync(join(outdir, "build.json"), `${JSON.stringify(manifest, null, 2)}\n`);
const bytes = Object.entries(result.metafile.outputs)
  .filter(([name]) => name.endsWith(".js"))
  .reduce((n, [, o]) => n + o.bytes, 0);
console.log(
  `drydock: built ${relative(root, outdir) || "."} (${inputs.length} inputs, ${(bytes / 1e6).toFixed(1)} MB of JS) in ${Date.now() - builtAt} ms`,
);
