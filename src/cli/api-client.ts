import { VERSION } from "./version.ts";

/**
 * The management API (/api/v1) as the CLI talks to it: one fetch per call, JSON in and out,
 * and every failure turned into a CliError whose message is what the user reads. No message
 * ever holds a request body or a credential.
 */

/** An error whose message is printed as is (no stack) before the process exits with `exitCode`. */
export class CliError extends Error {
  readonly exitCode: number;
  /** The HTTP status of the answer that failed, when there was one. */
  readonly status: number | undefined;
  constructor(message: string, exitCode = 1, status?: number) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
    this.status = status;
  }
}

export type Auth =
  | { kind: "bearer"; token: string }
  | { kind: "basic"; username: string; password: string };

export interface ApiClientOptions {
  /** Base URL of the drydock server, without a trailing slash: `http://127.0.0.1:5000`. */
  server: string;
  auth: Auth | null;
  /** Added to a 401's message, e.g. "run drydock login". */
  unauthorizedHint?: string;
  /** Bound on one JSON request, connect to the whole answer (default 60 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

type Query = Record<string, string | number | undefined>;

/** `/namespaces/${ns}` with every interpolated value percent-encoded as one path segment. */
export function apiPath(parts: TemplateStringsArray, ...values: string[]): string {
  let out = parts[0] ?? "";
  values.forEach((v, i) => {
    out += encodeURIComponent(v) + (parts[i + 1] ?? "");
  });
  return out;
}

/** Strips control characters from text that came from the server or a user before printing it. */
export function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
}

const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_|HOSTNAME_MISMATCH$)/;

/** The message for a request that never got an answer. */
export function connectionProblem(server: string, err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string; name?: string } };
  if (e?.name === "TimeoutError" || e?.cause?.name === "TimeoutError")
    return `drydock: the server at ${server} did not answer in time`;
  const code = e?.cause?.code ?? (err as { code?: string })?.code;
  if (code && TLS_CODE.test(code))
    return `drydock: TLS with ${server} failed (${code}); for a private CA set NODE_EXTRA_CA_CERTS`;
  // undici refuses some addresses itself ("bad port") with a message and no code.
  const why = code ?? (e?.cause instanceof Error ? clean(e.cause.message).slice(0, 200) : "");
  return `drydock: cannot reach the server at ${server}${why ? ` (${why})` : ""}`;
}

/** The message for an answer that is not a success: the server's code and message when it sent them. */
export function answerProblem(
  status: number,
  statusText: string,
  body: string,
  url: string,
): string {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const error = parsed?.error;
    if (error && typeof error.code === "string" && typeof error.message === "string")
      return `drydock: ${clean(error.code)}: ${clean(error.message).slice(0, 2000)} (HTTP ${status})`;
  } catch {
    // not the API's error envelope: described below without quoting the body
  }
  return `drydock: HTTP ${status}${statusText ? ` ${clean(statusText)}` : ""} from ${url} (not a drydock API answer)`;
}

export class ApiClient {
  readonly server: string;
  private readonly auth: Auth | null;
  private readonly hint: string | undefined;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(opts: ApiClientOptions) {
    this.server = opts.server.replace(/\/+$/, "");
    this.auth = opts.auth;
    this.hint = opts.unauthorizedHint;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.fetch = opts.fetch ?? globalThis.fetch;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>("GET", path, { query });
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("POST", path, { body: body ?? {} });
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>("PUT", path, { body });
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>("PATCH", path, { body });
  }
  async delete(path: string): Promise<void> {
    await this.request<unknown>("DELETE", path, {});
  }

  /** One JSON request; resolves to the parsed answer (undefined for 204). */
  async request<T>(
    method: string,
    path: string,
    opts: { query?: Query | undefined; body?: unknown },
  ): Promise<T> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const res = await this.send(method, path, opts, signal);
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new CliError(connectionProblem(this.server, err));
    }
    if (!res.ok) throw this.failure(res, text);
    if (res.status === 204 || text === "") return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CliError(
        `drydock: the server at ${this.server} answered ${method} ${path} with something that is not JSON`,
      );
    }
  }

  /** A streamed GET (NDJSON export): the body, once the answer's status says it is a success. */
  async stream(path: string, query?: Query): Promise<ReadableStream<Uint8Array>> {
    // Bound the wait for the answer's head only; the body may take as long as it takes.
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException("timed out", "TimeoutError")),
      this.timeoutMs,
    );
    let res: Response;
    try {
      res = await this.send("GET", path, { query }, controller.signal);
    } finally {
      clearTimeout(timer);
    }
    if (!res.ok) throw this.failure(res, await res.text().catch(() => ""));
    if (!res.body) throw new CliError(`drydock: the server at ${this.server} sent no body`);
    return res.body;
  }

  url(path: string, query?: Query): string {
    const url = new URL(`${this.server}/api/v1${path}`);
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    return url.href;
  }

  private async send(
    method: string,
    path: string,
    opts: { query?: Query | undefined; body?: unknown },
    signal: AbortSignal,
  ): Promise<Response> {
    const headers: Record<string, string> = {
      accept: "application/json, application/x-ndjson",
      "user-agent": `drydock-cli/${VERSION}`,
    };
    if (this.auth?.kind === "bearer") headers.authorization = `Bearer ${this.auth.token}`;
    else if (this.auth?.kind === "basic")
      headers.authorization = `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`, "utf8").toString("base64")}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.body);
    }
    let res: Response;
    try {
      // Redirects are not followed: the credentials must not travel to another address.
      res = await this.fetch(this.url(path, opts.query), {
        method,
        headers,
        body,
        redirect: "manual",
        signal,
      });
    } catch (err) {
      throw new CliError(connectionProblem(this.server, err));
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => {});
      const to = res.headers.get("location");
      throw new CliError(
        `drydock: the server at ${this.server} redirects${to ? ` to ${clean(to).slice(0, 300)}` : ""}; give that address with --server`,
      );
    }
    return res;
  }

  private failure(res: Response, body: string): CliError {
    let message = answerProblem(res.status, res.statusText, body, this.server);
    if (res.status === 401 && this.hint) message += `; ${this.hint}`;
    return new CliError(message, 1, res.status);
  }
}

// --- showing answers -----------------------------------------------------------------------

/**
 * A plain table (no colour, no borders between rows) of cleaned cells. cli-table3 is loaded
 * here, on first use: most commands print no table, and loading it costs start-up time.
 */
export async function renderTable(head: string[], rows: string[][]): Promise<string> {
  const { default: Table } = await import("cli-table3");
  const table = new Table({
    head,
    style: { head: [], border: [], compact: true },
  });
  for (const row of rows) table.push(row.map(clean));
  return table.toString();
}

export async function printTable(head: string[], rows: string[][], empty: string): Promise<void> {
  if (rows.length === 0) process.stdout.write(`${empty}\n`);
  else process.stdout.write(`${await renderTable(head, rows)}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** `label: value` lines, the labels padded to one width. */
export function labeled(pairs: [string, string][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length)) + 2;
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(width)}${clean(v)}`).join("\n");
}

/** An RFC 3339 time as `2024-05-01 12:00:00Z`, "-" for none. */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return "-";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return clean(iso);
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "Z");
}

/** How long from `now` until `iso`, roughly: "in 23h", "in 6d", "3m ago". */
export function relative(iso: string, now: Date = new Date()): string {
  const ms = Date.parse(iso) - now.getTime();
  if (Number.isNaN(ms)) return "";
  const abs = Math.abs(ms);
  const text =
    abs < 60_000
      ? `${Math.round(abs / 1000)}s`
      : abs < 3_600_000
        ? `${Math.round(abs / 60_000)}m`
        : abs < 172_800_000
          ? `${Math.round(abs / 3_600_000)}h`
          : `${Math.round(abs / 86_400_000)}d`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}
