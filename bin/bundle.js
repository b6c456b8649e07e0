// Runs the CommonJS bundle that scripts/build.mjs writes to dist/cli/: node's require, but each
// chunk compiled with the V8 code cache the build left beside it (NAME.js.cache), so that
// V8 neither parses it nor compiles the functions a command runs (~15 ms of a cached rescan's
// start-up, bench/scan.sh). Plain CommonJS (bin/package.json), as bin/drydock.js is.
"use strict";
const { readFileSync, renameSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { join } = require("node:path");
const { Script } = require("node:vm");

/**
 * A chunk's source as compiled: inside the wrapper node's own CommonJS loader puts around a
 * module, so the chunk sees the same names. A code cache is for this exact text.
 * @param {string} source
 */
function wrapChunk(source) {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;
}

/**
 * Loads `entry` (which runs the CLI) from the bundle in `dir`. A chunk requires another as
 * "./NAME.js", loaded here once; anything else (node's built-ins, the packages the bundle leaves
 * outside) goes to node's require. A cache V8 rejects (another node, other V8 flags) or that is
 * missing only means compiling as usual. Under --enable-source-maps, node's own loader runs the
 * bundle: it maps stack traces to the .ts files, and does not for a vm.Script.
 *
 * With `writeCodeCache` (the build's training runs, scripts/code-cache.mjs), each chunk's cache is
 * written at exit, holding every function compiled by then: the previous cache's and this run's.
 * @param {string} dir
 * @param {string} entry
 * @param {{ writeCodeCache?: boolean }} [opts]
 */
function runBundle(dir, entry, opts = {}) {
  if (process.sourceMapsEnabled) return require(join(dir, entry));
  const nodeRequire = createRequire(join(dir, entry));
  /** @type {Map<string, { exports: unknown, script?: Script }>} */
  const chunks = new Map();
  const load = (name) => {
    const loaded = chunks.get(name);
    if (loaded) return loaded.exports;
    const file = join(dir, name);
    const module = { exports: {}, id: file, filename: file, loaded: false };
    chunks.set(name, module);
    let cachedData;
    try {
      cachedData = readFileSync(`${file}.cache`);
    } catch {
      // no cache: compiled as node would
    }
    const script = new Script(wrapChunk(readFileSync(file, "utf8")), {
      filename: file,
      cachedData,
    });
    if (opts.writeCodeCache) module.script = script;
    const require = (id) => (id.startsWith("./") ? load(id.slice(2)) : nodeRequire(id));
    require.resolve = nodeRequire.resolve;
    require.cache = nodeRequire.cache;
    try {
      script.runInThisContext().call(module.exports, module.exports, require, module, file, dir);
    } catch (err) {
      // As node does: a chunk that failed to load is not half-kept for the next require.
      chunks.delete(name);
      throw err;
    }
    module.loaded = true;
    return module.exports;
  };
  if (opts.writeCodeCache) {
    process.on("exit", () => {
      for (const [name, { script }] of chunks) {
        const file = join(dir, `${name}.cache`);
        writeFileSync(`${file}.tmp`, script.createCachedData());
        renameSync(`${file}.tmp`, file);
      }
    });
  }
  return load(entry);
}

exports.runBundle = runBundle;
exports.wrapChunk = wrapChunk;
