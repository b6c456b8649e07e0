import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConfigInput, resolveConfig } from "../../src/app/config.ts";
import { startServer } from "../../src/app/server.ts";

export interface TestRegistry {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  dataDir: string;
  close(opts?: { keepData?: boolean }): Promise<void>;
}

/**
 * Starts a real drydock server in this process on 127.0.0.1 with a random port and a fresh
 * temporary data directory. `config` overrides any setting (nested like the YAML file).
 */
export async function startRegistry(config: ConfigInput = {}): Promise<TestRegistry> {
  const dataDir = config.storage?.dataDir ?? (await mkdtemp(join(tmpdir(), "drydock-test-")));
  const resolved = resolveConfig({
    ...config,
    server: { host: "127.0.0.1", port: 0, ...config.server },
    storage: { ...config.storage, dataDir },
    log: { level: "silent", ...config.log },
  });
  const server = await startServer(resolved);
  return {
    url: server.url,
    dataDir,
    async close(opts = {}) {
      await server.close();
      if (!opts.keepData && !config.storage?.dataDir)
        await rm(dataDir, { recursive: true, force: true });
    },
  };
}
