import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { repoRoot } from "./process.ts";

/**
 * The real OSV snapshot in the bulk layout (`<ECOSYSTEM>/all.zip`): `DRYDOCK_OSV_DIR`, else
 * `../shared/osv` next to the repository, else the committed copy in test/fixtures.
 */
export function osvSnapshotDir(): string {
  const candidates = [
    process.env.DRYDOCK_OSV_DIR,
    resolve(repoRoot, "..", "shared", "osv"),
    join(repoRoot, "test", "fixtures", "osv-snapshot"),
  ];
  for (const dir of candidates) if (dir && existsSync(join(dir, "Go", "all.zip"))) return dir;
  throw new Error("no OSV snapshot found (set DRYDOCK_OSV_DIR)");
}
