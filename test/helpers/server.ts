import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConfigInput, resolveConfig } from "../../src/app/config.ts";
import { startServer } from "../../src/app/server.ts";
import type { Clock } from "../../src/core/clock.ts";

export interface TestRegistry {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** The system admin made on first start (a random password per server). */
  admin: { username: string; password: string };
  dataDir: string;
  close(opts?: { keepData?: boolean }): Promise<void>;
}

/**
 * Starts a real drydock server in this process on 127.0.0.1 with a random port and a fresh
 * temporary data directory. `config` overrides any setting (nested like the YAML file).
 */
export async function startRegistry(
  config: ConfigInput = {},
  opts: { adminPassword?: string; clock?: Clock } = {},
): Promise<TestRegistry> {
  const dataDir = config.storage?.dataDir ?? (await mkdtemp(join(tmpdir(), "drydock-test-")));
  const resolved = resolveConfig({
    ...config,
    server: { host: "127.0.0.1", port: 0, ...config.server },
    storage: { ...config.storage, dataDir },
    log: { level: "silent", ...config.log },
    // Failed sign-ins in tests are not slowed down unless a test asks for it.
    identity: { failureDelayMs: 0, ...config.identity },
  });
  const adminPassword = opts.adminPassword ?? `admin-${randomBytes(12).toString("hex")}`;
  const server = await startServer(resolved, {
    adminPassword,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  return {
    url: server.url,
    admin: { username: "admin", password: adminPassword },
    dataDir,
    async close(opts = {}) {
      await server.close();
      if (!opts.keepData && !config.storage?.dataDir)
        await rm(dataDir, { recursive: true, force: true });
    },
  };
}
