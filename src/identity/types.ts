/**
 * The vocabulary of identity: who is asking (a principal), what they may do (actions on a
 * repository), and the records behind them. Shared by the identity part, its storage adapter
 * and the HTTP edge.
 */

/** What a registry token grants on one resource (the Docker token specification's `access`). */
export type Action = "pull" | "push" | "delete";
export const ACTIONS: readonly Action[] = ["pull", "push", "delete"];

export interface AccessEntry {
  /** `repository` for a repository's content, `registry` for `registry:catalog:*`. */
  type: "repository" | "registry";
  name: string;
  actions: string[];
}

export type Role = "owner" | "maintainer" | "developer" | "viewer";
export const ROLES: readonly Role[] = ["owner", "maintainer", "developer", "viewer"];

/** Who made a request, once authenticated. `id` is what tokens carry as `sub`. */
export type Principal =
  | { kind: "anonymous"; id: "anonymous"; name: "anonymous" }
  | { kind: "user"; id: string; name: string; admin: boolean }
  | { kind: "robot"; id: string; name: string; namespace: string }
  | {
      kind: "workload";
      id: string;
      name: string;
      namespace: string;
      /** The trust policy that admitted the OIDC token. */
      policyId: string;
    };

export const ANONYMOUS: Principal = { kind: "anonymous", id: "anonymous", name: "anonymous" };

/** A robot's or a workload's grant: repositories matching `repositories` (a glob, `*` = any run of characters except `/`, `**` = anything) in its namespace. */
export interface Permission {
  repositories: string;
  actions: Action[];
}

/** A set of claims an OIDC token must carry for a trust policy: exact values, or globs with `*`. */
export type ClaimRules = Record<string, string>;
