#!/usr/bin/env node
// Runs the bundle in dist/cli/ (`npm run build`; `npm ci` builds it), loaded by bundle.js with
// its code caches, when it is fresh: no source has changed since it was built (fresh.js).
// Otherwise, or with DRYDOCK_FROM_SOURCE=1, runs the TypeScript sources through tsx's loader,
// as it always may: an edited source runs as it is, never a stale bundle. CommonJS, like the
// bundle (bin/package.json): a command that runs the bundle never starts node's ES module loader.
"use strict";
const { join } = require("node:path");
const { isFresh } = require("./fresh.js");

const dist = join(__dirname, "..", "dist", "cli");
if (process.env.DRYDOCK_FROM_SOURCE !== "1" && isFresh(join(dist, "build.json"))) {
  require("./bundle.js").runBundle(dist, "main.js");
} else {
  (async () => {
    const { register } = await import("tsx/esm/api");
    register();
    await import("../src/cli/main.ts");
  })();
}
