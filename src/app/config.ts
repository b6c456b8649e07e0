import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/**
 * drydock's configuration: one typed schema with defaults. Sources, lowest first: defaults,
 * the YAML file (`--config`), `DRYDOCK_*` environment variables, command-line flags.
 * SETTINGS lists every leaf once, with its variable and flag; `drydock serve --help` prints it.
 */
export const Config = z.object({
  server: z
    .object({
      host: z.string().min(1).default("127.0.0.1"),
      port: z.number().int().min(0).max(65535).default(5000),
      tls: z
        .object({ cert: z.string().min(1).optional(), key: z.string().min(1).optional() })
        .refine((t) => (t.cert === undefined) === (t.key === undefined), {
          message: "server.tls.cert and server.tls.key go together",
        })
        .prefault({}),
      shutdownTimeoutSeconds: z.number().positive().default(30),
      bodyIdleTimeoutSeconds: z.number().positive().default(60),
    })
    .prefault({}),
  storage: z.object({ dataDir: z.string().min(1).default("./data") }).prefault({}),
  registry: z
    .object({
      maxManifestBytes: z
        .number()
        .int()
        .positive()
        .default(4 * 1024 * 1024),
      uploadExpiryHours: z.number().positive().default(24),
      allowDelete: z.boolean().default(true),
    })
    .prefault({}),
  gc: z
    .object({
      intervalMinutes: z.number().nonnegative().default(60),
      graceMinutes: z.number().nonnegative().default(60),
      untaggedManifests: z.boolean().default(false),
    })
    .prefault({}),
  log: z
    .object({
      level: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
    })
    .prefault({}),
});
export type Config = z.infer<typeof Config>;
export type ConfigInput = DeepPartial<z.input<typeof Config>>;
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

type Kind = "string" | "number" | "boolean";
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

/** Applies defaults and checks a nested config object; errors name the setting. */
export function resolveConfig(input: ConfigInput): Config {
  const parsed = Config.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`config ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface ConfigSources {
  file?: string;
  env?: Record<string, string | undefined>;
  /** Flag values by setting path, as strings from the command line. */
  flags?: Record<string, string | undefined>;
}

export function loadConfig(sources: ConfigSources): Config {
  const merged: Record<string, unknown> = {};
  if (sources.file) {
    let text: string;
    try {
      text = readFileSync(sources.file, "utf8");
    } catch (err) {
      throw new ConfigError(`cannot read config file ${sources.file}: ${(err as Error).message}`);
    }
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch (err) {
      throw new ConfigError(`config file ${sources.file}: ${(err as Error).message}`);
    }
    if (doc !== null && doc !== undefined) {
      if (typeof doc !== "object" || Array.isArray(doc)) {
        throw new ConfigError(`config file ${sources.file}: the top level must be a mapping`);
      }
      deepMerge(merged, doc as Record<string, unknown>);
    }
  }
  for (const s of SETTINGS) {
    const raw = sources.env?.[s.env];
    if (raw !== undefined && raw !== "") setPath(merged, s.path, coerce(raw, s, s.env));
  }
  for (const s of SETTINGS) {
    const raw = sources.flags?.[s.path];
    if (raw !== undefined) setPath(merged, s.path, coerce(raw, s, s.flag.split(" ")[0]!));
  }
  return resolveConfig(merged as ConfigInput);
}

function coerce(raw: string, s: Setting, source: string): unknown {
  if (s.kind === "number") {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n))
      throw new ConfigError(`${source}: "${raw}" is not a number`);
    return n;
  }
  if (s.kind === "boolean") {
    if (/^(true|1|yes|on)$/i.test(raw)) return true;
    if (/^(false|0|no|off)$/i.test(raw)) return false;
    throw new ConfigError(`${source}: "${raw}" is not true or false`);
  }
  return raw;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== "object" || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isPlainObject(value) && isPlainObject(existing)) deepMerge(existing, value);
    else target[key] = value;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
