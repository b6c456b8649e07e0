import { Command } from "commander";
import { apiPath, labeled, printJson, printTable, relative, shortTime } from "./api-client.ts";
import { connect, withServer } from "./credentials.ts";
import { durationOption } from "./duration.ts";

/** `drydock token ...`: your personal access tokens (what `drydock login` saves is one). */

interface Token {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

interface TokenCreated {
  id: string;
  name: string;
  token: string;
  expiresAt: string;
}

type Opts = { server?: string; json?: boolean };

export function tokenStatus(t: Token, now = Date.now()): string {
  if (t.revokedAt) return "revoked";
  if (Date.parse(t.expiresAt) <= now) return "expired";
  return "active";
}

export function tokenCommand(): Command {
  const token = new Command("token").description(
    "personal access tokens: a password substitute for scripts and clients, with an expiry",
  );

  token.addCommand(
    withServer(new Command("create"))
      .description("create a token and print it (once)")
      .argument("<name>", "what it is for (letters, digits, spaces, . _ -)")
      .option("--expires <duration>", "how long it lives (30m, 12h, 30d)", "30d")
      .option("--json", "print JSON")
      .action(async (name: string, opts: Opts & { expires: string }) => {
        const expiresInSeconds = durationOption("--expires", opts.expires);
        const { api } = await connect(opts);
        const created = await api.post<TokenCreated>("/tokens", { name, expiresInSeconds });
        if (opts.json) printJson(created);
        else
          process.stdout.write(
            `${labeled([
              ["id", created.id],
              ["name", created.name],
              ["token", created.token],
              ["expires", `${created.expiresAt} (${relative(created.expiresAt)})`],
            ])}\n`,
          );
        process.stderr.write(
          `drydock: the token is shown only this once; revoke it with drydock token revoke ${created.id}\n`,
        );
      }),
  );

  token.addCommand(
    withServer(new Command("list"))
      .description("your tokens (never their values)")
      .option("--json", "print JSON")
      .action(async (opts: Opts) => {
        const { api, login } = await connect(opts);
        const tokens = await api.get<Token[]>("/tokens");
        if (opts.json) return printJson(tokens);
        await printTable(
          ["ID", "NAME", "CREATED", "EXPIRES", "LAST USED", "STATUS"],
          tokens.map((t) => [
            t.id,
            t.id === login?.tokenId ? `${t.name} (this login)` : t.name,
            shortTime(t.createdAt),
            shortTime(t.expiresAt),
            shortTime(t.lastUsedAt),
            tokenStatus(t),
          ]),
          "no tokens",
        );
      }),
  );

  token.addCommand(
    withServer(new Command("revoke"))
      .description("revoke a token: it stops working at once")
      .argument("<id>")
      .action(async (id: string, opts: Opts) => {
        const { api, login } = await connect(opts);
        await api.delete(apiPath`/tokens/${id}`);
        process.stdout.write(`revoked token ${id}\n`);
        if (id === login?.tokenId)
          process.stderr.write(
            "drydock: that was the saved login's token; run drydock login to sign in again\n",
          );
      }),
  );

  return token;
}
