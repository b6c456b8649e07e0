import type { CatalogReader, ImageFile, Problem, ReadResult } from "../types.ts";
import { composerPackage, isComposerName } from "./package.ts";

/**
 * PHP packages installed by Composer: `<project>/vendor/composer/installed.json`.
 *   - Composer 1 writes a JSON array of package objects.
 *   - Composer 2 writes `{ "packages": [...], "dev": bool, "dev-package-names": [...] }`.
 * Each package has `name` ("vendor/package"), `version` (the pretty version, e.g. "v5.4.3") and
 * `license` (an array of SPDX ids). The purl is pkg:composer/vendor/package@version.
 */

const MAX_BYTES = 64 * 1024 * 1024;

export const reader: CatalogReader = {
  meta: {
    id: "composer",
    title: "Composer installed.json",
    docsUrl: "https://getcomposer.org/doc/07-runtime.md#installed-versions",
    kind: "language",
    sources: ["image", "dir"],
  },
  maxFileBytes: MAX_BYTES,
  wants(path) {
    return path.endsWith("/vendor/composer/installed.json");
  },
  read(files) {
    const result: ReadResult = { packages: [], problems: [] };
    for (const file of files) readInstalled(file, result);
    return result;
  },
};

function readInstalled(file: ImageFile, result: ReadResult): void {
  const problem = (reason: string): Problem => ({ path: file.path, reason, layer: file.layer });
  if (file.content.length > MAX_BYTES) {
    result.problems.push(
      problem(`installed.json is ${file.content.length} bytes, over the ${MAX_BYTES} limit`),
    );
    return;
  }
  let doc: unknown;
  try {
    const text = file.content.toString("utf8");
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    result.problems.push(
      problem(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`),
    );
    return;
  }
  let list: unknown[];
  let devNames = new Set<string>();
  if (Array.isArray(doc)) list = doc;
  else if (isObject(doc) && Array.isArray(doc["packages"])) {
    list = doc["packages"];
    const dev = doc["dev-package-names"];
    if (Array.isArray(dev))
      devNames = new Set(dev.filter((d): d is string => typeof d === "string"));
  } else {
    result.problems.push(
      problem("installed.json is neither an array nor an object with a packages array"),
    );
    return;
  }
  list.forEach((entry, i) => {
    if (!isObject(entry)) {
      result.problems.push(problem(`packages[${i}] is not an object`));
      return;
    }
    const name = entry["name"];
    const version = entry["version"];
    if (typeof name !== "string" || name === "") {
      result.problems.push(problem(`packages[${i}] has no name`));
      return;
    }
    if (typeof version !== "string" || version === "") {
      result.problems.push(problem(`packages[${i}] (${name}) has no version`));
      return;
    }
    if (!isComposerName(name)) {
      result.problems.push(
        problem(`packages[${i}] has an invalid name ${JSON.stringify(name.slice(0, 200))}`),
      );
      return;
    }
    result.packages.push(composerPackage(name, version, entry, file, devNames.has(name)));
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
