/**
 * Every setting once: its path in the YAML file, its environment variable and its flag.
 * Kept apart from the zod schema (config.ts) so that commands can list their flags without
 * loading the schema library; config.test.ts checks the two agree.
 */
export type Kind = "string" | "number" | "boolean";
export interface Setting {
  path: string;
  env: string;
  flag: string;
  kind: Kind;
  help: string;
}

export const SETTINGS: readonly Setting[] = [
  {
    path: "server.host",
    env: "DRYDOCK_HOST",
    flag: "--host <address>",
    kind: "string",
    help: "address to listen on (default 127.0.0.1)",
  },
  {
    path: "server.port",
    env: "DRYDOCK_PORT",
    flag: "--port <number>",
    kind: "number",
    help: "port to listen on (default 5000; 0 picks a free one)",
  },
  {
    path: "server.tls.cert",
    env: "DRYDOCK_TLS_CERT",
    flag: "--tls-cert <file>",
    kind: "string",
    help: "PEM certificate chain; with --tls-key, serve HTTPS",
  },
  {
    path: "server.tls.key",
    env: "DRYDOCK_TLS_KEY",
    flag: "--tls-key <file>",
    kind: "string",
    help: "PEM private key for --tls-cert",
  },
  {
    path: "server.shutdownTimeoutSeconds",
    env: "DRYDOCK_SHUTDOWN_TIMEOUT_SECONDS",
    flag: "--shutdown-timeout <seconds>",
    kind: "number",
    help: "how long in-flight requests may finish on SIGTERM (default 30)",
  },
  {
    path: "server.bodyIdleTimeoutSeconds",
    env: "DRYDOCK_BODY_IDLE_TIMEOUT_SECONDS",
    flag: "--body-idle-timeout <seconds>",
    kind: "number",
    help: "a request body that sends nothing for this long gets 408 (default 60)",
  },
  {
    path: "storage.dataDir",
    env: "DRYDOCK_DATA_DIR",
    flag: "--data-dir <dir>",
    kind: "string",
    help: "where blobs and the SQLite database live (default ./data)",
  },
  {
    path: "registry.maxManifestBytes",
    env: "DRYDOCK_MAX_MANIFEST_BYTES",
    flag: "--max-manifest-bytes <bytes>",
    kind: "number",
    help: "largest manifest accepted (default 4194304)",
  },
  {
    path: "registry.uploadExpiryHours",
    env: "DRYDOCK_UPLOAD_EXPIRY_HOURS",
    flag: "--upload-expiry-hours <hours>",
    kind: "number",
    help: "idle upload sessions expire after this (default 24)",
  },
  {
    path: "registry.allowDelete",
    env: "DRYDOCK_ALLOW_DELETE",
    flag: "--allow-delete <true|false>",
    kind: "boolean",
    help: "allow DELETE of blobs, manifests and tags (default true)",
  },
  {
    path: "gc.intervalMinutes",
    env: "DRYDOCK_GC_INTERVAL_MINUTES",
    flag: "--gc-interval <minutes>",
    kind: "number",
    help: "run online garbage collection this often; 0 turns it off (default 60)",
  },
  {
    path: "gc.graceMinutes",
    env: "DRYDOCK_GC_GRACE_MINUTES",
    flag: "--gc-grace <minutes>",
    kind: "number",
    help: "never collect what was linked or pushed this recently (default 60)",
  },
  {
    path: "gc.untaggedManifests",
    env: "DRYDOCK_GC_UNTAGGED",
    flag: "--gc-untagged <true|false>",
    kind: "boolean",
    help: "also collect untagged manifests nothing refers to (default false)",
  },
  {
    path: "log.level",
    env: "DRYDOCK_LOG_LEVEL",
    flag: "--log-level <level>",
    kind: "string",
    help: "trace, debug, info, warn, error, fatal or silent (default info)",
  },
];

export class ConfigError extends Error {
  override name = "ConfigError";
}
