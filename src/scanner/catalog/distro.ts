import type { OsInfo } from "./types.ts";

/**
 * The purl `distro` qualifier of an OS package: `<ID>-<VERSION_ID>` (debian-12, alpine-3.20.1,
 * rhel-9.4), or the codename where there is no version (Debian testing), or the bare ID.
 */
export function distroQualifier(os: OsInfo | null): string | undefined {
  if (!os) return undefined;
  const version = os.versionId ?? os.versionCodename;
  return version ? `${os.id}-${version}` : os.id;
}
