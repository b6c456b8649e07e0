import { isAbsolute, normalize } from "node:path";
import { Command, Option } from "commander";
import type { DeliveryTarget } from "../identity/delivery.ts";
import {
  apiPath,
  CliError,
  clean,
  labeled,
  printJson,
  printTable,
  relative,
  shortTime,
} from "./api-client.ts";
import { connect, withServer } from "./credentials.ts";
import { durationOption } from "./duration.ts";
import type { IssuedSecret, OutputOpts } from "./robot-secret.ts";

/**
 * `drydock robot ...`: robot accounts, their expiring secrets, and the secret's one-time output
 * (robot-secret.ts, loaded when a secret is issued).
 */

type Action = "pull" | "push" | "delete";
const ACTIONS: readonly Action[] = ["pull", "push", "delete"];

export interface Permission {
  repositories: string;
  actions: Action[];
}

interface RobotView {
  namespace: string;
  name: string;
  username: string;
  description: string;
  permissions: Permission[];
  secretTtlSeconds: number;
  overlapSeconds: number;
  autoRotate: boolean;
  delivery: {
    kind: string;
    url?: string;
    path?: string;
    secretName?: string;
    k8sNamespace?: string;
  } | null;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  secretExpiresAt: string | null;
  secretCreatedAt: string | null;
}

interface RobotCreated {
  robot: RobotView;
  credential: IssuedSecret;
  webhookSigningKey?: string;
}

export const FORMATS = ["plain", "json", "docker-config", "k8s-secret"] as const;
export type Format = (typeof FORMATS)[number];

/** `app/*:pull,push` -> a permission, or what is wrong with it. */
export function parsePermission(text: string): Permission | string {
  const colon = text.lastIndexOf(":");
  if (colon <= 0 || colon === text.length - 1)
    return `--permission "${text.slice(0, 100)}": write REPOSITORIES:ACTIONS, e.g. 'app/*:pull,push'`;
  const repositories = text.slice(0, colon).trim();
  const actions = text
    .slice(colon + 1)
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  const unknown = actions.find((a) => !ACTIONS.includes(a as Action));
  if (unknown !== undefined)
    return `--permission "${text.slice(0, 100)}": "${unknown.slice(0, 40)}" is not an action (pull, push, delete)`;
  if (repositories === "" || actions.length === 0)
    return `--permission "${text.slice(0, 100)}": write REPOSITORIES:ACTIONS, e.g. 'app/*:pull,push'`;
  return { repositories, actions: [...new Set(actions)] as Action[] };
}

/** `drydock-<ns>-<robot>`, made a valid Kubernetes name. */
export function defaultSecretName(ns: string, robot: string): string {
  return `drydock-${ns}-${robot}`
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .slice(0, 253)
    .replace(/[.-]+$/, "");
}

/**
 * `--deliver webhook:URL | docker-config:PATH | k8s-secret:PATH` -> a delivery target, or what
 * is wrong with it. Paths are on the server's machine, so they must be absolute already.
 */
export function parseDelivery(
  text: string,
  k8s: { secretName: string; k8sNamespace: string },
): DeliveryTarget | string {
  const colon = text.indexOf(":");
  const kind = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? "" : text.slice(colon + 1);
  const usage = "--deliver: write webhook:URL, docker-config:PATH or k8s-secret:PATH";
  if (rest === "") return usage;
  switch (kind) {
    case "webhook":
      return { kind: "webhook", url: rest };
    case "docker-config":
    case "k8s-secret": {
      if (!isAbsolute(rest) || normalize(rest) !== rest)
        return `--deliver ${kind}: "${rest.slice(0, 200)}" must be an absolute, normalized path on the server`;
      return kind === "docker-config"
        ? { kind, path: rest }
        : { kind, path: rest, secretName: k8s.secretName, k8sNamespace: k8s.k8sNamespace };
    }
    default:
      return usage;
  }
}

/** The registry's host[:port] as Docker writes it, from the server URL. */
export function registryHost(server: string): string {
  return new URL(server).host;
}

function withOutputOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option("--format <format>", "how to print the new secret")
        .choices(FORMATS)
        .default("plain"),
    )
    .option("--output <file>", "write the secret there (mode 0600) instead of standard output")
    .option(
      "--registry <host[:port]>",
      "the registry host in docker-config and k8s-secret (default: the server's)",
    )
    .option("--k8s-namespace <ns>", "the Kubernetes namespace of a k8s-secret", "default")
    .option("--secret-name <name>", "the Kubernetes Secret's name (default drydock-<ns>-<robot>)");
}

function permissionText(p: Permission[]): string {
  return p.map((x) => `${x.repositories}:${x.actions.join(",")}`).join(" ");
}

function status(r: RobotView, now = Date.now()): string {
  if (r.revokedAt) return "revoked";
  if (r.secretExpiresAt && Date.parse(r.secretExpiresAt) <= now) return "expired";
  return "active";
}

function hours(seconds: number): string {
  return seconds % 3600 === 0
    ? `${seconds / 3600}h`
    : seconds % 60 === 0
      ? `${seconds / 60}m`
      : `${seconds}s`;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function robotCommand(): Command {
  const robot = new Command("robot").description(
    "robot accounts: credentials for machines, with secrets that expire and rotate",
  );

  robot.addCommand(
    withOutputOptions(withServer(new Command("create")))
      .description("create a robot in a namespace and print its first secret (once)")
      .argument("<namespace>")
      .argument("<name>")
      .requiredOption(
        "--permission <repos:actions>",
        "what it may do, e.g. 'app/*:pull,push' (repeatable)",
        collect,
      )
      .option("--description <text>", "what the robot is for")
      .option("--ttl <duration>", "how long each secret lives (e.g. 24h; default: the server's)")
      .option("--overlap <duration>", "how long a rotated-away secret keeps working (e.g. 1h)")
      .option(
        "--deliver <target>",
        "rotate automatically and deliver each new secret: webhook:URL, docker-config:PATH or k8s-secret:PATH (paths on the server)",
      )
      .action(
        async (
          ns: string,
          name: string,
          opts: OutputOpts & {
            permission: string[];
            description?: string;
            ttl?: string;
            overlap?: string;
            deliver?: string;
          },
        ) => {
          const permissions: Permission[] = [];
          for (const text of opts.permission) {
            const p = parsePermission(text);
            if (typeof p === "string") throw new CliError(`drydock: ${p}`, 2);
            permissions.push(p);
          }
          let delivery: DeliveryTarget | undefined;
          if (opts.deliver !== undefined) {
            const d = parseDelivery(opts.deliver, {
              secretName: opts.secretName ?? defaultSecretName(ns, name),
              k8sNamespace: opts.k8sNamespace,
            });
            if (typeof d === "string") throw new CliError(`drydock: ${d}`, 2);
            delivery = d;
          }
          const body = {
            name,
            permissions,
            ...(opts.description !== undefined ? { description: opts.description } : {}),
            ...(opts.ttl !== undefined ? { ttlSeconds: durationOption("--ttl", opts.ttl) } : {}),
            ...(opts.overlap !== undefined
              ? { overlapSeconds: durationOption("--overlap", opts.overlap) }
              : {}),
            ...(delivery ? { delivery } : {}),
          };
          const { api } = await connect(opts);
          const { emitSecret, prepareOutput, renderSecret } = await import("./robot-secret.ts");
          const ctx = await prepareOutput(opts, api.server, ns, name);
          const created = await api.post<RobotCreated>(apiPath`/namespaces/${ns}/robots`, body);
          const extra = {
            json: created,
            ...(created.webhookSigningKey ? { webhookSigningKey: created.webhookSigningKey } : {}),
          };
          const text = renderSecret(opts.format, created.credential, ctx, extra);
          await emitSecret(
            text,
            opts,
            `created robot ${ns}/${name}`,
            `drydock robot rotate ${ns} ${name}`,
          );
          // Only plain and json carry the webhook key; the other formats are files for clients.
          if (
            created.webhookSigningKey &&
            (opts.format === "docker-config" || opts.format === "k8s-secret")
          )
            process.stderr.write(
              `drydock: webhook signing key (shown once): ${created.webhookSigningKey}\n`,
            );
        },
      ),
  );

  robot.addCommand(
    withServer(new Command("list"))
      .description("the robots of a namespace (never their secrets)")
      .argument("<namespace>")
      .option("--json", "print JSON")
      .action(async (ns: string, opts: { server?: string; json?: boolean }) => {
        const { api } = await connect(opts);
        const robots = await api.get<RobotView[]>(apiPath`/namespaces/${ns}/robots`);
        if (opts.json) return printJson(robots);
        await printTable(
          ["NAME", "USERNAME", "PERMISSIONS", "SECRET EXPIRES", "AUTO-ROTATE", "STATUS"],
          robots.map((r) => [
            r.name,
            r.username,
            permissionText(r.permissions),
            shortTime(r.secretExpiresAt),
            r.autoRotate ? (r.delivery?.kind ?? "yes") : "no",
            status(r),
          ]),
          `no robots in ${ns}`,
        );
      }),
  );

  robot.addCommand(
    withServer(new Command("show"))
      .description("one robot (never its secret)")
      .argument("<namespace>")
      .argument("<name>")
      .option("--json", "print JSON")
      .action(async (ns: string, name: string, opts: { server?: string; json?: boolean }) => {
        const { api } = await connect(opts);
        const r = await api.get<RobotView>(apiPath`/namespaces/${ns}/robots/${name}`);
        if (opts.json) return printJson(r);
        const d = r.delivery;
        const pairs: [string, string][] = [
          ["robot", `${r.namespace}/${r.name}`],
          ["username", r.username],
          ["description", r.description || "-"],
          ["permissions", permissionText(r.permissions)],
          ["status", status(r)],
          ["secret lifetime", hours(r.secretTtlSeconds)],
          ["overlap", hours(r.overlapSeconds)],
          ["secret created", shortTime(r.secretCreatedAt)],
          [
            "secret expires",
            r.secretExpiresAt
              ? `${shortTime(r.secretExpiresAt)} (${relative(r.secretExpiresAt)})`
              : "-",
          ],
          [
            "auto-rotate",
            d
              ? `${d.kind} ${d.url ?? d.path ?? ""}${d.secretName ? ` (Secret ${d.k8sNamespace}/${d.secretName})` : ""}`.trim()
              : "no",
          ],
          ["created", `${shortTime(r.createdAt)} by ${r.createdBy}`],
        ];
        if (r.revokedAt) pairs.push(["revoked", shortTime(r.revokedAt)]);
        process.stdout.write(`${labeled(pairs)}\n`);
      }),
  );

  robot.addCommand(
    withOutputOptions(withServer(new Command("rotate")))
      .description(
        "issue a new secret now and print it (once); the previous one keeps working for the overlap window",
      )
      .argument("<namespace>")
      .argument("<name>")
      .action(async (ns: string, name: string, opts: OutputOpts) => {
        const { api } = await connect(opts);
        const { emitSecret, prepareOutput, renderSecret } = await import("./robot-secret.ts");
        const ctx = await prepareOutput(opts, api.server, ns, name);
        const issued = await api.post<IssuedSecret>(
          apiPath`/namespaces/${ns}/robots/${name}/rotate`,
        );
        const text = renderSecret(opts.format, issued, ctx);
        await emitSecret(
          text,
          opts,
          `rotated robot ${ns}/${name}`,
          `drydock robot rotate ${ns} ${name}`,
        );
      }),
  );

  robot.addCommand(
    withServer(new Command("revoke"))
      .description("revoke a robot: its secrets stop working at once")
      .argument("<namespace>")
      .argument("<name>")
      .action(async (ns: string, name: string, opts: { server?: string }) => {
        const { api } = await connect(opts);
        await api.delete(apiPath`/namespaces/${ns}/robots/${name}`);
        process.stdout.write(`revoked robot ${clean(ns)}/${clean(name)}\n`);
      }),
  );

  return robot;
}
