import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ConfigError, SETTINGS, type Setting } from "./settings.ts";

export { ConfigError, SETTINGS, type Setting };

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
  identity: z
    .object({
      auth: z.enum(["token", "none"]).default("token"),
      service: z.string().min(1).default("drydock"),
      issuer: z.string().min(1).default("drydock"),
      externalUrl: z.url().optional(),
      tokenTtlSeconds: z.number().int().min(30).max(3600).default(300),
      refreshTtlHours: z.number().positive().max(24).default(8),
      keyRotationHours: z.number().positive().default(24),
      basicOnV2: z.boolean().default(true),
      createNamespaceOnPush: z.boolean().default(false),
      robotDefaultTtlHours: z.number().positive().default(24),
      robotMaxTtlHours: z.number().positive().default(168),
      robotOverlapMinutes: z.number().nonnegative().default(60),
      patMaxDays: z.number().positive().default(90),
      rotationCheckSeconds: z.number().positive().default(60),
      oidcIssuers: z.string().default(""),
      allowInsecureHttp: z.boolean().default(false),
      webhookCaFile: z.string().min(1).optional(),
      deliveryFileRoot: z.string().default(""),
      lockoutAttempts: z.number().int().min(1).default(10),
      lockoutMinutes: z.number().positive().default(15),
      failureDelayMs: z.number().int().nonnegative().default(250),
    })
    .refine((i) => i.robotDefaultTtlHours <= i.robotMaxTtlHours, {
      message: "identity.robotDefaultTtlHours is above identity.robotMaxTtlHours",
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

/** Applies defaults and checks a nested config object; errors name the setting. */
export function resolveConfig(input: ConfigInput): Config {
  const parsed = Config.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`config ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
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
