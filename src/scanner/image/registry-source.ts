import { Readable } from "node:stream";
import { digestOf, parseDigest } from "../../core/digest.ts";
import { DrydockError } from "../../core/errors.ts";
import { MANIFEST_MEDIA_TYPES } from "../../core/media-types.ts";
import { isRepositoryName, isTag } from "../../core/names.ts";
import { type ImageSource, type Platform, type ResolvedImage, resolveManifest } from "./source.ts";

export interface RegistryRef {
  host: string;
  repository: string;
  /** A tag or a digest. */
  reference: string;
}

/** `host[:port]/ns/repo[:tag|@digest]`; no host means Docker Hub (`library/` for one component). */
export function parseRegistryRef(text: string): RegistryRef {
  let rest = text;
  let reference = "latest";
  const at = rest.indexOf("@");
  if (at !== -1) {
    reference = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!parseDigest(reference))
      throw new DrydockError("DIGEST_INVALID", `"${reference}" in ${text} is not a digest`);
  } else {
    const colon = rest.lastIndexOf(":");
    if (colon > rest.lastIndexOf("/")) {
      reference = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
      if (!isTag(reference))
        throw new DrydockError("NAME_INVALID", `"${reference}" in ${text} is not a tag`);
    }
  }
  const slash = rest.indexOf("/");
  const first = slash === -1 ? "" : rest.slice(0, slash);
  let host = "registry-1.docker.io";
  let repository = rest;
  if (first.includes(".") || first.includes(":") || first === "localhost") {
    host = first;
    repository = rest.slice(slash + 1);
  } else if (slash === -1) {
    repository = `library/${rest}`;
  }
  if (!isRepositoryName(repository))
    throw new DrydockError("NAME_INVALID", `"${repository}" in ${text} is not a repository name`);
  return { host, repository, reference };
}

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface RegistryOptions {
  credentials: RegistryCredentials | null;
  /** Plain HTTP; the default for loopback hosts. */
  plainHttp?: boolean;
  maxConfigBytes?: number;
}

/**
 * An image in a registry, pulled with the distribution API and the Docker token flow
 * (a 401 with `WWW-Authenticate: Bearer realm,service,scope` -> GET realm for a token,
 * with basic credentials when given). Works against drydock and any OCI registry.
 */
export class RegistrySource implements ImageSource {
  private token: string | null = null;
  private layers: ResolvedImage["layers"] = [];
  private readonly base: string;

  constructor(
    readonly ref: string,
    private readonly target: RegistryRef,
    private readonly opts: RegistryOptions,
  ) {
    const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(target.host);
    this.base = `${(opts.plainHttp ?? loopback) ? "http" : "https"}://${target.host}`;
  }

  async resolve(platform: Platform): Promise<ResolvedImage> {
    const fetchManifest = async (reference: string) => {
      const res = await this.get(
        `/v2/${this.target.repository}/manifests/${reference}`,
        MANIFEST_MEDIA_TYPES.join(", "),
      );
      const body = await this.readLimited(
        res,
        this.opts.maxConfigBytes ?? 4 * 1024 * 1024,
        "manifest",
      );
      if (parseDigest(reference) && digestOf(body) !== reference) {
        throw new DrydockError(
          "DIGEST_INVALID",
          `${this.ref}: manifest ${reference} does not match its content`,
        );
      }
      return body;
    };
    const first = await fetchManifest(this.target.reference);
    const digest = parseDigest(this.target.reference) ? this.target.reference : digestOf(first);
    const resolved = await resolveManifest(
      first,
      digest,
      platform,
      fetchManifest,
      (d, what) => this.blob(d, what),
      this.ref,
    );
    this.layers = resolved.layers;
    return resolved;
  }

  async openLayer(index: number): Promise<Readable> {
    const layer = this.layers[index];
    if (!layer?.digest) throw new Error(`layer ${index} is not resolved`);
    const res = await this.get(`/v2/${this.target.repository}/blobs/${layer.digest}`);
    if (!res.body)
      throw new DrydockError("BLOB_UNKNOWN", `${this.ref}: layer ${layer.digest} has no body`);
    return Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>);
  }

  async close(): Promise<void> {}

  private async blob(digest: string, what: string): Promise<Buffer> {
    const res = await this.get(`/v2/${this.target.repository}/blobs/${digest}`);
    const body = await this.readLimited(res, this.opts.maxConfigBytes ?? 16 * 1024 * 1024, what);
    if (digestOf(body, parseDigest(digest)?.algorithm ?? "sha256") !== digest) {
      throw new DrydockError(
        "DIGEST_INVALID",
        `${this.ref}: ${what} ${digest} does not match its content`,
      );
    }
    return body;
  }

  private async get(path: string, accept?: string): Promise<Response> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const headers: Record<string, string> = { "user-agent": "drydock-scanner" };
      if (accept) headers.accept = accept;
      if (this.token) headers.authorization = `Bearer ${this.token}`;
      else if (this.opts.credentials && attempt > 0)
        headers.authorization = basic(this.opts.credentials);
      let res: Response;
      try {
        res = await fetch(`${this.base}${path}`, { headers, redirect: "follow" });
      } catch (err) {
        throw new DrydockError(
          "NAME_UNKNOWN",
          `${this.ref}: cannot reach ${this.base}: ${(err as Error).cause ?? (err as Error).message}`,
        );
      }
      if (res.status === 401 && attempt === 0) {
        await res.body?.cancel();
        await this.authenticate(res.headers.get("www-authenticate"));
        continue;
      }
      if (!res.ok) {
        const text = (await res.text().catch(() => "")).slice(0, 300);
        throw new DrydockError(
          res.status === 404 ? "MANIFEST_UNKNOWN" : res.status === 401 ? "UNAUTHORIZED" : "DENIED",
          `${this.ref}: GET ${path} -> ${res.status} ${text}`,
        );
      }
      return res;
    }
    throw new DrydockError("UNAUTHORIZED", `${this.ref}: the registry refused the credentials`);
  }

  private async authenticate(challenge: string | null): Promise<void> {
    if (!challenge || !/^bearer\s/i.test(challenge)) return; // basic: the retry sends credentials
    const params = Object.fromEntries(
      [...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]),
    );
    if (!params.realm)
      throw new DrydockError("UNAUTHORIZED", `${this.ref}: bearer challenge without realm`);
    const url = new URL(params.realm);
    if (params.service) url.searchParams.set("service", params.service);
    url.searchParams.set("scope", params.scope ?? `repository:${this.target.repository}:pull`);
    const headers: Record<string, string> = {};
    if (this.opts.credentials) headers.authorization = basic(this.opts.credentials);
    const res = await fetch(url, { headers });
    if (!res.ok)
      throw new DrydockError(
        "UNAUTHORIZED",
        `${this.ref}: token request to ${url.host} -> ${res.status}`,
      );
    const body = (await res.json()) as { token?: string; access_token?: string };
    this.token = body.token ?? body.access_token ?? null;
    if (!this.token)
      throw new DrydockError("UNAUTHORIZED", `${this.ref}: the token service returned no token`);
  }

  private async readLimited(res: Response, limit: number, what: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > limit)
        throw new DrydockError(
          "SIZE_INVALID",
          `${this.ref}: ${what} is larger than ${limit} bytes`,
        );
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks, size);
  }
}

function basic(c: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;
}
