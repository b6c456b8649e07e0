import { createHmac, timingSafeEqual } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import { isAbsolute, normalize, sep } from "node:path";
import { rootCertificates } from "node:tls";
import { stringify } from "yaml";
import type { Clock } from "../core/clock.ts";
import { writeFileAtomic } from "../core/files.ts";
import type { Logger } from "../core/logger.ts";

/**
 * Delivery of a robot's new secret to where it is used: a webhook (HTTPS POST, HMAC-signed),
 * a Docker config.json, or a Kubernetes Secret manifest. The secret travels only in the request
 * body or the file written; no error message and no log line ever carries it.
 */

export interface RobotCredential {
  /** host[:port] as clients write it, e.g. "127.0.0.1:5000". */
  registry: string;
  /** e.g. "robot$team-a+ci". */
  username: string;
  secret: string;
  expiresAt: Date;
  robot: string;
  namespace: string;
}

export type DeliveryTarget =
  | { kind: "webhook"; url: string }
  | { kind: "docker-config"; path: string }
  | { kind: "k8s-secret"; path: string; secretName: string; k8sNamespace: string };

export const WEBHOOK_EVENT = "robot.secret.rotated";
export const SIGNATURE_HEADER = "X-Drydock-Signature";
export const EVENT_HEADER = "X-Drydock-Event";
/** Annotation keys on the Kubernetes Secret. */
export const ANNOTATION_ROBOT = "drydock.dev/robot";
export const ANNOTATION_EXPIRES_AT = "drydock.dev/expires-at";
export const ANNOTATION_REGISTRY = "drydock.dev/registry";

const DEFAULT_TIMEOUT_MS = 10_000;
const MIN_WEBHOOK_KEY_BYTES = 16;
/** A docker config larger than this is not one we should rewrite. */
const MAX_DOCKER_CONFIG_BYTES = 1024 * 1024;
const MAX_SIGNATURE_HEADER = 1024;

export type DeliveryFailure =
  | "invalid-target"
  | "invalid-credential"
  | "http-status"
  | "unreachable"
  | "tls"
  | "timeout"
  | "file";

/** Why a delivery failed; `status` is the receiver's HTTP status for `http-status`. */
export class DeliveryError extends Error {
  readonly reason: DeliveryFailure;
  readonly status: number | undefined;
  constructor(reason: DeliveryFailure, message: string, status?: number) {
    super(message);
    this.name = "DeliveryError";
    this.reason = reason;
    this.status = status;
  }
}

// ---------------------------------------------------------------------------------------------
// Docker config and Kubernetes Secret

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// A registry host as the distribution reference grammar allows it: DNS name or [IPv6], optional
// port. Also keeps keys such as "__proto__" out of the auths map.
const REGISTRY_HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

/** What is wrong with a credential, without ever quoting its secret. */
function credentialProblem(cred: RobotCredential): string | null {
  if (typeof cred.registry !== "string" || !REGISTRY_HOST.test(cred.registry))
    return "registry must be host[:port]";
  // Docker splits `auth` at the first colon, so a username cannot hold one.
  if (typeof cred.username !== "string" || cred.username === "" || /[:\s]/.test(cred.username))
    return "username must be non-empty, without colons or spaces";
  if (typeof cred.secret !== "string" || cred.secret === "") return "secret is empty";
  if (!(cred.expiresAt instanceof Date) || Number.isNaN(cred.expiresAt.getTime()))
    return "expiresAt is not a valid date";
  return null;
}

function assertCredential(cred: RobotCredential): void {
  const problem = credentialProblem(cred);
  if (problem)
    throw new DeliveryError("invalid-credential", `invalid robot credential: ${problem}`);
}

function authEntry(cred: RobotCredential): Record<string, string> {
  // The shape `kubectl create secret docker-registry` writes; the Docker CLI reads `auth`.
  return {
    username: cred.username,
    password: cred.secret,
    auth: Buffer.from(`${cred.username}:${cred.secret}`, "utf8").toString("base64"),
  };
}

/**
 * A Docker config (`{"auths": {registry: {auth, ...}}}`) holding `creds`, merged into `existing`:
 * other registries and other top-level keys (credsStore, credHelpers, ...) are kept, and each
 * credential's registry entry is replaced whole. Throws when `existing` is not a config object.
 */
export function dockerConfigJson(creds: RobotCredential[], existing?: unknown): object {
  if (existing !== undefined && existing !== null && !isPlainObject(existing))
    throw new DeliveryError("file", "the existing docker config is not a JSON object");
  const base: Record<string, unknown> = isPlainObject(existing) ? { ...existing } : {};
  const previous = base["auths"];
  if (previous !== undefined && previous !== null && !isPlainObject(previous))
    throw new DeliveryError("file", 'the existing docker config\'s "auths" is not a JSON object');
  const auths: Record<string, unknown> = isPlainObject(previous) ? { ...previous } : {};
  for (const cred of creds) {
    assertCredential(cred);
    auths[cred.registry] = authEntry(cred);
  }
  return { ...base, auths };
}

const DNS1123_LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

function isDns1123Label(s: unknown): s is string {
  return typeof s === "string" && s.length <= 63 && DNS1123_LABEL.test(s);
}

function isDns1123Subdomain(s: unknown): s is string {
  return (
    typeof s === "string" &&
    s.length <= 253 &&
    DNS1123_SUBDOMAIN.test(s) &&
    s.split(".").every((label) => label.length <= 63)
  );
}

/** RFC 3339 in UTC with whole seconds, the way Kubernetes writes times. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A `kubernetes.io/dockerconfigjson` Secret holding the robot's credential for its registry. */
export function kubernetesSecret(cred: RobotCredential, name: string, namespace: string): object {
  if (!isDns1123Subdomain(name))
    throw new DeliveryError("invalid-target", "secret name must be a DNS-1123 subdomain");
  if (!isDns1123Label(namespace))
    throw new DeliveryError("invalid-target", "kubernetes namespace must be a DNS-1123 label");
  const config = JSON.stringify(dockerConfigJson([cred]));
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name,
      namespace,
      labels: { "app.kubernetes.io/managed-by": "drydock" },
      annotations: {
        [ANNOTATION_ROBOT]: `${cred.namespace}/${cred.robot}`,
        [ANNOTATION_REGISTRY]: cred.registry,
        [ANNOTATION_EXPIRES_AT]: rfc3339(cred.expiresAt),
      },
    },
    type: "kubernetes.io/dockerconfigjson",
    data: { ".dockerconfigjson": Buffer.from(config, "utf8").toString("base64") },
  };
}

// ---------------------------------------------------------------------------------------------
// Webhook signatures (Stripe's scheme: the timestamp is signed with the body, so a receiver can
// refuse replays of an old delivery)

function hmacHex(body: string, key: Buffer, timestamp: number): string {
  return createHmac("sha256", key).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

/** `t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function signWebhook(body: string, key: Buffer, timestamp: number): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new RangeError("the signature timestamp must be whole seconds");
  return `t=${timestamp},v1=${hmacHex(body, key, timestamp)}`;
}

/**
 * True when `header` carries a v1 signature of `body` under `key`, made within
 * `toleranceSeconds` of `nowSeconds` (either side). Several v1 values are allowed (key rollover);
 * anything malformed is false, never an exception.
 */
export function verifyWebhookSignature(
  header: string,
  body: string,
  key: Buffer,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (typeof header !== "string" || header.length > MAX_SIGNATURE_HEADER) return false;
  let timestamp: number | null = null;
  const candidates: Buffer[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return false;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === "t") {
      if (timestamp !== null || !/^\d{1,15}$/.test(value)) return false;
      timestamp = Number(value);
    } else if (name === "v1") {
      if (!/^[0-9a-f]{64}$/.test(value)) return false;
      candidates.push(Buffer.from(value, "hex"));
    }
    // Other schemes (v0, ...) are ignored, as Stripe's receivers do.
  }
  if (timestamp === null || candidates.length === 0) return false;
  if (!(Math.abs(nowSeconds - timestamp) <= toleranceSeconds)) return false;
  const expected = Buffer.from(hmacHex(body, key, timestamp), "hex");
  let ok = false;
  for (const candidate of candidates) ok = timingSafeEqual(candidate, expected) || ok;
  return ok;
}

// ---------------------------------------------------------------------------------------------
// Targets supplied by users

export interface TargetOptions {
  /** Accept `http://` webhooks to 127.0.0.1, ::1 or localhost (tests only). */
  allowInsecureHttp?: boolean;
  /** When set, file targets must lie inside one of these absolute directories. */
  fileRoots?: string[];
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

function webhookUrlProblem(raw: unknown, opts: TargetOptions): string | URL {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048)
    return "webhook url must be a string of at most 2048 characters";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "webhook url is not a valid URL";
  }
  if (url.username || url.password) return "webhook url must not carry credentials";
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:") {
    if (opts.allowInsecureHttp && LOOPBACK_HOSTS.has(url.hostname)) return url;
    return "webhook url must be https";
  }
  return "webhook url must be https";
}

function pathProblem(raw: unknown, opts: TargetOptions): string | null {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 4096 || raw.includes("\0"))
    return "path must be a non-empty string";
  if (!isAbsolute(raw)) return "path must be absolute";
  if (normalize(raw) !== raw || raw.endsWith(sep)) return "path must be normalized (no . or ..)";
  if (opts.fileRoots) {
    const inside = opts.fileRoots.some((root) => {
      const r = normalize(root).replace(/[\\/]+$/, "");
      return raw.startsWith(r + sep);
    });
    if (!inside) return "path is outside the directories allowed for delivery";
  }
  return null;
}

/** A clean copy of a valid target, or a description of what is wrong with it. */
function checkTarget(input: unknown, opts: TargetOptions): DeliveryTarget | string {
  if (!isPlainObject(input)) return "a delivery target must be an object";
  switch (input["kind"]) {
    case "webhook": {
      const url = webhookUrlProblem(input["url"], opts);
      return typeof url === "string" ? url : { kind: "webhook", url: url.href };
    }
    case "docker-config": {
      const problem = pathProblem(input["path"], opts);
      return problem ?? { kind: "docker-config", path: input["path"] as string };
    }
    case "k8s-secret": {
      const problem = pathProblem(input["path"], opts);
      if (problem) return problem;
      if (!isDns1123Subdomain(input["secretName"]))
        return "secretName must be a DNS-1123 subdomain";
      if (!isDns1123Label(input["k8sNamespace"])) return "k8sNamespace must be a DNS-1123 label";
      return {
        kind: "k8s-secret",
        path: input["path"] as string,
        secretName: input["secretName"],
        k8sNamespace: input["k8sNamespace"],
      };
    }
    default:
      return 'kind must be "webhook", "docker-config" or "k8s-secret"';
  }
}

/**
 * Validation for user-supplied targets: webhook urls https (http only to loopback, and only with
 * `allowInsecureHttp`), no credentials in urls, paths absolute and normalized, Kubernetes names
 * DNS-1123. Returns a clean copy (unknown keys dropped) or null.
 */
export function parseDeliveryTarget(
  input: unknown,
  opts: TargetOptions = {},
): DeliveryTarget | null {
  const checked = checkTarget(input, opts);
  return typeof checked === "string" ? null : checked;
}

/** What a delivery target is refused for, or null when it is valid. */
export function deliveryTargetProblem(input: unknown, opts: TargetOptions = {}): string | null {
  const checked = checkTarget(input, opts);
  return typeof checked === "string" ? checked : null;
}

// ---------------------------------------------------------------------------------------------
// Files

/** The parsed config at `path`, undefined when there is none. Never quotes the file's content. */
async function readDockerConfig(path: string): Promise<unknown> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new DeliveryError("file", `${path} is not a regular file`);
    size = st.size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  if (size > MAX_DOCKER_CONFIG_BYTES)
    throw new DeliveryError(
      "file",
      `${path} is larger than a docker config should be; left untouched`,
    );
  const text = await readFile(path, "utf8");
  if (text.trim() === "") return undefined; // the Docker CLI reads an empty file as no config
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the input, which may hold other registries' credentials.
    throw new DeliveryError("file", `${path} is not valid JSON; left untouched`);
  }
}

// ---------------------------------------------------------------------------------------------
// The deliverer

export interface DelivererDeps {
  clock: Clock;
  log: Logger;
  /** Used for webhooks when given (tests); otherwise node:http(s), which honours `tlsCa`. */
  fetch?: typeof fetch;
}

export interface DelivererSettings {
  /** Allow `http://` webhooks to loopback addresses (tests only). */
  allowInsecureHttp?: boolean;
  /** Bound on a whole webhook request, connect to response headers. Default 10 s. */
  timeoutMs?: number;
  /** An extra CA (PEM) trusted for webhooks' HTTPS, besides the system's roots. */
  tlsCa?: Buffer;
}

const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_|HOSTNAME_MISMATCH$)/;

/** The url without credentials, query or fragment: what may appear in messages and logs. */
function redactUrl(url: URL): string {
  return `${url.origin}${url.pathname}${url.search ? "?…" : ""}`;
}

function isDeliveryError(err: unknown): err is DeliveryError {
  return err instanceof DeliveryError;
}

export class Deliverer {
  private readonly timeoutMs: number;
  /** Writes to one file run one after another, so two merges into a config cannot race. */
  private readonly fileQueues = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: DelivererDeps,
    private readonly settings: DelivererSettings = {},
  ) {
    const t = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(Number.isFinite(t) && t > 0)) throw new RangeError("timeoutMs must be a positive number");
    this.timeoutMs = t;
  }

  /** Delivers `cred` to `target`; throws a DeliveryError whose message never holds the secret. */
  async deliver(target: DeliveryTarget, cred: RobotCredential, webhookKey: Buffer): Promise<void> {
    const checked = checkTarget(target, { allowInsecureHttp: this.settings.allowInsecureHttp });
    if (typeof checked === "string")
      throw new DeliveryError("invalid-target", `delivery target refused: ${checked}`);
    assertCredential(cred);
    const fields = {
      target: checked.kind,
      destination: checked.kind === "webhook" ? redactUrl(new URL(checked.url)) : checked.path,
      robot: `${cred.namespace}/${cred.robot}`,
      registry: cred.registry,
    };
    const started = Date.now();
    try {
      switch (checked.kind) {
        case "webhook":
          await this.postWebhook(new URL(checked.url), cred, webhookKey);
          break;
        case "docker-config":
          await this.writeDockerConfig(checked.path, cred);
          break;
        case "k8s-secret":
          await this.writeKubernetesSecret(checked, cred);
          break;
      }
    } catch (err) {
      const failure = isDeliveryError(err) ? err : this.fileError(fields.destination, err);
      this.deps.log.debug("robot secret delivery failed", {
        ...fields,
        reason: failure.reason,
        error: failure.message,
      });
      throw failure;
    }
    this.deps.log.info("robot secret delivered", { ...fields, ms: Date.now() - started });
  }

  private fileError(path: string, err: unknown): DeliveryError {
    // Only the errno code: fs messages are safe, but anything else might quote data.
    const code = (err as NodeJS.ErrnoException)?.code ?? "unknown error";
    return new DeliveryError("file", `cannot write ${path}: ${code}`);
  }

  // --- webhooks ------------------------------------------------------------------------------

  private async postWebhook(url: URL, cred: RobotCredential, key: Buffer): Promise<void> {
    if (!Buffer.isBuffer(key) || key.length < MIN_WEBHOOK_KEY_BYTES)
      throw new DeliveryError(
        "invalid-credential",
        `the webhook signing key must be at least ${MIN_WEBHOOK_KEY_BYTES} bytes`,
      );
    const body = JSON.stringify({
      event: WEBHOOK_EVENT,
      robot: cred.robot,
      namespace: cred.namespace,
      registry: cred.registry,
      username: cred.username,
      secret: cred.secret,
      expiresAt: cred.expiresAt.toISOString(),
    });
    const timestamp = Math.floor(this.deps.clock.now().getTime() / 1000);
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "Content-Length": String(Buffer.byteLength(body)),
      "User-Agent": "drydock",
      [SIGNATURE_HEADER]: signWebhook(body, key, timestamp),
      [EVENT_HEADER]: WEBHOOK_EVENT,
    };
    const where = redactUrl(url);
    const status = this.deps.fetch
      ? await this.postWithFetch(this.deps.fetch, url, body, headers, where)
      : await this.postWithNode(url, body, headers, where);
    if (status >= 200 && status < 300) return;
    const note = status >= 300 && status < 400 ? " (redirects are not followed)" : "";
    throw new DeliveryError(
      "http-status",
      `webhook ${where} answered HTTP ${status}${note}`,
      status,
    );
  }

  private networkError(where: string, err: unknown): DeliveryError {
    const e = err as NodeJS.ErrnoException & { cause?: unknown };
    const code = e?.code ?? (e?.cause as NodeJS.ErrnoException | undefined)?.code;
    if (code && TLS_CODE.test(code))
      return new DeliveryError("tls", `TLS with webhook ${where} failed: ${code}`);
    return new DeliveryError(
      "unreachable",
      `webhook ${where} is unreachable: ${code ?? "connection failed"}`,
    );
  }

  private timeoutError(where: string): DeliveryError {
    return new DeliveryError("timeout", `webhook ${where} timed out after ${this.timeoutMs} ms`);
  }

  private async postWithFetch(
    f: typeof fetch,
    url: URL,
    body: string,
    headers: Record<string, string>,
    where: string,
  ): Promise<number> {
    let res: Response;
    try {
      res = await f(url.href, {
        method: "POST",
        headers,
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const name = (err as Error)?.name;
      if (name === "TimeoutError" || name === "AbortError") throw this.timeoutError(where);
      throw this.networkError(where, (err as { cause?: unknown })?.cause ?? err);
    }
    await res.body?.cancel().catch(() => {});
    return res.status;
  }

  private postWithNode(
    url: URL,
    body: string,
    headers: Record<string, string>,
    where: string,
  ): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const secure = url.protocol === "https:";
      const options: https.RequestOptions = {
        method: "POST",
        headers,
        agent: false, // one connection, closed afterwards; no pooled sockets outlive the call
      };
      if (secure && this.settings.tlsCa)
        options.ca = [...rootCertificates, this.settings.tlsCa.toString("utf8")];
      let settled = false;
      const settle = (err: DeliveryError | null, status = 0) => {
        if (settled) return;
        settled = true;
        if (err) {
          clearTimeout(timer);
          reject(err);
        } else resolve(status);
      };
      const req = (secure ? https : http).request(url, options, (res) => {
        // Only the status matters; drain the body, and the deadline still bounds the drain.
        res.on("error", () => {});
        res.on("close", () => clearTimeout(timer));
        res.resume();
        settle(null, res.statusCode ?? 0);
      });
      const timer = setTimeout(() => {
        settle(this.timeoutError(where));
        req.destroy();
      }, this.timeoutMs);
      req.on("error", (err) => settle(this.networkError(where, err)));
      req.end(body);
    });
  }

  // --- files ---------------------------------------------------------------------------------

  private async serialized(path: string, fn: () => Promise<void>): Promise<void> {
    const previous = this.fileQueues.get(path) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const done = run.then(
      () => {},
      () => {},
    );
    this.fileQueues.set(path, done);
    try {
      await run;
    } finally {
      if (this.fileQueues.get(path) === done) this.fileQueues.delete(path);
    }
  }

  private writeDockerConfig(path: string, cred: RobotCredential): Promise<void> {
    return this.serialized(path, async () => {
      const existing = await readDockerConfig(path);
      let config: Record<string, unknown>;
      try {
        config = dockerConfigJson([cred], existing) as Record<string, unknown>;
      } catch (err) {
        if (isDeliveryError(err) && err.reason === "file")
          throw new DeliveryError("file", `${path}: ${err.message}; left untouched`);
        throw err;
      }
      // A credential store makes the Docker CLI look there instead of in "auths".
      const helpers = config["credHelpers"];
      if (
        typeof config["credsStore"] === "string" ||
        (isPlainObject(helpers) && cred.registry in helpers)
      )
        this.deps.log.warn("docker config names a credential helper; docker may not use auths", {
          path,
          registry: cred.registry,
        });
      await writeFileAtomic(path, `${JSON.stringify(config, null, "\t")}\n`);
    });
  }

  private writeKubernetesSecret(
    target: Extract<DeliveryTarget, { kind: "k8s-secret" }>,
    cred: RobotCredential,
  ): Promise<void> {
    return this.serialized(target.path, async () => {
      const manifest = kubernetesSecret(cred, target.secretName, target.k8sNamespace);
      const text = `# Written by drydock: replaced whenever the robot's secret rotates.\n${stringify(manifest)}`;
      await writeFileAtomic(target.path, text);
    });
  }
}
