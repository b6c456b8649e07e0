import { Command } from "commander";
import { apiPath, labeled, printJson, printTable, shortTime } from "./api-client.ts";
import { connect, withServer } from "./credentials.ts";
import { readNewPassword, readStdinSecret } from "./login.ts";

/** `drydock user ...`: people who sign in (the admin's commands, but for passwd on oneself). */

interface User {
  name: string;
  admin: boolean;
  canCreateNamespaces: boolean;
  disabled: boolean;
  createdAt: string;
}

interface UserCreated {
  user: User;
  password?: string;
}

type Opts = { server?: string; json?: boolean };

function yesNo(b: boolean): string {
  return b ? "yes" : "no";
}

export function userCommand(): Command {
  const user = new Command("user").description("users: people who sign in");

  user.addCommand(
    withServer(new Command("create"))
      .description("create a user; without --password-stdin a password is generated and shown once")
      .argument("<name>")
      .option("--admin", "make them a system admin")
      .option("--can-create-namespaces", "let them create namespaces")
      .option("--password-stdin", "read their password from standard input")
      .option("--json", "print JSON")
      .action(
        async (
          name: string,
          opts: Opts & { admin?: boolean; canCreateNamespaces?: boolean; passwordStdin?: boolean },
        ) => {
          const password = opts.passwordStdin ? await readStdinSecret("password") : undefined;
          const { api } = await connect(opts);
          const created = await api.post<UserCreated>("/users", {
            name,
            ...(password !== undefined ? { password } : {}),
            admin: Boolean(opts.admin),
            canCreateNamespaces: Boolean(opts.canCreateNamespaces),
          });
          if (opts.json) printJson(created);
          else {
            const rights = [
              created.user.admin ? "admin" : null,
              created.user.canCreateNamespaces ? "can create namespaces" : null,
            ].filter(Boolean);
            process.stdout.write(
              `created user ${created.user.name}${rights.length > 0 ? ` (${rights.join(", ")})` : ""}\n`,
            );
            if (created.password !== undefined)
              process.stdout.write(`${labeled([["password", created.password]])}\n`);
          }
          if (created.password !== undefined)
            process.stderr.write(
              `drydock: the password is shown only this once; ${name} can change it with drydock user passwd ${name}\n`,
            );
        },
      ),
  );

  user.addCommand(
    withServer(new Command("list"))
      .description("every user")
      .option("--json", "print JSON")
      .action(async (opts: Opts) => {
        const { api } = await connect(opts);
        const users = await api.get<User[]>("/users");
        if (opts.json) return printJson(users);
        await printTable(
          ["NAME", "ADMIN", "CREATE NAMESPACES", "DISABLED", "CREATED"],
          users.map((u) => [
            u.name,
            yesNo(u.admin),
            yesNo(u.canCreateNamespaces),
            yesNo(u.disabled),
            shortTime(u.createdAt),
          ]),
          "no users",
        );
      }),
  );

  for (const [verb, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const) {
    user.addCommand(
      withServer(new Command(verb))
        .description(
          disabled
            ? "stop a user from signing in (their tokens stop working too)"
            : "let a disabled user sign in again",
        )
        .argument("<name>")
        .action(async (name: string, opts: Opts) => {
          const { api } = await connect(opts);
          await api.patch<User>(apiPath`/users/${name}`, { disabled });
          process.stdout.write(`${verb}d user ${name}\n`);
        }),
    );
  }

  user.addCommand(
    withServer(new Command("passwd"))
      .description("set a user's password (your own, or anyone's as the admin)")
      .argument("<name>")
      .option("--password-stdin", "read the new password from standard input")
      .action(async (name: string, opts: Opts & { passwordStdin?: boolean }) => {
        const { api } = await connect(opts);
        const password = await readNewPassword(Boolean(opts.passwordStdin));
        await api.patch<User>(apiPath`/users/${name}`, { password });
        process.stdout.write(`changed the password of ${name}\n`);
      }),
  );

  return user;
}
