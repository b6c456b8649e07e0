import { readFile, unlink } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { makeDirs, writeFileAtomic } from "../core/files.ts";
import { ApiClient, type Auth, CliError } from "./api-client.ts";

/**
 * The saved login (`drydock login`): a personal access token for one server, kept in
 * `$DRYDOCK_CONFIG_DIR/credentials.json` (mode 0600, directory 0700). The password is never
 * saved. Every command finds its server and credentials here unless --server, DRYDOCK_SERVER
 * or DRYDOCK_TOKEN say otherwise.
 */

export interface SavedLogin {
  server: string;
  username: string;
  token: string;
  /** The token's id, for revoking it at logout. */
  tokenId: string;
  /** RFC 3339. */
  expiresAt: string;
}

export const DEFAULT_SERVER = "http://127.0.0.1:5000";

type Env = Record<string, string | undefined>;

export function configDir(env: Env = process.env): string {
  if (env.DRYDOCK_CONFIG_DIR) return env.DRYDOCK_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(base, "drydock");
}

export function credentialsPath(env: Env = process.env): string {
  return join(configDir(env), "credentials.json");
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:\/|$)/i;

/**
 * A server address as the CLI keeps it: scheme, host, port and path prefix, no trailing slash.
 * Without a scheme, loopback addresses are http and everything else https. Null when it is not
 * an http(s) URL, or carries credentials, a query or a fragment.
 */
export function normalizeServer(text: string): string | null {
  const raw = text.trim();
  if (raw === "") return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw)
    ? raw
    : `${LOOPBACK.test(raw) ? "http" : "https"}://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password || url.search || url.hash) return null;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/** The saved login's shape, checked; null when `value` is not one. */
export function parseSavedLogin(value: unknown): SavedLogin | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  const fields = ["server", "username", "token", "tokenId", "expiresAt"] as const;
  if (!fields.every((f) => typeof v[f] === "string" && v[f] !== "")) return null;
  if (Number.isNaN(Date.parse(v.expiresAt as string))) return null;
  return {
    server: v.server as string,
    username: v.username as string,
    token: v.token as string,
    tokenId: v.tokenId as string,
    expiresAt: v.expiresAt as string,
  };
}

export async function readLogin(path: string): Promise<SavedLogin | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new CliError(
      `drydock: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const login = parseSavedLogin(parsed);
  if (!login)
    throw new CliError(
      `drydock: ${path} is not a saved drydock login; remove it and run drydock login`,
    );
  return login;
}

export { writeFileAtomic };

export async function saveLogin(path: string, login: SavedLogin): Promise<void> {
  try {
    await makeDirs(dirname(path));
    await writeFileAtomic(path, `${JSON.stringify(login, null, 2)}\n`);
  } catch (err) {
    throw new CliError(
      `drydock: cannot save the login to ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

/** Removes the saved login; false when there was none. */
export async function removeLogin(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw new CliError(
      `drydock: cannot remove ${path}: ${(err as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
}

export interface Connection {
  server: string;
  auth: Auth;
  /** Set when the credentials are the saved login's. */
  login: SavedLogin | null;
}

/**
 * Which server and credentials a command uses: the server from --server, DRYDOCK_SERVER or the
 * saved login; the token from DRYDOCK_TOKEN or the saved login. The saved token is only ever
 * sent to the server it was issued by.
 */
export function resolveConnection(input: {
  serverFlag?: string | undefined;
  env: Env;
  saved: SavedLogin | null;
  now: Date;
}): Connection {
  const { env, saved } = input;
  const given = input.serverFlag ?? (env.DRYDOCK_SERVER || undefined);
  const where = input.serverFlag !== undefined ? "--server" : "DRYDOCK_SERVER";
  let server: string;
  if (given !== undefined) {
    const normalized = normalizeServer(given);
    if (!normalized)
      throw new CliError(
        `drydock: ${where}: "${given.slice(0, 200)}" is not an http(s) URL without credentials`,
        2,
      );
    server = normalized;
  } else if (saved) server = saved.server;
  else if (env.DRYDOCK_TOKEN) server = DEFAULT_SERVER;
  else throw new CliError("drydock: not logged in; run drydock login [URL] (or set DRYDOCK_TOKEN)");

  if (env.DRYDOCK_TOKEN)
    return { server, auth: { kind: "bearer", token: env.DRYDOCK_TOKEN }, login: null };
  if (!saved || normalizeServer(saved.server) !== server)
    throw new CliError(
      `drydock: not logged in to ${server}${saved ? ` (the saved login is for ${saved.server})` : ""}; run drydock login ${server} (or set DRYDOCK_TOKEN)`,
    );
  if (Date.parse(saved.expiresAt) <= input.now.getTime())
    throw new CliError(`drydock: login expired at ${saved.expiresAt}; run drydock login ${server}`);
  return { server, auth: { kind: "bearer", token: saved.token }, login: saved };
}

/** Adds --server to a command that talks to a server. */
export function withServer(cmd: Command): Command {
  return cmd.option(
    "--server <url>",
    "the drydock server (default: the saved login's; env DRYDOCK_SERVER; DRYDOCK_TOKEN gives a token)",
  );
}

/** A client for the command's server, signed in with the saved login or DRYDOCK_TOKEN. */
export async function connect(opts: {
  server?: string;
}): Promise<{ api: ApiClient; login: SavedLogin | null }> {
  const saved = await readLogin(credentialsPath());
  const c = resolveConnection({
    serverFlag: opts.server,
    env: process.env,
    saved,
    now: new Date(),
  });
  const api = new ApiClient({
    server: c.server,
    auth: c.auth,
    unauthorizedHint: c.login
      ? `run drydock login ${c.server}`
      : "check DRYDOCK_TOKEN (a personal access token)",
  });
  return { api, login: c.login };
}
