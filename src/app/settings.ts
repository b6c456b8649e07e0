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
    path: "identity.auth",
    env: "DRYDOCK_AUTH",
    flag: "--auth <token|none>",
    kind: "string",
    help: "token: every request is authenticated (default); none: an open registry for local experiments",
  },
  {
    path: "identity.service",
    env: "DRYDOCK_SERVICE",
    flag: "--service <name>",
    kind: "string",
    help: "the token service and audience (default drydock)",
  },
  {
    path: "identity.issuer",
    env: "DRYDOCK_TOKEN_ISSUER",
    flag: "--token-issuer <name>",
    kind: "string",
    help: "the iss of registry tokens (default drydock)",
  },
  {
    path: "identity.externalUrl",
    env: "DRYDOCK_EXTERNAL_URL",
    flag: "--external-url <url>",
    kind: "string",
    help: "the URL clients reach drydock at, for the token realm (default: from each request)",
  },
  {
    path: "identity.tokenTtlSeconds",
    env: "DRYDOCK_TOKEN_TTL_SECONDS",
    flag: "--token-ttl <seconds>",
    kind: "number",
    help: "registry token lifetime (default 300)",
  },
  {
    path: "identity.refreshTtlHours",
    env: "DRYDOCK_REFRESH_TTL_HOURS",
    flag: "--refresh-ttl <hours>",
    kind: "number",
    help: "refresh token lifetime for people (default 8, at most 24)",
  },
  {
    path: "identity.keyRotationHours",
    env: "DRYDOCK_KEY_ROTATION_HOURS",
    flag: "--key-rotation <hours>",
    kind: "number",
    help: "a new token signing key this often (default 24)",
  },
  {
    path: "identity.basicOnV2",
    env: "DRYDOCK_BASIC_ON_V2",
    flag: "--basic-on-v2 <true|false>",
    kind: "boolean",
    help: "accept Basic credentials directly on /v2/ (default true)",
  },
  {
    path: "identity.createNamespaceOnPush",
    env: "DRYDOCK_CREATE_NAMESPACE_ON_PUSH",
    flag: "--create-namespace-on-push <true|false>",
    kind: "boolean",
    help: "users allowed to create namespaces may create one by pushing (default false)",
  },
  {
    path: "identity.robotDefaultTtlHours",
    env: "DRYDOCK_ROBOT_TTL_HOURS",
    flag: "--robot-ttl <hours>",
    kind: "number",
    help: "robot secret lifetime when none is asked for (default 24)",
  },
  {
    path: "identity.robotMaxTtlHours",
    env: "DRYDOCK_ROBOT_MAX_TTL_HOURS",
    flag: "--robot-max-ttl <hours>",
    kind: "number",
    help: "the longest a robot secret may live (default 168)",
  },
  {
    path: "identity.robotOverlapMinutes",
    env: "DRYDOCK_ROBOT_OVERLAP_MINUTES",
    flag: "--robot-overlap <minutes>",
    kind: "number",
    help: "a rotated-away secret keeps working this long (default 60)",
  },
  {
    path: "identity.patMaxDays",
    env: "DRYDOCK_PAT_MAX_DAYS",
    flag: "--pat-max-days <days>",
    kind: "number",
    help: "the longest a personal access token may live (default 90)",
  },
  {
    path: "identity.rotationCheckSeconds",
    env: "DRYDOCK_ROTATION_CHECK_SECONDS",
    flag: "--rotation-check <seconds>",
    kind: "number",
    help: "look for robots to rotate this often (default 60)",
  },
  {
    path: "identity.oidcIssuers",
    env: "DRYDOCK_OIDC_ISSUERS",
    flag: "--oidc-issuers <urls>",
    kind: "string",
    help: "comma-separated OIDC issuers trust policies may name (default none)",
  },
  {
    path: "identity.allowInsecureHttp",
    env: "DRYDOCK_ALLOW_INSECURE_HTTP",
    flag: "--allow-insecure-http <true|false>",
    kind: "boolean",
    help: "allow http:// OIDC issuers and webhooks on 127.0.0.1/localhost (tests; default false)",
  },
  {
    path: "identity.webhookCaFile",
    env: "DRYDOCK_WEBHOOK_CA_FILE",
    flag: "--webhook-ca <file>",
    kind: "string",
    help: "extra PEM CA certificates for rotation webhooks",
  },
  {
    path: "identity.deliveryFileRoot",
    env: "DRYDOCK_DELIVERY_FILE_ROOT",
    flag: "--delivery-file-root <dir>",
    kind: "string",
    help: "robots may deliver rotated secrets as files (Docker config, Kubernetes Secret) only inside this directory (default: no file delivery)",
  },
  {
    path: "identity.lockoutAttempts",
    env: "DRYDOCK_LOCKOUT_ATTEMPTS",
    flag: "--lockout-attempts <n>",
    kind: "number",
    help: "failed sign-ins before an account is locked (default 10)",
  },
  {
    path: "identity.lockoutMinutes",
    env: "DRYDOCK_LOCKOUT_MINUTES",
    flag: "--lockout-minutes <minutes>",
    kind: "number",
    help: "how long a lockout lasts (default 15)",
  },
  {
    path: "identity.failureDelayMs",
    env: "DRYDOCK_FAILURE_DELAY_MS",
    flag: "--failure-delay <ms>",
    kind: "number",
    help: "first slow-down after 3 failures; doubles with each (default 250)",
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
