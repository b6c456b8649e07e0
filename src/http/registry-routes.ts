import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DrydockError } from "../core/errors.ts";
import { requireRepositoryName } from "../core/names.ts";
import type { Action } from "../identity/types.ts";
import { parseByteRange } from "../registry/blobs.ts";
import type { Registry } from "../registry/registry.ts";
import { type ChunkRange, rangeHeader } from "../registry/uploads.ts";
import type { Caller, RegistryAuth } from "./auth.ts";
import { bodyStream, hasBody, readBody } from "./body.ts";
import { sendError } from "./errors.ts";

export interface RegistryRouteSettings {
  bodyIdleMs: number;
  maxManifestBytes: number;
}

type Route =
  | { kind: "base" }
  | { kind: "catalog" }
  | { kind: "uploads"; name: string }
  | { kind: "upload"; name: string; id: string }
  | { kind: "blob"; name: string; digest: string }
  | { kind: "manifest"; name: string; reference: string }
  | { kind: "tags"; name: string }
  | { kind: "referrers"; name: string; digest: string };

const PATTERNS: [RegExp, (m: RegExpExecArray) => Route][] = [
  [/^(.+)\/blobs\/uploads\/?$/, (m) => ({ kind: "uploads", name: m[1]! })],
  [/^(.+)\/blobs\/uploads\/([^/]+)$/, (m) => ({ kind: "upload", name: m[1]!, id: m[2]! })],
  [/^(.+)\/blobs\/([^/]+)$/, (m) => ({ kind: "blob", name: m[1]!, digest: m[2]! })],
  [/^(.+)\/manifests\/([^/]+)$/, (m) => ({ kind: "manifest", name: m[1]!, reference: m[2]! })],
  [/^(.+)\/tags\/list$/, (m) => ({ kind: "tags", name: m[1]! })],
  [/^(.+)\/referrers\/([^/]+)$/, (m) => ({ kind: "referrers", name: m[1]!, digest: m[2]! })],
];

/** Maps a path below /v2/ to a route. Names are checked here, once, for every endpoint. */
export function matchRoute(rest: string): Route | null {
  if (rest === "") return { kind: "base" };
  if (rest === "_catalog") return { kind: "catalog" };
  for (const [pattern, build] of PATTERNS) {
    const m = pattern.exec(rest);
    if (!m) continue;
    const route = build(m);
    if ("name" in route) requireRepositoryName(route.name);
    return route;
  }
  return null;
}

const DEFAULT_PAGE = 1000;
const MAX_PAGE = 10_000;

/**
 * The OCI Distribution API under /v2/. Routing is done here rather than by the framework
 * because repository names contain slashes. Handlers parse the request, call the registry,
 * and write headers; bytes flow from the socket to the blob store without being buffered.
 */
export function registryRoutes(
  registry: Registry,
  settings: RegistryRouteSettings,
  auth: RegistryAuth | null,
) {
  return async (app: FastifyInstance) => {
    // Bodies are streams the handlers read themselves, whatever their content type.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser("*", (_req, _payload, done) => done(null, undefined));

    app.addHook("onRequest", async (_request, reply) => {
      reply.header("docker-distribution-api-version", "registry/2.0");
    });
    app.setErrorHandler((err, request, reply) => sendError(request, reply, err));

    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const path = pathOf(request.url);
      let rest: string;
      try {
        rest = decodeURIComponent(path.replace(/^\/v2\/?/, ""));
      } catch {
        throw new DrydockError("NAME_INVALID", "the request path is not valid percent-encoding");
      }
      const route = matchRoute(rest);
      if (!route)
        throw new DrydockError(
          "UNSUPPORTED",
          `no endpoint ${request.method} ${path.slice(0, 200)}`,
          { status: 404 },
        );
      const query = request.query as Record<string, string | string[] | undefined>;
      const caller = auth ? await authorize(auth, route, request) : null;
      return dispatch(route, request, reply, query, caller);
    };
    app.route({ method: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"], url: "/v2", handler });
    app.route({ method: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"], url: "/v2/*", handler });
  };

  /** Checks the caller before anything reads the registry, so a refusal reveals nothing. */
  async function authorize(
    auth: RegistryAuth,
    route: Route,
    request: FastifyRequest,
  ): Promise<Caller> {
    const caller = await auth.caller(request);
    if (route.kind === "base") auth.requireSignedIn(request, caller, null);
    else if (route.kind === "catalog") auth.requireSignedIn(request, caller, "registry:catalog:*");
    else await auth.require(request, caller, route.name, requiredAction(route, request.method));
    return caller;
  }

  async function dispatch(
    route: Route,
    request: FastifyRequest,
    reply: FastifyReply,
    query: Record<string, string | string[] | undefined>,
    caller: Caller | null,
  ): Promise<unknown> {
    const method = request.method;
    const q = (key: string) => single(query[key], key);
    switch (route.kind) {
      case "base":
        if (method !== "GET" && method !== "HEAD") break;
        return reply.type("application/json").send(method === "HEAD" ? undefined : {});

      case "catalog": {
        if (method !== "GET") break;
        const { limit, last } = pagination(q("n"), q("last"));
        const visible = auth && caller ? auth.catalogFilter(caller) : undefined;
        const page =
          limit === 0 ? { items: [], more: false } : await registry.catalog(limit, last, visible);
        if (page.more)
          reply.header(
            "link",
            `</v2/_catalog?n=${limit}&last=${encodeURIComponent(page.items.at(-1)!)}>; rel="next"`,
          );
        return reply.send({ repositories: page.items });
      }

      case "uploads": {
        if (method !== "POST") break;
        const mount = q("mount");
        const from = q("from");
        if (mount !== undefined && from !== undefined) {
          requireRepositoryName(from);
          // Mounting from a repository the caller may not pull falls back to an upload session.
          const mayMount = !auth || !caller || (await auth.mayPull(caller, from));
          if (mayMount && (await registry.blobs.mount(route.name, from, mount))) {
            return reply
              .code(201)
              .headers({
                location: `/v2/${route.name}/blobs/${mount}`,
                "docker-content-digest": mount,
                "content-length": "0",
              })
              .send();
          }
        }
        const digest = q("digest");
        if (digest !== undefined && mount === undefined) {
          const blob = await registry.uploads.monolithic(
            route.name,
            digest,
            bodyStream(request.raw, settings.bodyIdleMs),
          );
          return reply
            .code(201)
            .headers({
              location: `/v2/${route.name}/blobs/${blob.digest}`,
              "docker-content-digest": blob.digest,
              "content-length": "0",
            })
            .send();
        }
        const upload = await registry.uploads.start(route.name);
        return reply
          .code(202)
          .headers(uploadHeaders(route.name, upload.id, 0))
          .send();
      }

      case "upload": {
        if (method === "GET") {
          const upload = await registry.uploads.status(route.name, route.id);
          return reply
            .code(204)
            .headers(uploadHeaders(route.name, upload.id, upload.offset))
            .send();
        }
        if (method === "PATCH") {
          const range = parseContentRange(request.headers["content-range"]);
          const upload = await registry.uploads.append(
            route.name,
            route.id,
            bodyStream(request.raw, settings.bodyIdleMs),
            range,
          );
          return reply
            .code(202)
            .headers(uploadHeaders(route.name, upload.id, upload.offset))
            .send();
        }
        if (method === "PUT") {
          const range = parseContentRange(request.headers["content-range"]);
          const body = hasBody(request.raw) ? bodyStream(request.raw, settings.bodyIdleMs) : null;
          const blob = await registry.uploads.finish(
            route.name,
            route.id,
            q("digest"),
            body,
            range,
          );
          return reply
            .code(201)
            .headers({
              location: `/v2/${route.name}/blobs/${blob.digest}`,
              "docker-content-digest": blob.digest,
              "content-length": "0",
            })
            .send();
        }
        if (method === "DELETE") {
          await registry.uploads.cancel(route.name, route.id);
          return reply.code(204).send();
        }
        break;
      }

      case "blob": {
        if (method === "HEAD") {
          const blob = await registry.blobs.stat(route.name, route.digest);
          return reply.headers(blobHeaders(blob.digest, blob.size)).send();
        }
        if (method === "GET") {
          const blob = await registry.blobs.open(route.name, route.digest, (size) =>
            parseByteRange(request.headers.range, size),
          );
          const range = blob.range;
          reply.headers(blobHeaders(blob.digest, blob.size));
          if (range) {
            reply
              .code(206)
              .header("content-range", `bytes ${range.start}-${range.end}/${blob.size}`)
              .header("content-length", String(range.end - range.start + 1));
          }
          return reply.send(blob.body);
        }
        if (method === "DELETE") {
          await registry.blobs.delete(route.name, route.digest);
          return reply.code(202).header("content-length", "0").send();
        }
        break;
      }

      case "manifest": {
        if (method === "GET" || method === "HEAD") {
          if (method === "HEAD") {
            const m = await registry.manifests.stat(route.name, route.reference);
            return reply.headers(manifestHeaders(m.digest, m.mediaType, m.size)).send();
          }
          const m = await registry.manifests.get(route.name, route.reference);
          if (auth && caller)
            auth.record(request, caller, "registry.pull", route.name, { digest: m.digest });
          return reply
            .headers(manifestHeaders(m.digest, m.mediaType, m.size))
            .send(Buffer.from(m.content));
        }
        if (method === "PUT") {
          const body = await readBody(
            request.raw,
            settings.maxManifestBytes,
            settings.bodyIdleMs,
            (size) =>
              new DrydockError(
                "SIZE_INVALID",
                `manifest is ${size} bytes; the limit is ${settings.maxManifestBytes} bytes`,
                {
                  status: 413,
                },
              ),
          );
          const pushed = await registry.manifests.put(
            route.name,
            route.reference,
            body,
            request.headers["content-type"],
          );
          reply.code(201).headers({
            location: `/v2/${route.name}/manifests/${pushed.digest}`,
            "docker-content-digest": pushed.digest,
            "content-length": "0",
          });
          if (pushed.subject) reply.header("oci-subject", pushed.subject);
          if (auth && caller)
            auth.record(request, caller, "registry.push", route.name, {
              digest: pushed.digest,
              reference: route.reference,
            });
          return reply.send();
        }
        if (method === "DELETE") {
          await registry.manifests.delete(route.name, route.reference);
          if (auth && caller)
            auth.record(request, caller, "registry.delete", route.name, {
              reference: route.reference,
            });
          return reply.code(202).header("content-length", "0").send();
        }
        break;
      }

      case "tags": {
        if (method !== "GET") break;
        const { limit, last } = pagination(q("n"), q("last"));
        const page = await registry.manifests.tags(route.name, limit === 0 ? 1 : limit, last);
        const tags = limit === 0 ? [] : page.items;
        if (page.more && limit > 0) {
          reply.header(
            "link",
            `</v2/${route.name}/tags/list?n=${limit}&last=${encodeURIComponent(tags.at(-1)!)}>; rel="next"`,
          );
        }
        return reply.send({ name: route.name, tags });
      }

      case "referrers": {
        if (method !== "GET") break;
        const artifactType = q("artifactType") ?? null;
        const index = await registry.manifests.referrers(route.name, route.digest, artifactType);
        if (artifactType !== null) reply.header("oci-filters-applied", "artifactType");
        return reply.type("application/vnd.oci.image.index.v1+json").send(index);
      }
    }
    throw new DrydockError("UNSUPPORTED", `${method} is not supported on this endpoint`, {
      status: 405,
    });
  }
}

function uploadHeaders(name: string, id: string, offset: number): Record<string, string> {
  return {
    location: `/v2/${name}/blobs/uploads/${id}`,
    range: rangeHeader(offset),
    "docker-upload-uuid": id,
    "content-length": "0",
  };
}

function blobHeaders(digest: string, size: number): Record<string, string> {
  return {
    "content-type": "application/octet-stream",
    "content-length": String(size),
    "docker-content-digest": digest,
    etag: `"${digest}"`,
    "accept-ranges": "bytes",
    "cache-control": "max-age=31536000",
  };
}

function manifestHeaders(digest: string, mediaType: string, size: number): Record<string, string> {
  return {
    "content-type": mediaType,
    "content-length": String(size),
    "docker-content-digest": digest,
    etag: `"${digest}"`,
  };
}

/** `Content-Range: <start>-<end>` as the spec writes it; `bytes <start>-<end>/<total>` too. */
export function parseContentRange(header: string | undefined): ChunkRange | null {
  if (header === undefined) return null;
  const m = /^(?:bytes[ =])?(\d{1,15})-(\d{1,15})(?:\/(?:\d+|\*))?$/.exec(header.trim());
  if (!m) {
    throw new DrydockError(
      "BLOB_UPLOAD_INVALID",
      `Content-Range "${header.slice(0, 80)}" is not <start>-<end>`,
      {
        status: 416,
      },
    );
  }
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end < start)
    throw new DrydockError(
      "BLOB_UPLOAD_INVALID",
      `Content-Range ${start}-${end} ends before it starts`,
      {
        status: 416,
      },
    );
  return { start, end };
}

function pagination(
  n: string | undefined,
  last: string | undefined,
): { limit: number; last: string | null } {
  let limit = DEFAULT_PAGE;
  if (n !== undefined) {
    // The spec's error table has no pagination code; UNSUPPORTED with 400 names the problem.
    if (!/^\d+$/.test(n)) {
      throw new DrydockError(
        "UNSUPPORTED",
        `n must be a non-negative integer, not "${n.slice(0, 20)}"`,
        {
          status: 400,
        },
      );
    }
    limit = Math.min(Number(n), MAX_PAGE);
  }
  return { limit, last: last ?? null };
}

function single(value: string | string[] | undefined, key: string): string | undefined {
  if (Array.isArray(value)) {
    throw new DrydockError("UNSUPPORTED", `query parameter ${key} is given ${value.length} times`, {
      status: 400,
    });
  }
  return value;
}

function pathOf(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

/** The action a request needs: uploads are part of a push whatever their method. */
function requiredAction(route: Route, method: string): Action {
  if (route.kind === "uploads" || route.kind === "upload") return "push";
  if (method === "DELETE") return "delete";
  if (method === "GET" || method === "HEAD") return "pull";
  return "push";
}
