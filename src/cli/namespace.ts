import { Command } from "commander";
import { apiPath, CliError, labeled, printJson, printTable, shortTime } from "./api-client.ts";
import { connect, withServer } from "./credentials.ts";

/** `drydock namespace ...`: namespaces and who is a member of them. */

interface Namespace {
  name: string;
  public: boolean;
  createdAt: string;
  createdBy: string;
  role: string | null;
}

interface Member {
  user: string;
  role: string;
  createdAt: string;
}

const ROLES = ["owner", "maintainer", "developer", "viewer"];

type Opts = { server?: string; json?: boolean };

/** `true`/`false` (and yes/no) as a boolean; null otherwise. */
export function parseBoolean(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (t === "true" || t === "yes") return true;
  if (t === "false" || t === "no") return false;
  return null;
}

export function namespaceCommand(): Command {
  const ns = new Command("namespace")
    .alias("ns")
    .description("namespaces (the first part of a repository's name) and their members");

  ns.addCommand(
    withServer(new Command("list"))
      .description("the namespaces you can see, with your role in each")
      .option("--json", "print JSON")
      .action(async (opts: Opts) => {
        const { api } = await connect(opts);
        const list = await api.get<Namespace[]>("/namespaces");
        if (opts.json) return printJson(list);
        await printTable(
          ["NAME", "PUBLIC", "YOUR ROLE", "CREATED", "BY"],
          list.map((n) => [
            n.name,
            n.public ? "yes" : "no",
            n.role ?? "-",
            shortTime(n.createdAt),
            n.createdBy,
          ]),
          "no namespaces",
        );
      }),
  );

  ns.addCommand(
    withServer(new Command("create"))
      .description("create a namespace (needs the admin or the create-namespaces right)")
      .argument("<name>")
      .option("--public", "anyone may pull from it, signed in or not")
      .option("--json", "print JSON")
      .action(async (name: string, opts: Opts & { public?: boolean }) => {
        const { api } = await connect(opts);
        const created = await api.post<Namespace>("/namespaces", {
          name,
          public: Boolean(opts.public),
        });
        if (opts.json) return printJson(created);
        process.stdout.write(
          `created namespace ${created.name} (${created.public ? "public" : "private"})\n`,
        );
      }),
  );

  ns.addCommand(
    withServer(new Command("show"))
      .description("one namespace")
      .argument("<name>")
      .option("--json", "print JSON")
      .action(async (name: string, opts: Opts) => {
        const { api } = await connect(opts);
        const n = await api.get<Namespace>(apiPath`/namespaces/${name}`);
        if (opts.json) return printJson(n);
        process.stdout.write(
          `${labeled([
            ["name", n.name],
            ["public", n.public ? "yes" : "no"],
            ["your role", n.role ?? "-"],
            ["created", `${shortTime(n.createdAt)} by ${n.createdBy}`],
          ])}\n`,
        );
      }),
  );

  ns.addCommand(
    withServer(new Command("delete"))
      .description(
        "delete a namespace's members, robots and trust policies (its repositories stay until deleted through the registry)",
      )
      .argument("<name>")
      .action(async (name: string, opts: Opts) => {
        const { api } = await connect(opts);
        await api.delete(apiPath`/namespaces/${name}`);
        process.stdout.write(`deleted namespace ${name}\n`);
      }),
  );

  ns.addCommand(
    withServer(new Command("set-public"))
      .description("make a namespace public (anyone may pull) or private")
      .argument("<name>")
      .argument("<true|false>")
      .action(async (name: string, value: string, opts: Opts) => {
        const pub = parseBoolean(value);
        if (pub === null)
          throw new CliError(`drydock: "${value.slice(0, 40)}" is not true or false`, 2);
        const { api } = await connect(opts);
        const n = await api.patch<Namespace>(apiPath`/namespaces/${name}`, { public: pub });
        process.stdout.write(`namespace ${n.name} is now ${n.public ? "public" : "private"}\n`);
      }),
  );

  ns.addCommand(
    withServer(new Command("members"))
      .description("the members of a namespace and their roles")
      .argument("<name>")
      .option("--json", "print JSON")
      .action(async (name: string, opts: Opts) => {
        const { api } = await connect(opts);
        const members = await api.get<Member[]>(apiPath`/namespaces/${name}/members`);
        if (opts.json) return printJson(members);
        await printTable(
          ["USER", "ROLE", "SINCE"],
          members.map((m) => [m.user, m.role, shortTime(m.createdAt)]),
          `no members in ${name}`,
        );
      }),
  );

  ns.addCommand(
    withServer(new Command("add-member"))
      .description("give a user a role in a namespace (or change it)")
      .argument("<namespace>")
      .argument("<user>")
      .argument("<role>", ROLES.join("|"))
      .action(async (namespace: string, user: string, role: string, opts: Opts) => {
        if (!ROLES.includes(role))
          throw new CliError(
            `drydock: "${role.slice(0, 40)}" is not a role: ${ROLES.join(", ")}`,
            2,
          );
        const { api } = await connect(opts);
        await api.put(apiPath`/namespaces/${namespace}/members/${user}`, { role });
        process.stdout.write(`${user} is now ${role} in ${namespace}\n`);
      }),
  );

  ns.addCommand(
    withServer(new Command("remove-member"))
      .description("take a user's role in a namespace away")
      .argument("<namespace>")
      .argument("<user>")
      .action(async (namespace: string, user: string, opts: Opts) => {
        const { api } = await connect(opts);
        await api.delete(apiPath`/namespaces/${namespace}/members/${user}`);
        process.stdout.write(`removed ${user} from ${namespace}\n`);
      }),
  );

  return ns;
}
