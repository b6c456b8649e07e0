import { DrydockError } from "./errors.ts";

/**
 * Repository names and tags, from the OCI distribution spec ("Pulling manifests"):
 *   <name>      [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*
 *   <reference> tag: [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}
 * The spec lets registries cap a name's length; like Distribution we cap it at 255.
 */
const NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
export const MAX_NAME_LENGTH = 255;

export function isRepositoryName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_NAME_LENGTH && NAME.test(name);
}

export function requireRepositoryName(name: string): string {
  if (name.length > MAX_NAME_LENGTH) {
    throw new DrydockError(
      "NAME_INVALID",
      `repository name is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}`,
    );
  }
  if (!NAME.test(name)) {
    throw new DrydockError(
      "NAME_INVALID",
      `invalid repository name "${name.slice(0, 100)}": use lowercase letters, digits and separators (. _ __ -) in components joined by /`,
    );
  }
  return name;
}

export function isTag(tag: string): boolean {
  return TAG.test(tag);
}

/** The first path component of a repository: its namespace. */
export function namespaceOf(repository: string): string {
  const slash = repository.indexOf("/");
  return slash === -1 ? repository : repository.slice(0, slash);
}
