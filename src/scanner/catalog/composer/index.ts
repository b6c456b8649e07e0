import { purl } from "../../../core/purl.ts";
import type { CatalogReader, ImageFile, Problem, ReadResult } from "../types.ts";

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
    const slash = name.indexOf("/");
    if (
      slash <= 0 ||
      slash === name.length - 1 ||
      name.indexOf("/", slash + 1) !== -1 ||
      /\s/.test(name)
    ) {
      result.problems.push(
        problem(`packages[${i}] has an invalid name ${JSON.stringify(name.slice(0, 200))}`),
      );
      return;
    }
    const licenses = Array.isArray(entry["license"])
      ? entry["license"].filter((l): l is string => typeof l === "string" && l !== "")
      : typeof entry["license"] === "string" && entry["license"] !== ""
        ? [entry["license"]]
        : [];
    result.packages.push({
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
      ...(licenses.length > 0 ? { licenses: [...new Set(licenses)] } : {}),
      ...(devNames.has(name) ? { metadata: { dev: true } } : {}),
    });
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
