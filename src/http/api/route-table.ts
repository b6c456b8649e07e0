import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { DrydockError } from "../../core/errors.ts";
import type { RequestContext } from "../../identity/audit.ts";
import { ANONYMOUS, type Principal } from "../../identity/types.ts";
import { requestContext } from "../auth.ts";

/**
 * Each management route is declared once, as data plus a handler: method, path, summary,
 * tag, zod schemas for path parameters, query, body and answer. `mountRoutes` turns the table
 * into fastify routes (parsing every input with its schema) and `openApiDocument`
 * (openapi.ts) turns the same table into the OpenAPI document, so the two cannot drift.
 */

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Refusals a route may answer besides the ones every route can (401, 429, 500; 400 with input). */
export type ErrorStatus = 403 | 404 | 409;

type AnyObject = z.ZodObject;
type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteInput<P, Q, B> {
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  /** The signed-in caller (anonymous only on routes with `needsAuth: false`). */
  principal: Principal;
  ctx: RequestContext;
  request: FastifyRequest;
}

type ErasedInput = RouteInput<z.ZodType, z.ZodType, z.ZodType>;

interface RouteSpec<P, Q, B> {
  method: Method;
  /** OpenAPI form, relative to /api/v1: `/namespaces/{ns}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Every route but the OpenAPI document needs a signed-in caller (default true). */
  needsAuth?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  errors?: ErrorStatus[];
}

export type Answer =
  | { kind: "json"; status: 200 | 201; schema: z.ZodType; description: string }
  /** A stream of JSON values, one per line; `schema` is one line. */
  | { kind: "ndjson"; schema: z.ZodType; description: string }
  | { kind: "empty"; description: string };

/** A route with its types erased: what the table holds. */
export interface ApiRoute {
  method: Method;
  path: string;
  operationId: string;
  summary: string;
  description: string | undefined;
  tag: string;
  needsAuth: boolean;
  params: AnyObject | undefined;
  query: AnyObject | undefined;
  body: z.ZodType | undefined;
  errors: ErrorStatus[];
  answer: Answer;
  run(input: ErasedInput): Promise<unknown>;
}

function erase<P, Q, B>(
  spec: RouteSpec<P, Q, B>,
  answer: Answer,
  run: (input: RouteInput<P, Q, B>) => Promise<unknown>,
): ApiRoute {
  return {
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.description,
    tag: spec.tag,
    needsAuth: spec.needsAuth ?? true,
    params: spec.params as AnyObject | undefined,
    query: spec.query as AnyObject | undefined,
    body: spec.body as z.ZodType | undefined,
    errors: spec.errors ?? [],
    answer,
    run: run as (input: ErasedInput) => Promise<unknown>,
  };
}

/** A route answering one JSON value (200, or 201 for a creation). */
export function jsonRoute<
  R extends z.ZodType,
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  spec: RouteSpec<P, Q, B> & {
    status?: 200 | 201;
    response: R;
    responseDescription?: string;
    handle: (input: RouteInput<P, Q, B>) => Promise<z.input<R>>;
  },
): ApiRoute {
  const status = spec.status ?? 200;
  const description = spec.responseDescription ?? (status === 201 ? "Created" : "OK");
  return erase(spec, { kind: "json", status, schema: spec.response, description }, spec.handle);
}

/** A route streaming `application/x-ndjson`: one JSON value per line. */
export function ndjsonRoute<
  R extends z.ZodType,
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  spec: RouteSpec<P, Q, B> & {
    line: R;
    responseDescription: string;
    /** Resolves once the request is known to be allowed; the lines are read while sending. */
    handle: (input: RouteInput<P, Q, B>) => Promise<AsyncIterable<z.input<R>>>;
  },
): ApiRoute {
  return erase(
    spec,
    { kind: "ndjson", schema: spec.line, description: spec.responseDescription },
    spec.handle,
  );
}

/** A route answering 204 No Content. */
export function emptyRoute<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  spec: RouteSpec<P, Q, B> & {
    responseDescription?: string;
    handle: (input: RouteInput<P, Q, B>) => Promise<void>;
  },
): ApiRoute {
  return erase(
    spec,
    { kind: "empty", description: spec.responseDescription ?? "Done" },
    spec.handle,
  );
}

/** `/namespaces/{ns}` -> `/namespaces/:ns` */
export function fastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ":$1");
}

/** The names in a path template, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** `<field path>: <problem>` for the first thing wrong with an input. */
export function describeIssue(error: z.ZodError, where: string): string {
  const issue = error.issues[0];
  if (!issue) return `${where}: invalid`;
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  const field = path.length > 0 ? path.join(".") : where;
  return `${field}: ${issue.message}`;
}

function parseInput(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw new DrydockError("INVALID", describeIssue(result.error, where));
  return result.data;
}

/**
 * Adds the table's routes to `app`. The caller is authenticated in `onRequest`, before a body
 * is read, so an anonymous request never makes the server parse its body.
 */
export function mountRoutes(
  app: FastifyInstance,
  routes: readonly ApiRoute[],
  authenticate: (request: FastifyRequest) => Promise<Principal>,
): void {
  const principals = new WeakMap<FastifyRequest, Principal>();
  for (const route of routes) {
    const check = pathParamNames(route.path).sort().join(",");
    const declared = Object.keys(route.params?.shape ?? {})
      .sort()
      .join(",");
    if (check !== declared)
      throw new Error(
        `route ${route.operationId}: path parameters ${check} but schema ${declared}`,
      );
    app.route({
      method: route.method,
      url: fastifyPath(route.path),
      ...(route.needsAuth
        ? {
            onRequest: async (request: FastifyRequest) => {
              principals.set(request, await authenticate(request));
            },
          }
        : {}),
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const input: ErasedInput = {
          params: parseInput(route.params, request.params, "path"),
          query: parseInput(route.query, request.query, "query"),
          body: parseInput(route.body, request.body, "body"),
          principal: principals.get(request) ?? ANONYMOUS,
          ctx: requestContext(request),
          request,
        };
        const out = await route.run(input);
        const answer = route.answer;
        switch (answer.kind) {
          case "empty":
            return reply.code(204).send();
          case "json":
            // Parsing the answer drops any field the schema does not name (a hash, say).
            return reply.code(answer.status).send(answer.schema.parse(out));
          case "ndjson":
            return reply
              .code(200)
              .type("application/x-ndjson")
              .send(Readable.from(ndjsonLines(out as AsyncIterable<unknown>, answer.schema)));
        }
      },
    });
  }
}

async function* ndjsonLines(
  items: AsyncIterable<unknown>,
  schema: z.ZodType,
): AsyncGenerator<string> {
  for await (const item of items) yield `${JSON.stringify(schema.parse(item))}\n`;
}
