import { hostname } from "node:os";
import { createInterface } from "node:readline/promises";
import { Command } from "commander";
import { ApiClient, apiPath, CliError, relative } from "./api-client.ts";
import {
  credentialsPath,
  DEFAULT_SERVER,
  normalizeServer,
  readLogin,
  removeLogin,
  saveLogin,
} from "./credentials.ts";
import { durationOption } from "./duration.ts";

/**
 * `drydock login` exchanges a password for a personal access token and saves the token (never
 * the password); `drydock logout` revokes the token and forgets it.
 */

const MAX_STDIN_BYTES = 64 * 1024;

/** A token name the server accepts (letters, digits, spaces, . _ -; at most 64) naming this machine. */
export function cliTokenName(host: string): string {
  const prefix = "drydock-cli on ";
  const safe = host.replace(/[^\w.-]/g, "-").slice(0, 64 - prefix.length);
  return `${prefix}${safe || "unknown-host"}`;
}

/** The whole of standard input less one trailing newline: a password piped in. */
export async function readStdinSecret(what: string): Promise<string> {
  if (process.stdin.isTTY)
    throw new CliError(
      `drydock: --password-stdin reads the ${what} from a pipe, not a terminal`,
      2,
    );
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += b.length;
    if (size > MAX_STDIN_BYTES)
      throw new CliError(`drydock: the ${what} on standard input is too long`, 2);
    chunks.push(b);
  }
  const text = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  if (text === "") throw new CliError(`drydock: no ${what} on standard input`, 2);
  return text;
}

/** Reads a line from the terminal without echoing it. */
export function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY)
    return Promise.reject(
      new CliError(
        "drydock: standard input is not a terminal; pipe the password in with --password-stdin",
        2,
      ),
    );
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise<string>((resolve, reject) => {
    let value = "";
    const finish = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") {
          finish();
          resolve(value);
          return;
        }
        if (ch === "\u0003" || (ch === "\u0004" && value === "")) {
          finish();
          reject(new CliError("drydock: cancelled", 130));
          return;
        }
        if (ch === "\u007f" || ch === "\b") value = [...value].slice(0, -1).join("");
        else if (ch === "\u0015")
          value = ""; // Ctrl-U
        else if (ch >= " ") value += ch;
      }
    };
    stdin.on("data", onData);
  });
}

/** Reads a line from the terminal, echoed. */
export async function promptLine(prompt: string): Promise<string> {
  if (!process.stdin.isTTY)
    throw new CliError("drydock: standard input is not a terminal; give the value as an option", 2);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(prompt)).trim();
  } finally {
    rl.close();
  }
}

/** A new password: from a pipe with --password-stdin, else typed twice at the terminal. */
export async function readNewPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readStdinSecret("password");
  const first = await promptHidden("New password: ");
  const again = await promptHidden("Repeat it: ");
  if (first !== again) throw new CliError("drydock: the two passwords differ", 2);
  if (first === "") throw new CliError("drydock: the password is empty", 2);
  return first;
}

interface TokenCreated {
  id: string;
  name: string;
  token: string;
  expiresAt: string;
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

export function loginCommand(): Command {
  return new Command("login")
    .description(
      "sign in to a drydock server: trades the password for an access token and saves the token",
    )
    .argument("[url]", "the server", DEFAULT_SERVER)
    .option("-u, --username <name>", "user name (asked for on a terminal when not given)")
    .option("--password-stdin", "read the password from standard input")
    .option("--expires <duration>", "how long the saved login lasts (30m, 12h, 7d)", "12h")
    .action(
      async (
        url: string,
        opts: { username?: string; passwordStdin?: boolean; expires: string },
      ) => {
        const server = normalizeServer(url);
        if (!server)
          throw new CliError(
            `drydock: "${url.slice(0, 200)}" is not an http(s) URL without credentials`,
            2,
          );
        const expiresInSeconds = durationOption("--expires", opts.expires);
        const path = credentialsPath();
        const previous = await readLogin(path).catch(() => null);
        let username = opts.username;
        if (!username) {
          if (opts.passwordStdin || !process.stdin.isTTY)
            throw new CliError("drydock: --username is required", 2);
          const suggested = previous?.server === server ? previous.username : undefined;
          username =
            (await promptLine(`Username${suggested ? ` [${suggested}]` : ""}: `)) || suggested;
          if (!username) throw new CliError("drydock: a user name is required", 2);
        }
        const password = opts.passwordStdin
          ? await readStdinSecret("password")
          : await promptHidden("Password: ");

        const host = new URL(server).hostname;
        if (server.startsWith("http:") && !LOOPBACK_HOST.test(host))
          process.stderr.write(
            `drydock: warning: ${server} is plain http; the password travels unencrypted\n`,
          );

        const api = new ApiClient({ server, auth: { kind: "basic", username, password } });
        const created = await api.post<TokenCreated>("/tokens", {
          name: cliTokenName(hostname()),
          expiresInSeconds,
        });
        await saveLogin(path, {
          server,
          username,
          token: created.token,
          tokenId: created.id,
          expiresAt: created.expiresAt,
        });
        // The login this one replaces would otherwise stay valid until it expires.
        if (previous && previous.server === server && previous.tokenId !== created.id) {
          const old = new ApiClient({
            server,
            auth: { kind: "bearer", token: previous.token },
            timeoutMs: 10_000,
          });
          await old.delete(apiPath`/tokens/${previous.tokenId}`).catch(() => {});
        }
        process.stdout.write(
          `logged in to ${server} as ${username}; the login expires at ${created.expiresAt} (${relative(created.expiresAt)})\n`,
        );
      },
    );
}

export function logoutCommand(): Command {
  return new Command("logout")
    .description("revoke the saved login's access token and forget it")
    .action(async () => {
      const path = credentialsPath();
      const login = await readLogin(path).catch(async (err: unknown) => {
        // An unreadable file is still ours to remove.
        await removeLogin(path);
        throw err;
      });
      if (!login) {
        process.stderr.write("drydock: not logged in\n");
        return;
      }
      let problem: string | null = null;
      if (Date.parse(login.expiresAt) > Date.now()) {
        const api = new ApiClient({
          server: login.server,
          auth: { kind: "bearer", token: login.token },
          timeoutMs: 15_000,
        });
        try {
          await api.delete(apiPath`/tokens/${login.tokenId}`);
        } catch (err) {
          // 401: the token no longer works anyway (revoked or expired on the server).
          if (!(err instanceof CliError && err.status === 401)) problem = (err as Error).message;
        }
      }
      await removeLogin(path);
      if (problem) {
        throw new CliError(
          `${problem}\ndrydock: forgot the saved login, but could not revoke its token ${login.tokenId}; it stays valid until ${login.expiresAt} (revoke it with drydock token revoke ${login.tokenId})`,
        );
      }
      process.stdout.write(`logged out of ${login.server}\n`);
    });
}
