import { reader as apk } from "./apk/index.ts";
import { reader as cargoLock } from "./cargo-lock/index.ts";
import { reader as composer } from "./composer/index.ts";
import { reader as composerLock } from "./composer-lock/index.ts";
import { reader as dotnet } from "./dotnet/index.ts";
import { reader as dpkg } from "./dpkg/index.ts";
import { reader as gem } from "./gem/index.ts";
import { reader as gemfileLock } from "./gemfile-lock/index.ts";
import { reader as goBinary } from "./go-binary/index.ts";
import { reader as goMod } from "./go-mod/index.ts";
import { reader as java } from "./java/index.ts";
import { reader as npm } from "./npm/index.ts";
import { reader as npmLock } from "./npm-lock/index.ts";
import { reader as osRelease } from "./os-release/index.ts";
import { reader as pnpmLock } from "./pnpm-lock/index.ts";
import { reader as poetryLock } from "./poetry-lock/index.ts";
import { reader as python } from "./python/index.ts";
import { reader as pythonRequirements } from "./python-requirements/index.ts";
import { reader as rpm } from "./rpm/index.ts";
import { reader as rustBinary } from "./rust-binary/index.ts";
import type { CatalogReader } from "./types.ts";
import { reader as uvLock } from "./uv-lock/index.ts";
import { reader as yarnLock } from "./yarn-lock/index.ts";

/** Every package reader, in the order they run (os-release first; the scanner sorts by kind). */
export const READERS: readonly CatalogReader[] = [
  osRelease,
  dpkg,
  apk,
  rpm,
  npm,
  npmLock,
  yarnLock,
  pnpmLock,
  pythonRequirements,
  poetryLock,
  uvLock,
  goMod,
  cargoLock,
  gemfileLock,
  composerLock,
  python,
  gem,
  composer,
  dotnet,
  java,
  goBinary,
  rustBinary,
];

/** How a reader appears in READERS_DESCRIPTION (version.ts). */
export function describeReader(r: CatalogReader): string {
  return `${r.meta.id}@${r.maxFileBytes}:${r.meta.sources.join("+")}`;
}

export { READERS_VERSION } from "./version.ts";
