import type { Command } from "commander";
import type { Config } from "../app/config.ts";
import { SETTINGS } from "../app/settings.ts";

/** Adds --config and one flag per setting (from the settings table) to a command. */
export function withConfigOptions(cmd: Command, only?: (path: string) => boolean): Command {
  cmd.option("-c, --config <file>", "YAML config file (env DRYDOCK_CONFIG)");
  for (const s of SETTINGS) {
    if (only && !only(s.path)) continue;
    cmd.option(s.flag, `${s.help} [env ${s.env}]`);
  }
  return cmd;
}

/**
 * Config from the YAML file, DRYDOCK_* variables and the flags given, in that order. The
 * schema is loaded here, on use, so commands that need no config start faster.
 */
export async function configFrom(opts: Record<string, unknown>): Promise<Config> {
  const { loadConfig } = await import("../app/config.ts");
  const flags: Record<string, string | undefined> = {};
  for (const s of SETTINGS) {
    const key = camel(s.flag.split(" ")[0]!.replace(/^--/, ""));
    const value = opts[key];
    if (typeof value === "string") flags[s.path] = value;
  }
  const file = (opts.config as string | undefined) ?? process.env.DRYDOCK_CONFIG;
  return loadConfig({ ...(file ? { file } : {}), env: process.env, flags });
}

function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
