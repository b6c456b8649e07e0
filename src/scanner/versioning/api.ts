import { scheme as apk } from "./apk/index.ts";
import { scheme as dpkg } from "./dpkg/index.ts";
import { scheme as go } from "./go/index.ts";
import { scheme as maven } from "./maven/index.ts";
import { scheme as nuget } from "./nuget/index.ts";
import { scheme as packagist } from "./packagist/index.ts";
import { scheme as pep440 } from "./pep440/index.ts";
import { scheme as rpm } from "./rpm/index.ts";
import { scheme as rubygems } from "./rubygems/index.ts";
import { scheme as semver } from "./semver/index.ts";
import type { VersionScheme } from "./types.ts";

/** Every version scheme. */
export const SCHEMES: readonly VersionScheme[] = [
  dpkg,
  apk,
  rpm,
  semver,
  go,
  pep440,
  maven,
  rubygems,
  nuget,
  packagist,
];

/** OSV ecosystem (the part before the first `:`, e.g. `Debian` of `Debian:12`) -> its scheme. */
const BY_ECOSYSTEM: Record<string, VersionScheme> = {
  Debian: dpkg,
  Ubuntu: dpkg,
  Alpine: apk,
  "Red Hat": rpm,
  AlmaLinux: rpm,
  "Rocky Linux": rpm,
  openSUSE: rpm,
  SUSE: rpm,
  Mageia: rpm,
  npm: semver,
  "crates.io": semver,
  Go: go,
  PyPI: pep440,
  Maven: maven,
  RubyGems: rubygems,
  NuGet: nuget,
  Packagist: packagist,
};

/** The scheme that orders versions of an OSV ecosystem (`Debian:12` -> dpkg), or null when none does. */
export function schemeForEcosystem(ecosystem: string): VersionScheme | null {
  const colon = ecosystem.indexOf(":");
  return BY_ECOSYSTEM[colon < 0 ? ecosystem : ecosystem.slice(0, colon)] ?? null;
}

/**
 * The scheme for an OSV range: `SEMVER` ranges use SemVer 2 (the Go ecosystem's own scheme,
 * which accepts the `v` prefix, for Go); `ECOSYSTEM` ranges use the ecosystem's scheme.
 * `GIT` ranges name commits, not versions: null.
 */
export function schemeForRange(type: string, ecosystem: string): VersionScheme | null {
  if (type === "SEMVER") return ecosystem === "Go" ? go : semver;
  if (type === "ECOSYSTEM") return schemeForEcosystem(ecosystem);
  return null;
}
