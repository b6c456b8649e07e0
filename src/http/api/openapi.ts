import { z } from "zod";
import { type ApiRoute, pathParamNames } from "./route-table.ts";
import { COMPONENTS } from "./schemas.ts";

/**
 * The OpenAPI 3.1 document of the management API, built from the route table: every route
 * is one operation, its zod schemas become JSON Schema (2020-12, the dialect of OpenAPI 3.1).
 */

type Json = Record<string, unknown>;

const SCHEMA_REF = (id: string) => `#/components/schemas/${id}`;
const INLINE = "__inline";

interface ErrorResponse {
  name: string;
  description: string;
  headers?: Json;
}

const ERROR_RESPONSES: Record<number, ErrorResponse> = {
  400: { name: "BadRequest", description: "Invalid input; the message names the field (INVALID)" },
  401: {
    name: "Unauthorized",
    description: "No credentials, or wrong ones (UNAUTHORIZED)",
    headers: {
      "WWW-Authenticate": {
        description: 'Basic realm="drydock"',
        schema: { type: "string" },
      },
    },
  },
  403: { name: "Forbidden", description: "The caller's role does not allow this (DENIED)" },
  404: {
    name: "NotFound",
    description: "No such thing, or the caller may not know it exists (NOT_FOUND)",
  },
  409: { name: "Conflict", description: "It exists already (CONFLICT)" },
  413: { name: "PayloadTooLarge", description: "The body is larger than 64 KiB" },
  415: { name: "UnsupportedMediaType", description: "The body is not application/json" },
  429: {
    name: "TooManyRequests",
    description: "Too many failed sign-ins from this account or address (TOOMANYREQUESTS)",
    headers: {
      "Retry-After": { description: "Seconds until the lock ends", schema: { type: "integer" } },
    },
  },
  500: { name: "InternalError", description: "An unexpected failure; the logs have the details" },
};

const TAGS: Record<string, string> = {
  meta: "The API itself",
  users: "People and their rights",
  namespaces: "Namespaces and their members",
  robots: "Robot accounts of a namespace and their expiring secrets",
  "trust-policies": "OIDC workloads a namespace trusts",
  tokens: "The caller's personal access tokens",
  audit: "The audit trail",
};

/** Removes what a standalone JSON Schema carries but an OpenAPI component must not. */
function clean(schema: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

export function openApiDocument(
  routes: readonly ApiRoute[],
  info: { title: string; version: string; description?: string },
): Json {
  const registries = {
    input: z.registry<{ id: string }>(),
    output: z.registry<{ id: string }>(),
  };
  for (const io of ["input", "output"] as const)
    for (const [id, schema] of Object.entries(COMPONENTS[io])) registries[io].add(schema, { id });

  // Operation schemas that are not named components are converted with the components (so
  // their references point at them) and then inlined into the operation.
  let inlined = 0;
  const idOf = (schema: z.ZodType, io: "input" | "output"): string => {
    const known = registries[io].get(schema)?.id;
    if (known) return known;
    const id = `${INLINE}${inlined++}`;
    registries[io].add(schema, { id });
    return id;
  };
  const pending: { io: "input" | "output"; id: string; put: (schema: Json) => void }[] = [];
  const schemaFor = (schema: z.ZodType, io: "input" | "output", put: (s: Json) => void) =>
    pending.push({ io, id: idOf(schema, io), put });

  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const operation: Json = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      ...(route.needsAuth ? {} : { security: [] }),
    };
    const parameters = [
      ...parametersOf(route.params, "path", route.path),
      ...parametersOf(route.query, "query", route.path),
    ];
    if (parameters.length > 0) operation["parameters"] = parameters;
    if (route.body) {
      const content: Json = {};
      schemaFor(route.body, "input", (schema) => {
        content["application/json"] = { schema };
      });
      operation["requestBody"] = { required: true, content };
    }

    const responses: Record<string, Json> = {};
    const answer = route.answer;
    if (answer.kind === "empty") responses["204"] = { description: answer.description };
    else {
      const content: Json = {};
      const type = answer.kind === "json" ? "application/json" : "application/x-ndjson";
      schemaFor(answer.schema, "output", (schema) => {
        content[type] = { schema };
      });
      responses[answer.kind === "json" ? String(answer.status) : "200"] = {
        description: answer.description,
        content,
      };
    }
    const errors = new Set<number>(route.errors);
    if (route.params || route.query || route.body) errors.add(400);
    if (route.body) for (const s of [413, 415]) errors.add(s);
    if (route.needsAuth) for (const s of [401, 429]) errors.add(s);
    errors.add(500);
    for (const status of [...errors].sort((a, b) => a - b))
      responses[String(status)] = {
        $ref: `#/components/responses/${ERROR_RESPONSES[status]!.name}`,
      };
    operation["responses"] = responses;

    const methods = paths[route.path] ?? {};
    const method = route.method.toLowerCase();
    if (methods[method]) throw new Error(`two routes for ${route.method} ${route.path}`);
    methods[method] = operation;
    paths[route.path] = methods;
  }

  const schemas: Record<string, Json> = {};
  for (const io of ["input", "output"] as const) {
    const converted = z.toJSONSchema(registries[io], {
      io,
      uri: SCHEMA_REF,
      unrepresentable: "any",
      override: dropDateTimePattern,
    }).schemas as Record<string, Json>;
    for (const [id, schema] of Object.entries(converted)) {
      if (id.startsWith(INLINE)) continue;
      if (schemas[id]) throw new Error(`schema ${id} is both a request and an answer`);
      schemas[id] = clean(schema);
    }
    for (const p of pending.filter((x) => x.io === io)) {
      const converted_ = converted[p.id];
      if (!converted_) throw new Error(`schema ${p.id} was not converted`);
      p.put(p.id.startsWith(INLINE) ? clean(converted_) : { $ref: SCHEMA_REF(p.id) });
    }
  }

  const usedTags = [...new Set(routes.map((r) => r.tag))];
  return {
    openapi: "3.1.0",
    info: { ...info },
    servers: [{ url: "/api/v1" }],
    tags: usedTags.map((name) => ({ name, ...(TAGS[name] ? { description: TAGS[name] } : {}) })),
    security: [{ basic: [] }, { bearer: [] }],
    paths,
    components: {
      schemas,
      responses: Object.fromEntries(
        Object.values(ERROR_RESPONSES).map((r) => [
          r.name,
          {
            description: r.description,
            ...(r.headers ? { headers: r.headers } : {}),
            content: { "application/json": { schema: { $ref: SCHEMA_REF("Error") } } },
          },
        ]),
      ),
      securitySchemes: {
        basic: {
          type: "http",
          scheme: "basic",
          description:
            "user:password, user:<personal access token>, or robot$<namespace>+<name>:<secret>",
        },
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "A personal access token (ddp_...) or a registry token from /token",
        },
      },
    },
  };
}

function parametersOf(
  schema: z.ZodObject | undefined,
  where: "path" | "query",
  path: string,
): Json[] {
  if (!schema) return [];
  const json = clean(
    z.toJSONSchema(schema, {
      io: "input",
      unrepresentable: "any",
      override: dropDateTimePattern,
    }) as Json,
  );
  const properties = (json["properties"] ?? {}) as Record<string, Json>;
  const required = new Set((json["required"] ?? []) as string[]);
  const names = where === "path" ? pathParamNames(path) : Object.keys(properties);
  return names.map((name) => {
    const { description, ...rest } = properties[name] ?? {};
    return {
      name,
      in: where,
      required: where === "path" || required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

/** zod writes a long regular expression next to `format: date-time`; the format says it. */
function dropDateTimePattern(ctx: { jsonSchema: Json }): void {
  if (ctx.jsonSchema["format"] === "date-time") delete ctx.jsonSchema["pattern"];
}
