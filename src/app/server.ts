import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { type Clock, systemClock } from "../core/clock.ts";
import { randomIds } from "../core/ids.ts";
import { buildHttpApp } from "../http/app.ts";
import type { Config } from "./config.ts";
import { type IdentityParts, openIdentity } from "./identity.ts";
import { createPino, toLogger } from "./logger.ts";
import { openRegistry } from "./registry.ts";

export interface RunningServer {
  url: string;
  /** Stops accepting, lets in-flight requests finish (up to the shutdown timeout), closes storage. */
  close(): Promise<void>;
}

/** The composition root of `drydock serve`: config -> storage -> parts -> HTTP, plus the GC timer. */
export async function startServer(
  config: Config,
  opts: { adminPassword?: string; clock?: Clock } = {},
): Promise<RunningServer> {
  const clock = opts.clock ?? systemClock;
  const pinoLog = createPino(config.log.level);
  const log = toLogger(pinoLog);
  const { registry, dataDir, opened, close: closeStorage } = await openRegistry(config, log, clock);
  await registry.recover();
  registry.events.on((event) => log.info("registry event", { event }));

  let identity: IdentityParts | null = null;
  let clientHost = registryHost(config);
  if (config.identity.auth === "token") {
    identity = await openIdentity(config, opened, dataDir, {
      clock,
      ids: randomIds,
      log,
      registryHost: () => clientHost,
    });
    const admin = await identity.identity.bootstrap(
      opts.adminPassword ?? (process.env.DRYDOCK_ADMIN_PASSWORD || undefined),
    );
    if (admin?.password !== undefined)
      // Printed once, to the terminal only (never to the JSON log): it is not stored anywhere.
      process.stderr.write(
        `drydock: created the system admin "${admin.name}" with password ${admin.password}\n` +
          "drydock: it is shown only now; change it with `drydock user passwd admin` or set DRYDOCK_ADMIN_PASSWORD before the first start\n",
      );
    else if (admin) log.info("created the system admin", { name: admin.name });
  } else {
    log.warn(
      "authentication is off (identity.auth=none): anyone who can reach this port can push and delete",
      {},
    );
  }

  const tls = config.server.tls.cert
    ? { cert: readFileSync(config.server.tls.cert), key: readFileSync(config.server.tls.key!) }
    : undefined;
  const app = buildHttpApp(
    {
      registry,
      log: pinoLog,
      ids: randomIds,
      ...(identity
        ? {
            identity: {
              identity: identity.identity,
              management: identity.management,
              tokens: identity.tokens,
              basicOnV2: config.identity.basicOnV2,
              externalUrl: config.identity.externalUrl,
            },
          }
        : {}),
    },
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
  if (!config.identity.externalUrl) clientHost = `${host}:${address.port}`;
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

  // Robots whose secrets are due are rotated and delivered; signing keys rotate on schedule.
  let identityTimer: NodeJS.Timeout | undefined;
  let identityPass: Promise<unknown> = Promise.resolve();
  if (identity) {
    const parts = identity;
    const tick = () => {
      identityPass = Promise.all([parts.rotation.tick(), parts.identity.rotateSigningKeys()])
        .catch((err: unknown) =>
          log.error("credential rotation failed", { err: (err as Error).message }),
        )
        .finally(() => {
          if (stopping) return;
          identityTimer = setTimeout(tick, config.identity.rotationCheckSeconds * 1000);
          identityTimer.unref();
        });
    };
    identityTimer = setTimeout(tick, 1000);
    identityTimer.unref();
  }

  let closing: Promise<void> | null = null;
  return {
    url,
    close() {
      closing ??= (async () => {
        stopping = true;
        clearTimeout(gcTimer);
        clearTimeout(identityTimer);
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
        await identityPass;
        await identity?.audit.flush();
        await closeStorage();
        log.info("stopped");
      })();
      return closing;
    },
  };
}

/** host[:port] as clients write it in a Docker config, for delivered robot credentials. */
function registryHost(config: Config): string {
  if (config.identity.externalUrl) return new URL(config.identity.externalUrl).host;
  return `${config.server.host}:${config.server.port}`;
}
