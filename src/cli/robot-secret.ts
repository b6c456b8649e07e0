import { readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { stringify } from "yaml";
import {
  DeliveryError,
  dockerConfigJson,
  kubernetesSecret,
  type RobotCredential,
} from "../identity/delivery.ts";
import { CliError, labeled, relative } from "./api-client.ts";
import { writeFileAtomic } from "./credentials.ts";
import { defaultSecretName, type Format, registryHost } from "./robot.ts";

/**
 * A robot's new secret, printed or written once (`drydock robot create` and `rotate`). Apart
 * from robot.ts, which loads it when a secret is issued: YAML and the delivery formats cost
 * every other command start-up time.
 */

export interface IssuedSecret {
  username: string;
  secret: string;
  expiresAt: string;
}

export interface RenderContext {
  registry: string;
  namespace: string;
  robot: string;
  secretName: string;
  k8sNamespace: string;
  /** The Docker config the new credential is merged into (docker-config with --output). */
  existingDockerConfig?: unknown;
}

function robotCredential(issued: IssuedSecret, ctx: RenderContext): RobotCredential {
  return {
    registry: ctx.registry,
    username: issued.username,
    secret: issued.secret,
    expiresAt: new Date(issued.expiresAt),
    robot: ctx.robot,
    namespace: ctx.namespace,
  };
}

/** The one-time output of a secret in `format`. */
export function renderSecret(
  format: Format,
  issued: IssuedSecret,
  ctx: RenderContext,
  extra: { json?: unknown; webhookSigningKey?: string } = {},
  now: Date = new Date(),
): string {
  switch (format) {
    case "plain": {
      const pairs: [string, string][] = [
        ["robot", `${ctx.namespace}/${ctx.robot}`],
        ["registry", ctx.registry],
        ["username", issued.username],
        ["secret", issued.secret],
        ["expires", `${issued.expiresAt} (${relative(issued.expiresAt, now)})`],
      ];
      if (extra.webhookSigningKey) pairs.push(["webhook signing key", extra.webhookSigningKey]);
      return `${labeled(pairs)}\n`;
    }
    case "json":
      return `${JSON.stringify(extra.json ?? issued, null, 2)}\n`;
    case "docker-config":
      return `${JSON.stringify(dockerConfigJson([robotCredential(issued, ctx)], ctx.existingDockerConfig), null, 2)}\n`;
    case "k8s-secret":
      return stringify(
        kubernetesSecret(robotCredential(issued, ctx), ctx.secretName, ctx.k8sNamespace),
      );
  }
}

export interface OutputOpts {
  server?: string;
  format: Format;
  output?: string;
  registry?: string;
  k8sNamespace: string;
  secretName?: string;
}

/**
 * Checks what can be checked before the server issues a secret, so a secret is not issued and
 * then lost to a bad option: Kubernetes names, the output directory, an existing Docker config.
 */
export async function prepareOutput(
  opts: OutputOpts,
  server: string,
  ns: string,
  robot: string,
): Promise<RenderContext> {
  const ctx: RenderContext = {
    registry: opts.registry ?? registryHost(server),
    namespace: ns,
    robot,
    secretName: opts.secretName ?? defaultSecretName(ns, robot),
    k8sNamespace: opts.k8sNamespace,
  };
  const probe: IssuedSecret = {
    username: "probe",
    secret: "probe",
    expiresAt: new Date().toISOString(),
  };
  try {
    renderSecret(opts.format, probe, ctx);
  } catch (err) {
    if (err instanceof DeliveryError) throw new CliError(`drydock: ${err.message}`, 2);
    throw err;
  }
  if (opts.output) {
    const path = resolve(opts.output);
    const dir = await stat(dirname(path)).catch(() => null);
    if (!dir?.isDirectory())
      throw new CliError(`drydock: --output: ${dirname(path)} is not a directory`, 2);
    if (opts.format === "docker-config") ctx.existingDockerConfig = await readDockerConfig(path);
  }
  return ctx;
}

async function readDockerConfig(path: string): Promise<unknown> {
  let text: string;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new CliError(`drydock: --output: ${path} is not a regular file`, 2);
    if (st.size > 1024 * 1024)
      throw new CliError(`drydock: --output: ${path} is too large for a Docker config`, 2);
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    if (err instanceof CliError) throw err;
    throw new CliError(
      `drydock: --output: cannot read ${path}: ${(err as NodeJS.ErrnoException).code}`,
    );
  }
  if (text.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`drydock: --output: ${path} is not a JSON Docker config; left untouched`, 2);
  }
  try {
    dockerConfigJson([], parsed);
  } catch (err) {
    if (err instanceof DeliveryError)
      throw new CliError(`drydock: --output: ${path}: ${err.message}`, 2);
    throw err;
  }
  return parsed;
}

export async function emitSecret(
  text: string,
  opts: OutputOpts,
  what: string,
  retry: string,
): Promise<void> {
  if (opts.output) {
    const path = resolve(opts.output);
    try {
      await writeFileAtomic(path, text, { mode: 0o600 });
    } catch (err) {
      throw new CliError(
        `drydock: ${what}, but the secret could not be written to ${path} (${(err as NodeJS.ErrnoException).code ?? "error"}); run ${retry} for a new one`,
      );
    }
    process.stderr.write(`drydock: wrote the secret to ${path} (mode 0600)\n`);
  } else {
    process.stdout.write(text);
  }
  process.stderr.write(`drydock: the secret is shown only this once; ${retry} issues a new one\n`);
}
