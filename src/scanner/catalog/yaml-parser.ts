import type { parse } from "yaml";

export type ParseYaml = typeof parse;

let loaded: ParseYaml | undefined;

/**
 * Runs `read` with the YAML parser, which loads with the first lockfile that needs it: image
 * scans never do, and the parser is a sizeable part of start-up. Synchronous once loaded.
 */
export function withYaml<T>(read: (parseYaml: ParseYaml) => T): T | Promise<T> {
  if (loaded) return read(loaded);
  return import("yaml").then((mod) => {
    // A CommonJS package: node offers its exports by name and as `default`; a bundle only as
    // `default`.
    const yaml = mod.default ?? mod;
    loaded = yaml.parse;
    return read(loaded);
  });
}
