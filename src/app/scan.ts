import { homedir } from "node:os";
import { join } from "node:path";
import { DrydockError } from "../core/errors.ts";
import type { VulnStore } from "../scanner/vulndb/ports.ts";
import { SqliteVulnStore } from "../storage/vulndb-sqlite/store.ts";

/** The vulnerability database file: `--db`, else DRYDOCK_VULNDB, else the user's cache folder. */
export function vulnDbPath(flag?: string): string {
  if (flag) return flag;
  if (process.env.DRYDOCK_VULNDB) return process.env.DRYDOCK_VULNDB;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "drydock", "vulndb", "osv.db");
}

/** Opens (creating when asked) the vulnerability database. */
export function openVulnStore(file: string, opts: { create: boolean }): VulnStore {
  try {
    return new SqliteVulnStore(file, { readonly: !opts.create });
  } catch (err) {
    // A file that is not ours (or is damaged) gets a message, not a stack trace.
    throw new DrydockError(
      "INVALID",
      `${file}: not a drydock vulnerability database (${(err as Error).message}); remove it and run \`drydock db update\``,
    );
  }
}
