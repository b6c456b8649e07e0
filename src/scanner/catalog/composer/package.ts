import { purl } from "../../../core/purl.ts";
import type { ImageFile, Package } from "../types.ts";

/**
 * What installed.json (the `composer` reader) and composer.lock (`composer-lock`) have in
 * common: a package object with `name` ("vendor/package"), `version` and `license`.
 */

/** A Composer name is exactly `vendor/package`, without white space. */
export function isComposerName(name: string): boolean {
  const slash = name.indexOf("/");
  return (
    slash > 0 && slash < name.length - 1 && name.indexOf("/", slash + 1) === -1 && !/\s/.test(name)
  );
}

/** `license` as Composer writes it: an array of SPDX ids, or (older files) one string. */
export function licensesOf(entry: Record<string, unknown>): string[] {
  const l = entry["license"];
  const list = Array.isArray(l)
    ? l.filter((x): x is string => typeof x === "string" && x !== "")
    : typeof l === "string" && l !== ""
      ? [l]
      : [];
  return [...new Set(list)];
}

/** The package, with its purl (pkg:composer/vendor/package@version); `name` is a valid Composer name. */
export function composerPackage(
  name: string,
  version: string,
  entry: Record<string, unknown>,
  file: ImageFile,
  dev: boolean,
): Package {
  const slash = name.indexOf("/");
  const licenses = licensesOf(entry);
  return {
    type: "composer",
    name,
    version,
    purl: purl({
      type: "composer",
      namespace: name.slice(0, slash),
      name: name.slice(slash + 1),
      version,
    }),
    path: file.path,
    layer: file.layer,
    ...(licenses.length > 0 ? { licenses } : {}),
    ...(dev ? { metadata: { dev: true } } : {}),
  };
}
