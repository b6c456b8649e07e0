import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { randomIds } from "../core/ids.ts";
import { buildHttpApp } from "../http/app.ts";
import type { Config } from "./config.ts";
import { createPino, toLogger } from "./logger.ts";
import { openRegistry } from "./registry.ts";

export interface RunningServer {
  url: string;
  /** Stops accepting, lets in-flight requests finish (up to the shutdown timeout), closes storage. */
  close(): Promise<void>;
}

/** The composition root of `drydock serve`: config -> storage -> parts -> HTTP, plus the GC timer. */
export async function startServer(config: Config): Promise<RunningServer> {
  const pinoLog = createPino(config.log.level);
  const log = toLogger(pinoLog);
  const { registry, dataDir, close: closeStorage } = await openRegistry(config, log);
  await registry.recover();
  registry.events.on((event) => log.info("registry event", { event }));

  const tls = config.server.tls.cert
    ? { cert: readFileSync(config.server.tls.cert), key: readFileSync(config.server.tls.key!) }
    : undefined;
  const app = buildHttpApp(
    { registry, log: pinoLog, ids: randomIds },
    {
      bodyIdleMs: config.server.bodyIdleTimeoutSeconds * 1000,
      maxManifestBytes: config.registry.maxManifestBytes,
      ...(tls ? { tls } : {}),
    },
  );
  await app.listen({ host: config.server.host, port: config.server.port });
  const address = app.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `${tls ? "https" : "http"}://${host}:${address.port}`;
  log.info("listening", { url, dataDir, tls: Boolean(tls) });

  let gcTimer: NodeJS.Timeout | undefined;
  let gcPass: Promise<unknown> = Promise.resolve();
  let stopping = false;
  if (config.gc.intervalMinutes > 0) {
    const every = config.gc.intervalMinutes * 60_000;
    const tick = () => {
      gcPass = registry.gc
        .run({ dryRun: false })
        .catch((err: unknown) =>
          log.error("garbage collection failed", { err: (err as Error).message }),
        )
        .finally(() => {
          if (stopping) return;
          gcTimer = setTimeout(tick, every);
          gcTimer.unref();
        });
    };
    gcTimer = setTimeout(tick, every);
    gcTimer.unref();
  }

  let closing: Promise<void> | null = null;
  return {
    url,
    close() {
      closing ??= (async () => {
        stopping = true;
        clearTimeout(gcTimer);
        log.info("shutting down", { timeoutSeconds: config.server.shutdownTimeoutSeconds });
        // In-flight requests may finish; past the timeout their connections are cut, and an
        // unfinished chunk is rolled back, so the upload session stays resumable.
        const force = setTimeout(
          () => app.server.closeAllConnections(),
          config.server.shutdownTimeoutSeconds * 1000,
        );
        force.unref();
        app.server.closeIdleConnections();
        await app.close();
        clearTimeout(force);
        await gcPass;
        await closeStorage();
        log.info("stopped");
      })();
      return closing;
    },
  };
}
