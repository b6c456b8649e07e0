import { purl } from "../../../core/purl.ts";
import { readJsonObject } from "../json-file.ts";
import type { CatalogReader, ImageFile, Problem, ReadResult } from "../types.ts";

/**
 * .NET applications' dependency manifests, `<App>.deps.json`, written next to the app by the SDK.
 * The `libraries` object is keyed by `Name/Version`; entries with `"type": "package"` are NuGet
 * packages (pkg:nuget/Name@Version). `project` entries are the app's own projects and
 * `reference`/`runtimepack` entries ship with the runtime; those are not reported here.
 */

const MAX_BYTES = 64 * 1024 * 1024;

export const reader: CatalogReader = {
  meta: {
    id: "dotnet",
    title: ".NET deps.json",
    docsUrl:
      "https://github.com/dotnet/cli/blob/v2.0.0/Documentation/specs/runtime-configuration-file.md",
    kind: "language",
    sources: ["image", "dir"],
  },
  maxFileBytes: MAX_BYTES,
  wants(path) {
    return (
      path.endsWith(".deps.json") && path.lastIndexOf("/") < path.length - ".deps.json".length - 1
    );
  },
  read(files) {
    const result: ReadResult = { packages: [], problems: [] };
    for (const file of files) readDeps(file, result);
    return result;
  },
};

function readDeps(file: ImageFile, result: ReadResult): void {
  const problem = (reason: string): Problem => ({ path: file.path, reason, layer: file.layer });
  const parsed = readJsonObject(file, "deps.json", MAX_BYTES);
  if ("problem" in parsed) {
    result.problems.push(problem(parsed.problem));
    return;
  }
  const doc = parsed.doc;
  const libraries = doc["libraries"];
  if (libraries === undefined) return;
  if (!isObject(libraries)) {
    result.problems.push(problem("libraries is not an object"));
    return;
  }
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(libraries)) {
    if (!isObject(value)) {
      result.problems.push(problem(`libraries[${JSON.stringify(key)}] is not an object`));
      continue;
    }
    if (value["type"] !== "package") continue;
    const slash = key.lastIndexOf("/");
    const name = key.slice(0, slash);
    const version = key.slice(slash + 1);
    if (slash <= 0 || version === "" || name.includes("/") || /\s/.test(key)) {
      result.problems.push(
        problem(`libraries key ${JSON.stringify(key.slice(0, 200))} is not Name/Version`),
      );
      continue;
    }
    // NuGet ids are case-insensitive; one record per id and version.
    const id = `${name.toLowerCase()}/${version.toLowerCase()}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const pkg = {
      type: "nuget" as const,
      name,
      version,
      purl: purl({ type: "nuget", name, version }),
      path: file.path,
      layer: file.layer,
      ...(typeof value["sha512"] === "string" && value["sha512"] !== ""
        ? { metadata: { sha512: value["sha512"] } }
        : {}),
    };
    result.packages.push(pkg);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
