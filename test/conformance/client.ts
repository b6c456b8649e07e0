/**
 * Small HTTP helpers shared by the OCI distribution-spec conformance tests.
 * Everything talks to 127.0.0.1 only; every wait is bounded.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { connect } from "node:net";
import { MediaType } from "../../src/core/media-types.ts";
import { matchRoute } from "../../src/http/registry-routes.ts";

export { MediaType };

/** Error codes of the distribution spec ("Error Codes", code-1 .. code-14). */
export const SPEC_ERROR_CODES = [
  "BLOB_UNKNOWN",
  "BLOB_UPLOAD_INVALID",
  "BLOB_UPLOAD_UNKNOWN",
  "DIGEST_INVALID",
  "MANIFEST_BLOB_UNKNOWN",
  "MANIFEST_INVALID",
  "MANIFEST_UNKNOWN",
  "NAME_INVALID",
  "NAME_UNKNOWN",
  "SIZE_INVALID",
  "UNAUTHORIZED",
  "DENIED",
  "UNSUPPORTED",
  "TOOMANYREQUESTS",
] as const;

/** The empty JSON blob `{}` (image-spec manifest.md, "Guidance for an Empty Descriptor"). */
export const EMPTY_JSON = Buffer.from("{}");
export const EMPTY_JSON_DIGEST =
  "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

export function sha256(data: Uint8Array | string): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

export function randomBlob(size: number): Buffer {
  return randomBytes(size);
}

let counter = 0;
/** A repository name unique in this process: `<prefix>/<n>-<random>`. */
export function uniqueRepo(prefix = "conf"): string {
  counter += 1;
  return `${prefix}/r${counter}-${randomBytes(4).toString("hex")}`;
}

export interface Res {
  status: number;
  headers: Headers;
  body: Buffer;
  text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = unknown>(): T;
  /** The request URL, for messages. */
  url: string;
  method: string;
}

export interface ReqOpts {
  headers?: Record<string, string>;
  body?: Uint8Array | string | ReadableStream<Uint8Array>;
  query?: Record<string, string>;
}

export type Json = Record<string, unknown>;

export interface Credentials {
  username: string;
  password: string;
}

export class Client {
  readonly base: string;
  private refreshToken: string | null = null;
  private readonly tokens = new Map<string, string>();

  /**
   * With `creds`, every request carries a registry token for its repository, fetched the
   * way Docker clients do it (the token endpoint, password once, then a refresh token), so
   * the whole suite also runs through authentication and a role check per request.
   */
  constructor(
    base: string,
    private readonly creds?: Credentials,
  ) {
    this.base = base.replace(/\/+$/, "");
  }

  /**
   * The scope a request to `path` needs, as a Docker client would ask for it (a client knows
   * the repository it works on; here the server's own route table finds it). Null: send no
   * credentials (a path that is not a valid endpoint is refused before authentication).
   */
  private scopeFor(path: string): string | null {
    if (path !== "/v2" && !path.startsWith("/v2/")) return null;
    let route: ReturnType<typeof matchRoute>;
    try {
      route = matchRoute(decodeURIComponent(path.replace(/^\/v2\/?/, "")));
    } catch {
      return null;
    }
    if (!route) return null;
    if (route.kind === "base") return "";
    if (route.kind === "catalog") return "registry:catalog:*";
    return `repository:${route.name}:pull,push,delete`;
  }

  /** Basic credentials for requests made without this client (raw sockets). */
  basic(): string {
    if (!this.creds) return "";
    return `Basic ${Buffer.from(`${this.creds.username}:${this.creds.password}`).toString("base64")}`;
  }

  private async tokenFor(scope: string): Promise<string> {
    let token = this.tokens.get(scope);
    if (token) return token;
    const creds = this.creds!;
    const form = new URLSearchParams({ service: "drydock", client_id: "conformance" });
    if (scope) form.set("scope", scope);
    if (this.refreshToken) {
      form.set("grant_type", "refresh_token");
      form.set("refresh_token", this.refreshToken);
    } else {
      form.set("grant_type", "password");
      form.set("username", creds.username);
      form.set("password", creds.password);
      form.set("access_type", "offline");
    }
    const res = await fetch(`${this.base}/token`, { method: "POST", body: form });
    const body = (await res.json()) as { access_token: string; refresh_token?: string };
    assert.equal(res.status, 200, `token request failed: ${JSON.stringify(body)}`);
    if (body.refresh_token) this.refreshToken = body.refresh_token;
    token = body.access_token;
    this.tokens.set(scope, token);
    return token;
  }

  /**
   * Resolves a path, a relative Location or an absolute URL against the base URL, keeping
   * any query string it already has and adding `query` to it.
   */
  url(pathOrUrl: string, query?: Record<string, string>): URL {
    const url = new URL(pathOrUrl, `${this.base}/`);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    return url;
  }

  async req(method: string, pathOrUrl: string, opts: ReqOpts = {}): Promise<Res> {
    const url = this.url(pathOrUrl, opts.query);
    const headers = { ...(opts.headers ?? {}) };
    let scope =
      this.creds && url.origin === new URL(this.base).origin ? this.scopeFor(url.pathname) : null;
    // A cross-repository mount also asks for pull on the source, as Docker clients do.
    const from = url.searchParams.get("from");
    if (scope && from && url.searchParams.has("mount")) scope += ` repository:${from}:pull`;
    if (scope !== null && !Object.keys(headers).some((h) => h.toLowerCase() === "authorization"))
      headers.authorization = `Bearer ${await this.tokenFor(scope)}`;
    const init: RequestInit & { duplex?: "half" } = {
      method,
      headers,
      redirect: "manual",
    };
    if (opts.body !== undefined) {
      init.body = opts.body as RequestInit["body"];
      if (opts.body instanceof ReadableStream) init.duplex = "half";
    }
    const res = await fetch(url, init);
    const body = Buffer.from(await res.arrayBuffer());
    const text = body.toString("utf8");
    return {
      status: res.status,
      headers: res.headers,
      body,
      text,
      json<T>() {
        return JSON.parse(text) as T;
      },
      url: url.toString(),
      method,
    };
  }

  get(p: string, opts?: ReqOpts) {
    return this.req("GET", p, opts);
  }
  head(p: string, opts?: ReqOpts) {
    return this.req("HEAD", p, opts);
  }
  put(p: string, opts?: ReqOpts) {
    return this.req("PUT", p, opts);
  }
  post(p: string, opts?: ReqOpts) {
    return this.req("POST", p, opts);
  }
  patch(p: string, opts?: ReqOpts) {
    return this.req("PATCH", p, opts);
  }
  del(p: string, opts?: ReqOpts) {
    return this.req("DELETE", p, opts);
  }

  // ---- blobs ----------------------------------------------------------------------------

  /** POST /v2/<name>/blobs/uploads/ and returns the session URL (asserts 202 + Location). */
  async startUpload(repo: string): Promise<URL> {
    const res = await this.post(`/v2/${repo}/blobs/uploads/`, {
      headers: { "content-length": "0" },
    });
    assert.equal(res.status, 202, show(res));
    return this.location(res);
  }

  /** Resolves the Location header of a response against the base URL. */
  location(res: Res): URL {
    const loc = res.headers.get("location");
    assert.ok(loc, `missing Location header on ${show(res)}`);
    return this.url(loc);
  }

  /** Pushes a blob with POST then PUT (the one blob flow every registry must support). */
  async pushBlob(repo: string, data: Uint8Array): Promise<string> {
    const digest = sha256(data);
    const loc = await this.startUpload(repo);
    const res = await this.put(loc.toString(), {
      query: { digest },
      headers: { "content-type": "application/octet-stream" },
      body: data,
    });
    assert.equal(res.status, 201, show(res));
    return digest;
  }

  async pushBlobs(repo: string, blobs: Uint8Array[]): Promise<string[]> {
    const out: string[] = [];
    for (const b of blobs) out.push(await this.pushBlob(repo, b));
    return out;
  }

  // ---- manifests ------------------------------------------------------------------------

  putManifest(
    repo: string,
    reference: string,
    body: Uint8Array | string,
    contentType?: string,
  ): Promise<Res> {
    const headers: Record<string, string> = {};
    if (contentType !== undefined) headers["content-type"] = contentType;
    return this.put(`/v2/${repo}/manifests/${reference}`, { headers, body });
  }

  /** PUTs a manifest and asserts 201; returns the digest of the bytes sent. */
  async pushManifest(
    repo: string,
    reference: string,
    body: Uint8Array,
    contentType: string,
  ): Promise<string> {
    const res = await this.putManifest(repo, reference, body, contentType);
    assert.equal(res.status, 201, show(res));
    return sha256(body);
  }

  /**
   * Pushes a small single-layer OCI image (config + one random layer + manifest).
   * `reference` defaults to the manifest's digest (an untagged push).
   */
  async pushImage(repo: string, reference?: string, opts: ImageOpts = {}): Promise<PushedImage> {
    const image = buildImage(opts);
    await this.pushBlob(repo, image.config);
    for (const layer of image.layers) await this.pushBlob(repo, layer);
    await this.pushManifest(repo, reference ?? image.digest, image.manifest, image.mediaType);
    return image;
  }
}

// ---- manifests built inline -------------------------------------------------------------

export interface DescriptorJson {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string };
}

export function descriptor(
  mediaType: string,
  data: Uint8Array,
  extra: Partial<DescriptorJson> = {},
): DescriptorJson {
  return { mediaType, digest: sha256(data), size: data.length, ...extra };
}

export interface ImageOpts {
  /** Docker schema 2 media types instead of OCI. */
  docker?: boolean;
  layerSize?: number;
  layerCount?: number;
  artifactType?: string;
  configMediaType?: string;
  /** Config bytes (default: a small random JSON config). */
  config?: Uint8Array;
  subject?: DescriptorJson;
  annotations?: Record<string, string>;
}

export interface PushedImage {
  manifest: Buffer;
  digest: string;
  mediaType: string;
  config: Buffer;
  layers: Buffer[];
  json: Json;
}

export function buildImage(opts: ImageOpts = {}): PushedImage {
  const docker = opts.docker ?? false;
  const config =
    opts.config !== undefined
      ? Buffer.from(opts.config)
      : Buffer.from(
          JSON.stringify({
            architecture: "amd64",
            os: "linux",
            rootfs: { type: "layers", diff_ids: [] },
            nonce: randomBytes(8).toString("hex"),
          }),
        );
  const layers: Buffer[] = [];
  for (let i = 0; i < (opts.layerCount ?? 1); i++) layers.push(randomBlob(opts.layerSize ?? 64));
  const mediaType = docker ? MediaType.dockerManifest : MediaType.ociManifest;
  const json: Json = {
    schemaVersion: 2,
    mediaType,
    ...(opts.artifactType !== undefined ? { artifactType: opts.artifactType } : {}),
    config: descriptor(
      opts.configMediaType ?? (docker ? MediaType.dockerConfig : MediaType.ociConfig),
      config,
    ),
    layers: layers.map((l) =>
      descriptor(docker ? MediaType.dockerLayerGzip : MediaType.ociLayerGzip, l),
    ),
    ...(opts.subject !== undefined ? { subject: opts.subject } : {}),
    ...(opts.annotations !== undefined ? { annotations: opts.annotations } : {}),
  };
  const manifest = Buffer.from(JSON.stringify(json));
  return { manifest, digest: sha256(manifest), mediaType, config, layers, json };
}

export function buildIndex(
  children: { mediaType: string; body: Uint8Array }[],
  opts: {
    docker?: boolean;
    artifactType?: string;
    subject?: DescriptorJson;
    annotations?: Record<string, string>;
  } = {},
): { body: Buffer; digest: string; mediaType: string } {
  const mediaType = opts.docker ? MediaType.dockerManifestList : MediaType.ociIndex;
  const json: Json = {
    schemaVersion: 2,
    mediaType,
    ...(opts.artifactType !== undefined ? { artifactType: opts.artifactType } : {}),
    manifests: children.map((c, i) =>
      descriptor(c.mediaType, c.body, {
        platform: { architecture: i % 2 === 0 ? "amd64" : "arm64", os: "linux" },
      }),
    ),
    ...(opts.subject !== undefined ? { subject: opts.subject } : {}),
    ...(opts.annotations !== undefined ? { annotations: opts.annotations } : {}),
  };
  const body = Buffer.from(JSON.stringify(json));
  return { body, digest: sha256(body), mediaType };
}

// ---- assertions ---------------------------------------------------------------------------

export function show(res: Res): string {
  return `${res.method} ${res.url} -> ${res.status} ${res.text.slice(0, 300)}`;
}

/**
 * Checks the OCI error envelope {"errors":[{"code","message","detail"?}]} and returns the
 * codes. Spec "Error Codes": code is uppercase letters and underscores; message optional string.
 */
export function errorCodes(res: Res): string[] {
  let body: unknown;
  try {
    body = res.json();
  } catch {
    assert.fail(`error body is not JSON: ${show(res)}`);
  }
  assert.ok(body !== null && typeof body === "object", `error body is not an object: ${show(res)}`);
  const errors = (body as { errors?: unknown }).errors;
  assert.ok(Array.isArray(errors) && errors.length > 0, `no "errors" array: ${show(res)}`);
  return errors.map((e: unknown) => {
    assert.ok(e !== null && typeof e === "object", `error entry is not an object: ${show(res)}`);
    const { code, message } = e as { code?: unknown; message?: unknown };
    assert.equal(typeof code, "string", `error code is not a string: ${show(res)}`);
    assert.match(code as string, /^[A-Z_]+$/, `error code format: ${show(res)}`);
    if (message !== undefined) assert.equal(typeof message, "string", `message: ${show(res)}`);
    return code as string;
  });
}

/** Asserts the status (one of) and that the envelope holds one of `codes`. */
export function assertError(
  res: Res,
  status: number | readonly number[],
  codes: string | readonly string[],
): void {
  const statuses = typeof status === "number" ? [status] : status;
  assert.ok(statuses.includes(res.status), `expected status ${statuses.join("/")}: ${show(res)}`);
  const wanted = typeof codes === "string" ? [codes] : codes;
  const got = errorCodes(res);
  assert.ok(
    got.some((c) => wanted.includes(c)),
    `expected code ${wanted.join("/")} but got ${got.join(",")}: ${show(res)}`,
  );
}

/** Asserts a 4xx (never 5xx) and, when there is a body, a valid envelope with a spec code. */
export function assertClientError(res: Res, codes: readonly string[] = SPEC_ERROR_CODES): void {
  assert.ok(res.status >= 400 && res.status < 500, `expected 4xx: ${show(res)}`);
  if (res.method === "HEAD") return;
  const got = errorCodes(res);
  assert.ok(
    got.some((c) => codes.includes(c)),
    `expected code ${codes.join("/")} but got ${got.join(",")}: ${show(res)}`,
  );
}

/** Parses an upload `Range: 0-<end>` header and returns <end>. */
export function rangeEnd(res: Res): number {
  const range = res.headers.get("range");
  assert.ok(range, `missing Range header: ${show(res)}`);
  const m = /^(?:bytes=)?0-(\d+)$/.exec(range);
  assert.ok(m, `Range header "${range}" is not 0-<end>`);
  return Number(m[1]);
}

/** The target of a `Link: <url>; rel="next"` header (RFC 5988), or null. */
export function nextLink(res: Res): string | null {
  const link = res.headers.get("link");
  if (!link) return null;
  for (const part of link.split(",")) {
    const m = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(part.trim());
    if (m) return m[1]!;
  }
  return null;
}

// ---- raw HTTP over a socket -------------------------------------------------------------

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawOpts {
  /** Bytes sent after the head. */
  body?: Uint8Array;
  /** What to do after writing: "wait" keeps the socket open, "end" half-closes, "destroy" drops it. */
  afterBody?: "wait" | "end" | "destroy";
  /** How long to wait for a response before giving up (ms). */
  timeoutMs?: number;
}

/** Credentials every raw request carries (the suite's admin, over Basic on /v2/). */
export const rawDefaults: { authorization?: string } = {};

/**
 * Sends `head` (request line + headers, CRLF separated, without the blank line) and an
 * optional body over a plain socket, and reads one response. Resolves null when the
 * connection closed (or the wait ended) without a complete status line.
 */
export function rawRequest(
  base: string,
  head: string,
  opts: RawOpts = {},
): Promise<RawResponse | null> {
  const { hostname, port } = new URL(base);
  assert.equal(hostname, "127.0.0.1");
  const timeoutMs = opts.timeoutMs ?? 10_000;
  if (rawDefaults.authorization && !/\r\nauthorization:/i.test(head))
    head = `${head}\r\nAuthorization: ${rawDefaults.authorization}`;
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port: Number(port) });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parseRaw(Buffer.concat(chunks)));
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on("connect", () => {
      socket.write(`${head}\r\n\r\n`);
      if (opts.body) socket.write(opts.body);
      if (opts.afterBody === "end") socket.end();
      else if (opts.afterBody === "destroy") setTimeout(() => finish(), 200);
    });
    socket.on("data", (c: Buffer) => {
      chunks.push(c);
      if (isComplete(Buffer.concat(chunks))) finish();
    });
    socket.on("error", finish);
    socket.on("close", finish);
  });
}

function splitHead(buf: Buffer): { head: string; body: Buffer } | null {
  const i = buf.indexOf("\r\n\r\n");
  if (i === -1) return null;
  return { head: buf.subarray(0, i).toString("latin1"), body: buf.subarray(i + 4) };
}

function headerMap(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of head.split("\r\n").slice(1)) {
    const c = line.indexOf(":");
    if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  return headers;
}

function isComplete(buf: Buffer): boolean {
  const parts = splitHead(buf);
  if (!parts) return false;
  const headers = headerMap(parts.head);
  if (headers["content-length"] !== undefined)
    return parts.body.length >= Number(headers["content-length"]);
  if (/chunked/i.test(headers["transfer-encoding"] ?? ""))
    return (
      parts.body.includes("\r\n0\r\n\r\n") || parts.body.subarray(0, 5).toString() === "0\r\n\r\n"
    );
  return /^HTTP\/1\.\d (1\d\d|204|304)/.test(parts.head);
}

function parseRaw(buf: Buffer): RawResponse | null {
  const parts = splitHead(buf);
  if (!parts) return null;
  const m = /^HTTP\/1\.\d (\d{3})/.exec(parts.head);
  if (!m) return null;
  const headers = headerMap(parts.head);
  let body = parts.body;
  if (/chunked/i.test(headers["transfer-encoding"] ?? "")) body = dechunk(body);
  return { status: Number(m[1]), headers, body: body.toString("utf8") };
}

function dechunk(buf: Buffer): Buffer {
  const out: Buffer[] = [];
  let pos = 0;
  for (let guard = 0; guard < 10_000 && pos < buf.length; guard++) {
    const eol = buf.indexOf("\r\n", pos);
    if (eol === -1) break;
    const size = Number.parseInt(buf.subarray(pos, eol).toString("latin1"), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(buf.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** Error codes in a raw response body ([] when it has none). */
export function rawErrorCodes(res: RawResponse): string[] {
  try {
    const body = JSON.parse(res.body) as { errors?: { code?: unknown }[] };
    return (body.errors ?? []).map((e) => String(e.code));
  } catch {
    return [];
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
