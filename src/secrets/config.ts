/**
 * The secret scanner's configuration file (`.drydock-secrets.yaml` in the scanned root, or
 * `--config FILE`), validated with zod; an error names the file and the key:
 *
 * ```yaml
 * allowlist:
 *   paths: ["test/fixtures/**", "*.snap"]   # globs, see globToRegExp
 *   rules: [generic-password]                # rule ids never reported
 *   fingerprints: [<sha256>]                 # single findings never reported
 * disableRules: [generic-high-entropy]       # rules that do not run at all
 * allowInlineAllows: false                   # a central team refuses `drydock:allow` comments
 * maxFileBytes: 10485760                     # larger files are scanned in streaming windows
 * archives: { maxBytes: 10485760, maxDepth: 2 }
 * ```
 */
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { z } from "zod";
import { DrydockError } from "../core/errors.ts";
import { ALLOW_WITHOUT_REASON, type EngineOptions } from "./engine.ts";
import type { SecretRule } from "./types.ts";

export const DEFAULT_CONFIG_FILE = ".drydock-secrets.yaml";

const positiveInt = z.number().int().positive();

export const SecretsConfig = z.strictObject({
  allowlist: z
    .strictObject({
      paths: z.array(z.string().min(1)).optional(),
      rules: z.array(z.string().min(1)).optional(),
      fingerprints: z
        .array(z.string().regex(/^[0-9a-f]{64}$/, "a sha256 in lowercase hex"))
        .optional(),
    })
    .optional(),
  disableRules: z.array(z.string().min(1)).optional(),
  allowInlineAllows: z.boolean().optional(),
  maxFileBytes: positiveInt.optional(),
  archives: z
    .strictObject({
      maxBytes: positiveInt.optional(),
      maxDepth: z.number().int().min(0).max(8).optional(),
    })
    .optional(),
});
export type SecretsConfig = z.infer<typeof SecretsConfig>;

/** Parses the YAML text of `file`; throws a DrydockError naming the file and the key. */
export function parseSecretsConfig(text: string, file: string): SecretsConfig {
  let doc: unknown;
  try {
    doc = parse(text) ?? {};
  } catch (err) {
    throw new DrydockError("INVALID", `${file}: not valid YAML: ${(err as Error).message}`);
  }
  const parsed = SecretsConfig.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keys =
      issue.code === "unrecognized_keys"
        ? issue.keys.map((k) => [...issue.path, k].join("."))
        : [issue.path.join(".")];
    const at = keys.filter(Boolean).join(", ") || "(top level)";
    const message = issue.code === "unrecognized_keys" ? "unknown key" : issue.message;
    throw new DrydockError("INVALID", `${file}: ${at}: ${message}`);
  }
  return parsed.data;
}

export async function readSecretsConfig(file: string): Promise<SecretsConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new DrydockError(
      "INVALID",
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  return parseSecretsConfig(text, file);
}

/**
 * Engine options from a configuration: `disableRules` removes rules, the allowlist and
 * `allowInlineAllows` carry over. Rule ids must exist (a typo would silently disable nothing).
 */
export function engineOptionsFrom(
  config: SecretsConfig,
  rules: readonly SecretRule[],
  file: string,
): EngineOptions {
  const known = new Set([...rules.map((r) => r.meta.id), ALLOW_WITHOUT_REASON]);
  const check = (ids: string[] | undefined, key: string) => {
    for (const [i, id] of (ids ?? []).entries())
      if (!known.has(id))
        throw new DrydockError("INVALID", `${file}: ${key}.${i}: unknown rule id "${id}"`);
  };
  check(config.disableRules, "disableRules");
  check(config.allowlist?.rules, "allowlist.rules");
  const disabled = new Set(config.disableRules ?? []);
  const opts: EngineOptions = { rules: rules.filter((r) => !disabled.has(r.meta.id)) };
  if (config.allowInlineAllows !== undefined) opts.allowInline = config.allowInlineAllows;
  if (config.allowlist) {
    opts.allowlist = {};
    if (config.allowlist.paths) opts.allowlist.paths = config.allowlist.paths;
    if (config.allowlist.rules) opts.allowlist.rules = config.allowlist.rules;
    if (config.allowlist.fingerprints) opts.allowlist.fingerprints = config.allowlist.fingerprints;
  }
  return opts;
}
