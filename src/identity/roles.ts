import type { Action, Permission, Role } from "./types.ts";

/**
 * What each role may do in its namespace. Owners also manage members, robots, trust
 * policies and settings; nobody else does (see `canManage`).
 */
export const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  owner: ["pull", "push", "delete"],
  maintainer: ["pull", "push", "delete"],
  developer: ["pull", "push"],
  viewer: ["pull"],
};

export function canManage(role: Role | null): boolean {
  return role === "owner";
}

/** A repository's namespace: its first path component (`team-a/app` -> `team-a`). */
export function namespaceOf(repository: string): string {
  const slash = repository.indexOf("/");
  return slash === -1 ? repository : repository.slice(0, slash);
}

/** The repository's path inside its namespace (`team-a/app/web` -> `app/web`; `app` -> ``). */
export function pathInNamespace(repository: string): string {
  const slash = repository.indexOf("/");
  return slash === -1 ? "" : repository.slice(slash + 1);
}

const globCache = new Map<string, RegExp>();

/**
 * Repository patterns of robots and trust policies, matched against the path inside the
 * namespace: `*` is any run of characters without `/`, `**` anything, the rest literal.
 */
export function repositoryMatches(pattern: string, path: string): boolean {
  let re = globCache.get(pattern);
  if (!re) {
    const source = pattern
      .split("**")
      .map((part) =>
        part
          .split("*")
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join("[^/]*"),
      )
      .join(".*");
    re = new RegExp(`^${source}$`);
    if (globCache.size < 10_000) globCache.set(pattern, re);
  }
  return re.test(path);
}

/** The actions `permissions` grant on `repository` (in their namespace `namespace`). */
export function permittedActions(
  permissions: readonly Permission[],
  namespace: string,
  repository: string,
): Set<Action> {
  const out = new Set<Action>();
  if (namespaceOf(repository) !== namespace) return out;
  const path = pathInNamespace(repository);
  for (const p of permissions)
    if (repositoryMatches(p.repositories, path)) for (const a of p.actions) out.add(a);
  return out;
}

/** A pattern users may write: non-empty, repository characters and `*` only. */
export function validPattern(pattern: string): boolean {
  return /^[a-z0-9._\-/*]{1,255}$/.test(pattern);
}
