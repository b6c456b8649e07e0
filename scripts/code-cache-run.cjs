// One training run of scripts/code-cache.mjs: the CLI from the bundle in
// DRYDOCK_CODE_CACHE_DIST, each chunk's code cache written at exit.
"use strict";
require("../bin/bundle.js").runBundle(process.env.DRYDOCK_CODE_CACHE_DIST, "main.js", {
  writeCodeCache: true,
});
