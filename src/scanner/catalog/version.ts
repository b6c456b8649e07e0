import { createHash } from "node:crypto";

/**
 * Part of the scan cache's keys: a new reader, or a changed one, must not be served results
 * cached by the old set. Written out here, not computed from the readers, so that a rescan
 * answered by the cache does not load them; api.test.ts checks it against READERS.
 * Bump SCHEMA when a reader's output changes without its description changing.
 */
const SCHEMA = 2;

/** Every reader as `id@maxFileBytes:sources`, in the order of READERS (catalog/api.ts). */
export const READERS_DESCRIPTION: readonly string[] = [
  "os-release@65536:image+dir",
  "dpkg@67108864:image+dir",
  "apk@67108864:image+dir",
  "rpm@536870912:image+dir",
  "npm@33554432:image+dir",
  "npm-lock@67108864:dir",
  "yarn-lock@67108864:dir",
  "pnpm-lock@67108864:dir",
  "python-requirements@16777216:dir",
  "poetry-lock@67108864:dir",
  "uv-lock@67108864:dir",
  "go-mod@16777216:dir",
  "cargo-lock@67108864:dir",
  "gemfile-lock@67108864:dir",
  "composer-lock@67108864:dir",
  "python@8388608:image+dir",
  "gem@4194304:image+dir",
  "composer@67108864:image+dir",
  "dotnet@67108864:image+dir",
  "java@134217728:image+dir",
  "go-binary@268435456:image+dir",
  "rust-binary@268435456:image+dir",
];

export const READERS_VERSION = createHash("sha256")
  .update(`${SCHEMA}:${READERS_DESCRIPTION.join(",")}`)
  .digest("hex")
  .slice(0, 16);
