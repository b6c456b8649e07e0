#!/usr/bin/env node
// Runs the bundle in dist/cli/ (`npm run build`; `npm ci` builds it) when it is fresh: no
// source has changed since it was built (bin/fresh.js). Otherwise, or with
// DRYDOCK_FROM_SOURCE=1, runs the TypeScript sources through tsx's loader, as it always may:
// an edited source runs as it is, never a stale bundle.
import { isFresh } from "./fresh.js";

const dist = new URL("../dist/cli/", import.meta.url);
if (process.env.DRYDOCK_FROM_SOURCE !== "1" && isFresh(new URL("build.json", dist))) {
  await import(new URL("main.js", dist).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
