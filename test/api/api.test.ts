import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { ValidateFunction } from "ajv";
import ajv2020 from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";
import { toApiError } from "../../src/http/api/errors.ts";
import { type ApiRouteDeps, apiRouteTable } from "../../src/http/api/routes.ts";
import { startRegistry, type TestRegistry } from "../helpers/server.ts";

/**
 * The management API over real HTTP against a real server: the OpenAPI document against the
 * route table, every endpoint's happy path, and the refusals (400 naming the field, 401, 403,
 * 404 that does not reveal a namespace, 409, 413, 415). Every JSON answer is also checked
 * against the schema the document gives for it.
 */

const ADMIN_PASSWORD = "admin-password-for-api-tests";
const ISSUER = "https://token.actions.githubusercontent.com";

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

let server: TestRegistry;
let doc: Json;
// CommonJS modules: their `default` is the export under both tsx and TypeScript.
const ajv = new ajv2020.default({ strict: false, allErrors: true });
ajvFormats.default(ajv);
const validators = new Map<string, ValidateFunction>();
/** Every secret the server answered; none may appear in the audit trail. */
const secrets: string[] = [];

const basic = (user: string, secret: string) =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;
const bearer = (token: string) => `Bearer ${token}`;
const admin = () => basic("admin", ADMIN_PASSWORD);

async function call(
  method: string,
  path: string,
  opts: { auth?: string; body?: unknown; raw?: string; contentType?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (opts.auth) headers.authorization = opts.auth;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers["content-type"] = opts.contentType ?? "application/json";
  const res = await fetch(`${server.url}/api/v1${path}`, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  if ((res.headers.get("content-type") ?? "").startsWith("application/json"))
    json = JSON.parse(text);
  const answer = { status: res.status, headers: res.headers, text, json };
  if (json !== undefined) conforms(method, path, answer);
  return answer;
}

/** The answer matches the schema the OpenAPI document declares for this operation and status. */
function conforms(method: string, path: string, answer: Answer): void {
  if (!doc) return;
  const template = Object.keys(doc.paths as Json).find((t) =>
    new RegExp(`^${t.replace(/\{\w+\}/g, "[^/]+")}$`).test(path.split("?")[0]!),
  );
  if (!template) return; // an unknown endpoint: its 404 is checked by its test
  const operation = ((doc.paths as Record<string, Json>)[template]![method.toLowerCase()] ??
    null) as Json | null;
  assert.ok(operation, `${method} ${template} is not documented`);
  const responses = operation.responses as Record<string, Json>;
  const response = responses[String(answer.status)];
  assert.ok(response, `${method} ${template} does not document ${answer.status}`);
  const ref = (response.$ref as string | undefined) ?? null;
  const resolved = ref ? resolvePointer(ref) : response;
  const key = `${method} ${template} ${answer.status}`;
  let validate = validators.get(key);
  if (!validate) {
    const schema = ((resolved.content as Record<string, Json>)["application/json"] as Json)
      .schema as Json;
    validate = ajv.compile({ $ref: schemaUri(schema) });
    validators.set(key, validate);
  }
  assert.ok(
    validate(answer.json),
    `${method} ${path} ${answer.status}: ${JSON.stringify(validate.errors)}`,
  );
}

/** The schema's URI for ajv: a component, or an inline schema registered on first use. */
let inlineSchemas = 0;
function schemaUri(schema: Json): string {
  if (typeof schema.$ref === "string") return `urn:drydock:openapi${schema.$ref}`;
  const id = `urn:drydock:inline:${inlineSchemas++}`;
  // Inline schemas refer to components with local references: point them at the document.
  ajv.addSchema({ $id: id, ...rewriteRefs(schema) });
  return id;
}

function rewriteRefs(value: unknown): Json {
  return JSON.parse(
    JSON.stringify(value).replace(
      /"\$ref":"#\/components/g,
      '"$ref":"urn:drydock:openapi#/components',
    ),
  ) as Json;
}

function resolvePointer(ref: string): Json {
  let node: unknown = doc;
  for (const part of ref.replace(/^#\//, "").split("/")) node = (node as Json)[part];
  assert.ok(node, `unresolved ${ref}`);
  return node as Json;
}

function errorOf(a: Answer): { code: string; message: string } {
  return (a.json as { error: { code: string; message: string } }).error;
}

/** Asserts a refusal: status, code, and (for 400) that the message starts with the field. */
function refused(a: Answer, status: number, code: string, field?: string): void {
  assert.equal(a.status, status, a.text);
  assert.equal(errorOf(a).code, code, a.text);
  if (field) assert.match(errorOf(a).message, new RegExp(`^${field.replace(/\./g, "\\.")}: `));
}

before(async () => {
  server = await startRegistry(
    { identity: { failureDelayMs: 0, oidcIssuers: ISSUER } },
    { adminPassword: ADMIN_PASSWORD },
  );
  const res = await fetch(`${server.url}/api/v1/openapi.json`);
  doc = (await res.json()) as Json;
  ajv.addSchema({ $id: "urn:drydock:openapi", components: doc.components });
});

after(async () => {
  await server?.close();
});

describe("the OpenAPI document", () => {
  const table = apiRouteTable({} as unknown as ApiRouteDeps);

  test("is OpenAPI 3.1 with info, schemas and both security schemes", async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    assert.equal(doc.openapi, "3.1.0");
    const info = doc.info as Json;
    assert.equal(typeof info.title, "string");
    assert.equal(typeof info.version, "string");
    const components = doc.components as Record<string, Json>;
    assert.ok(Object.keys(components.schemas!).length > 10);
    assert.deepEqual(components.securitySchemes!.basic, {
      ...(components.securitySchemes!.basic as Json),
      type: "http",
      scheme: "basic",
    });
    assert.deepEqual(components.securitySchemes!.bearer, {
      ...(components.securitySchemes!.bearer as Json),
      type: "http",
      scheme: "bearer",
    });
    assert.deepEqual(doc.security, [{ basic: [] }, { bearer: [] }]);
  });

  test("lists exactly the registered routes", () => {
    const documented: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Json>))
      for (const method of Object.keys(methods)) documented.push(`${method.toUpperCase()} ${path}`);
    const registered = table.map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(documented.sort(), registered.sort());
    for (const route of table) {
      const op = (doc.paths as Record<string, Record<string, Json>>)[route.path]![
        route.method.toLowerCase()
      ]!;
      assert.equal(op.operationId, route.operationId);
    }
    for (const expected of [
      "GET /me",
      "GET /users",
      "POST /users",
      "PATCH /users/{name}",
      "GET /namespaces",
      "POST /namespaces",
      "GET /namespaces/{ns}",
      "PATCH /namespaces/{ns}",
      "DELETE /namespaces/{ns}",
      "GET /namespaces/{ns}/members",
      "PUT /namespaces/{ns}/members/{user}",
      "DELETE /namespaces/{ns}/members/{user}",
      "GET /namespaces/{ns}/robots",
      "POST /namespaces/{ns}/robots",
      "GET /namespaces/{ns}/robots/{name}",
      "POST /namespaces/{ns}/robots/{name}/rotate",
      "DELETE /namespaces/{ns}/robots/{name}",
      "GET /namespaces/{ns}/trust-policies",
      "POST /namespaces/{ns}/trust-policies",
      "DELETE /namespaces/{ns}/trust-policies/{id}",
      "GET /tokens",
      "POST /tokens",
      "DELETE /tokens/{id}",
      "GET /audit",
      "GET /audit/export",
      "GET /openapi.json",
    ])
      assert.ok(registered.includes(expected), expected);
  });

  test("every operation has a unique operationId, parameters for its path, and responses", () => {
    const ids = new Set<string>();
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Json>>))
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method} ${path}`;
        assert.equal(typeof op.operationId, "string", where);
        assert.ok(!ids.has(op.operationId as string), `${where}: duplicate operationId`);
        ids.add(op.operationId as string);
        const params = (op.parameters ?? []) as Json[];
        for (const m of path.matchAll(/\{(\w+)\}/g))
          assert.ok(
            params.some((p) => p.name === m[1] && p.in === "path" && p.required === true),
            `${where}: path parameter ${m[1]}`,
          );
        const responses = op.responses as Record<string, Json>;
        const statuses = Object.keys(responses);
        assert.ok(
          statuses.some((s) => s.startsWith("2")),
          `${where}: a success answer`,
        );
        assert.ok(statuses.includes("500"), `${where}: 500`);
        if (path !== "/openapi.json") {
          assert.ok(statuses.includes("401"), `${where}: 401`);
          assert.equal(op.security, undefined, `${where}: needs the global security`);
        } else assert.deepEqual(op.security, [], "openapi.json needs no credentials");
        if (op.requestBody) {
          assert.ok(statuses.includes("400"), `${where}: 400`);
          assert.ok(statuses.includes("413"), `${where}: 413`);
        }
        for (const r of Object.values(responses)) if (r.$ref) resolvePointer(r.$ref as string);
      }
    assert.equal(ids.size, table.length);
  });

  test("every $ref resolves and every component schema compiles as JSON Schema 2020-12", () => {
    const refs = JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g);
    for (const [, ref] of refs) resolvePointer(ref!);
    for (const name of Object.keys((doc.components as Record<string, Json>).schemas!))
      assert.ok(ajv.getSchema(`urn:drydock:openapi#/components/schemas/${name}`), name);
  });
});

describe("authentication", () => {
  test("no credentials: 401 with a Basic challenge", async () => {
    const a = await call("GET", "/me");
    refused(a, 401, "UNAUTHORIZED");
    assert.equal(a.headers.get("www-authenticate"), 'Basic realm="drydock"');
  });

  test("wrong credentials, unknown tokens and odd schemes: 401", async () => {
    for (const auth of [
      basic("admin", "not-the-password"),
      basic("nobody", "whatever-password"),
      bearer("ddp_thisisnotatokenthisisnotatokenthisisnot"),
      bearer("not.a.jwt"),
      "Digest username=admin",
      "Basic !!!",
    ]) {
      const a = await call("GET", "/me", { auth });
      refused(a, 401, "UNAUTHORIZED");
      assert.equal(a.headers.get("www-authenticate"), 'Basic realm="drydock"', auth);
    }
  });

  test("a registry token from /token is not a management credential (least privilege)", async () => {
    const res = await fetch(`${server.url}/token?service=drydock&scope=repository:x/y:pull`, {
      headers: { authorization: admin() },
    });
    const { token } = (await res.json()) as { token: string };
    const a = await call("GET", "/me", { auth: bearer(token) });
    refused(a, 401, "UNAUTHORIZED");
  });

  test("an unknown endpoint answers 404 in the API's error format", async () => {
    const a = await call("GET", "/no-such-thing", { auth: admin() });
    refused(a, 404, "NOT_FOUND");
    assert.deepEqual(Object.keys(a.json as Json), ["error"]);
  });
});

const ALICE = "alice-password-0001";
const CAROL = "carol-password-0003";
let bobPassword = "";

describe("users", () => {
  test("GET /me for the admin", async () => {
    const a = await call("GET", "/me", { auth: admin() });
    assert.equal(a.status, 200);
    assert.deepEqual(a.json, { name: "admin", kind: "user", admin: true, namespaces: [] });
  });

  test("the admin creates users; a generated password is answered once", async () => {
    const alice = await call("POST", "/users", {
      auth: admin(),
      body: { name: "alice", password: ALICE, canCreateNamespaces: true },
    });
    assert.equal(alice.status, 201, alice.text);
    const created = alice.json as { user: Json; password?: string };
    assert.equal(created.user.name, "alice");
    assert.equal(created.user.canCreateNamespaces, true);
    assert.equal(created.user.admin, false);
    assert.equal(created.password, undefined);
    assert.ok(!Number.isNaN(Date.parse(created.user.createdAt as string)));
    secrets.push(ALICE);

    const bob = await call("POST", "/users", { auth: admin(), body: { name: "bob" } });
    assert.equal(bob.status, 201, bob.text);
    bobPassword = (bob.json as { password: string }).password;
    assert.ok(bobPassword.length >= 12);
    secrets.push(bobPassword);
    assert.equal((await call("GET", "/me", { auth: basic("bob", bobPassword) })).status, 200);

    const carol = await call("POST", "/users", {
      auth: admin(),
      body: { name: "carol", password: CAROL },
    });
    assert.equal(carol.status, 201);
    secrets.push(CAROL);
  });

  test("GET /users lists users without any hash", async () => {
    const a = await call("GET", "/users", { auth: admin() });
    assert.equal(a.status, 200);
    const names = (a.json as Json[]).map((u) => u.name);
    assert.deepEqual(names.sort(), ["admin", "alice", "bob", "carol"]);
    assert.doesNotMatch(a.text, /hash|argon/i);
    for (const s of secrets) assert.ok(!a.text.includes(s));
  });

  test("bad bodies are 400 naming the field", async () => {
    refused(await call("POST", "/users", { auth: admin(), body: {} }), 400, "INVALID", "name");
    refused(
      await call("POST", "/users", { auth: admin(), body: { name: "dave", admin: "yes" } }),
      400,
      "INVALID",
      "admin",
    );
    refused(
      await call("POST", "/users", { auth: admin(), body: { name: "dave", colour: "blue" } }),
      400,
      "INVALID",
      "colour",
    );
    refused(
      await call("POST", "/users", { auth: admin(), body: { name: "dave", password: "short" } }),
      400,
      "INVALID",
    );
    refused(await call("POST", "/users", { auth: admin(), body: [1, 2] }), 400, "INVALID", "body");
    refused(
      await call("POST", "/users", { auth: admin(), raw: "{not json" }),
      400,
      "INVALID",
      "body",
    );
  });

  test("a second user of the same name: 409", async () => {
    refused(
      await call("POST", "/users", { auth: admin(), body: { name: "alice", password: ALICE } }),
      409,
      "CONFLICT",
    );
  });

  test("people who are not the admin: 403", async () => {
    refused(await call("GET", "/users", { auth: basic("alice", ALICE) }), 403, "DENIED");
    refused(
      await call("POST", "/users", { auth: basic("alice", ALICE), body: { name: "eve" } }),
      403,
      "DENIED",
    );
    refused(
      await call("PATCH", "/users/bob", { auth: basic("alice", ALICE), body: { admin: true } }),
      403,
      "DENIED",
    );
  });

  test("PATCH disables and enables a user; anyone changes their own password", async () => {
    const off = await call("PATCH", "/users/bob", { auth: admin(), body: { disabled: true } });
    assert.equal(off.status, 200, off.text);
    assert.equal((off.json as Json).disabled, true);
    refused(await call("GET", "/me", { auth: basic("bob", bobPassword) }), 401, "UNAUTHORIZED");
    const on = await call("PATCH", "/users/bob", { auth: admin(), body: { disabled: false } });
    assert.equal((on.json as Json).disabled, false);

    const next = "bob-new-password-0002";
    const own = await call("PATCH", "/users/bob", {
      auth: basic("bob", bobPassword),
      body: { password: next },
    });
    assert.equal(own.status, 200, own.text);
    assert.doesNotMatch(own.text, /hash|password/i);
    secrets.push(next);
    bobPassword = next;
    assert.equal((await call("GET", "/me", { auth: basic("bob", next) })).status, 200);
    refused(await call("PATCH", "/users/nobody", { auth: admin(), body: {} }), 404, "NOT_FOUND");
  });
});

describe("namespaces and members", () => {
  const alice = () => basic("alice", ALICE);
  const bob = () => basic("bob", bobPassword);
  const carol = () => basic("carol", CAROL);

  test("a user allowed to create namespaces creates one and owns it", async () => {
    const a = await call("POST", "/namespaces", { auth: alice(), body: { name: "team-a" } });
    assert.equal(a.status, 201, a.text);
    const ns = a.json as Json;
    assert.equal(ns.name, "team-a");
    assert.equal(ns.public, false);
    assert.equal(ns.createdBy, "alice");
    assert.equal(ns.role, "owner");
    const me = await call("GET", "/me", { auth: alice() });
    assert.deepEqual((me.json as Json).namespaces, [{ name: "team-a", role: "owner" }]);
    const list = await call("GET", "/namespaces", { auth: alice() });
    assert.deepEqual(
      (list.json as Json[]).map((n) => [n.name, n.role]),
      [["team-a", "owner"]],
    );
    const one = await call("GET", "/namespaces/team-a", { auth: alice() });
    assert.equal(one.status, 200);
    assert.equal((one.json as Json).role, "owner");
  });

  test("namespace refusals: 400 for a bad name, 409 for a second, 403 without the right", async () => {
    refused(await call("POST", "/namespaces", { auth: alice(), body: {} }), 400, "INVALID", "name");
    refused(
      await call("POST", "/namespaces", { auth: alice(), body: { name: "Bad Name" } }),
      400,
      "INVALID",
    );
    refused(
      await call("POST", "/namespaces", { auth: alice(), body: { name: "team-a" } }),
      409,
      "CONFLICT",
    );
    refused(
      await call("POST", "/namespaces", { auth: bob(), body: { name: "bobs" } }),
      403,
      "DENIED",
    );
  });

  test("the owner sets members; a bad role is 400 naming role", async () => {
    const a = await call("PUT", "/namespaces/team-a/members/carol", {
      auth: alice(),
      body: { role: "viewer" },
    });
    assert.equal(a.status, 200, a.text);
    assert.equal((a.json as Json).user, "carol");
    assert.equal((a.json as Json).role, "viewer");
    refused(
      await call("PUT", "/namespaces/team-a/members/carol", {
        auth: alice(),
        body: { role: "emperor" },
      }),
      400,
      "INVALID",
      "role",
    );
    refused(
      await call("PUT", "/namespaces/team-a/members/nobody", {
        auth: alice(),
        body: { role: "viewer" },
      }),
      404,
      "NOT_FOUND",
    );
    const members = await call("GET", "/namespaces/team-a/members", { auth: carol() });
    assert.equal(members.status, 200);
    assert.deepEqual((members.json as Json[]).map((m) => [m.user, m.role]).sort(), [
      ["alice", "owner"],
      ["carol", "viewer"],
    ]);
    const me = await call("GET", "/me", { auth: carol() });
    assert.deepEqual((me.json as Json).namespaces, [{ name: "team-a", role: "viewer" }]);
  });

  test("a viewer may look but not change: 403", async () => {
    assert.equal((await call("GET", "/namespaces/team-a", { auth: carol() })).status, 200);
    refused(
      await call("PATCH", "/namespaces/team-a", { auth: carol(), body: { public: true } }),
      403,
      "DENIED",
    );
    refused(await call("DELETE", "/namespaces/team-a", { auth: carol() }), 403, "DENIED");
    refused(
      await call("PUT", "/namespaces/team-a/members/bob", {
        auth: carol(),
        body: { role: "owner" },
      }),
      403,
      "DENIED",
    );
    refused(
      await call("POST", "/namespaces/team-a/robots", {
        auth: carol(),
        body: { name: "ci", permissions: [{ repositories: "**", actions: ["pull"] }] },
      }),
      403,
      "DENIED",
    );
  });

  test("a namespace without a role answers exactly like one that does not exist: 404", async () => {
    const pairs: [string, string, unknown?][] = [
      ["GET", "/namespaces/{}"],
      ["PATCH", "/namespaces/{}", { public: true }],
      ["DELETE", "/namespaces/{}"],
      ["GET", "/namespaces/{}/members"],
      ["GET", "/namespaces/{}/robots"],
      ["GET", "/namespaces/{}/robots/ci"],
      ["GET", "/namespaces/{}/trust-policies"],
      ["PUT", "/namespaces/{}/members/bob", { role: "owner" }],
      [
        "POST",
        "/namespaces/{}/robots",
        { name: "x", permissions: [{ repositories: "**", actions: ["pull"] }] },
      ],
    ];
    for (const [method, template, body] of pairs) {
      const hidden = await call(method, template.replace("{}", "team-a"), { auth: bob(), body });
      const missing = await call(method, template.replace("{}", "no-such-ns"), {
        auth: bob(),
        body,
      });
      refused(hidden, 404, "NOT_FOUND");
      refused(missing, 404, "NOT_FOUND");
      assert.equal(
        errorOf(hidden).message.replace("team-a", "X"),
        errorOf(missing).message.replace("no-such-ns", "X"),
        `${method} ${template}`,
      );
    }
    const list = await call("GET", "/namespaces", { auth: bob() });
    assert.deepEqual(list.json, []);
  });

  test("PATCH makes a namespace public: others see it without a role", async () => {
    const a = await call("PATCH", "/namespaces/team-a", { auth: alice(), body: { public: true } });
    assert.equal(a.status, 200, a.text);
    assert.equal((a.json as Json).public, true);
    const seen = await call("GET", "/namespaces/team-a", { auth: bob() });
    assert.equal(seen.status, 200);
    assert.equal((seen.json as Json).role, null);
    refused(
      await call("PATCH", "/namespaces/team-a", { auth: bob(), body: { public: false } }),
      403,
      "DENIED",
    );
    refused(
      await call("PATCH", "/namespaces/team-a", { auth: alice(), body: {} }),
      400,
      "INVALID",
      "public",
    );
    await call("PATCH", "/namespaces/team-a", { auth: alice(), body: { public: false } });
    refused(await call("GET", "/namespaces/team-a", { auth: bob() }), 404, "NOT_FOUND");
  });

  test("DELETE removes a member and a namespace: 204", async () => {
    await call("PUT", "/namespaces/team-a/members/bob", {
      auth: alice(),
      body: { role: "developer" },
    });
    const removed = await call("DELETE", "/namespaces/team-a/members/bob", { auth: alice() });
    assert.equal(removed.status, 204);
    assert.equal(removed.text, "");
    refused(
      await call("DELETE", "/namespaces/team-a/members/bob", { auth: alice() }),
      404,
      "NOT_FOUND",
    );
    assert.equal(
      (await call("POST", "/namespaces", { auth: alice(), body: { name: "scratch" } })).status,
      201,
    );
    assert.equal((await call("DELETE", "/namespaces/scratch", { auth: alice() })).status, 204);
    refused(await call("GET", "/namespaces/scratch", { auth: alice() }), 404, "NOT_FOUND");
  });
});

describe("robots", () => {
  const alice = () => basic("alice", ALICE);
  const carol = () => basic("carol", CAROL);
  const permissions = [{ repositories: "app", actions: ["pull", "push"] }];
  let first = "";

  test("create answers the secret once; the robot signs in with it", async () => {
    const a = await call("POST", "/namespaces/team-a/robots", {
      auth: alice(),
      body: {
        name: "ci",
        description: "the CI robot",
        permissions,
        ttlSeconds: 7200,
        overlapSeconds: 600,
      },
    });
    assert.equal(a.status, 201, a.text);
    const created = a.json as { robot: Json; credential: Json; webhookSigningKey?: string };
    assert.equal(created.robot.username, "robot$team-a+ci");
    assert.equal(created.robot.secretTtlSeconds, 7200);
    assert.equal(created.robot.autoRotate, false);
    assert.equal(created.credential.username, "robot$team-a+ci");
    first = created.credential.secret as string;
    assert.match(first, /^ddr_/);
    assert.equal(created.webhookSigningKey, undefined);
    secrets.push(first);
    const me = await call("GET", "/me", { auth: basic("robot$team-a+ci", first) });
    assert.equal(me.status, 200, me.text);
    assert.equal((me.json as Json).kind, "robot");
  });

  test("list and get never contain the secret or a hash", async () => {
    for (const auth of [alice(), carol()]) {
      const list = await call("GET", "/namespaces/team-a/robots", { auth });
      assert.equal(list.status, 200);
      assert.deepEqual(
        (list.json as Json[]).map((r) => r.name),
        ["ci"],
      );
      const one = await call("GET", "/namespaces/team-a/robots/ci", { auth });
      assert.equal(one.status, 200);
      assert.equal((one.json as Json).description, "the CI robot");
      for (const body of [list.text, one.text]) {
        assert.ok(!body.includes(first), "the secret");
        assert.doesNotMatch(body, /hash/i);
        assert.doesNotMatch(body, /ddr_/);
      }
    }
    refused(
      await call("GET", "/namespaces/team-a/robots/nope", { auth: alice() }),
      404,
      "NOT_FOUND",
    );
  });

  test("bad robots: 400 naming the field, 409 for a second of the same name", async () => {
    const post = (body: unknown) =>
      call("POST", "/namespaces/team-a/robots", { auth: alice(), body });
    refused(await post({ permissions }), 400, "INVALID", "name");
    refused(
      await post({ name: "x", permissions: [{ repositories: "app", actions: ["pull", "fly"] }] }),
      400,
      "INVALID",
      "permissions.0.actions.1",
    );
    refused(await post({ name: "x", permissions: [] }), 400, "INVALID", "permissions");
    refused(
      await post({ name: "x", permissions, delivery: { kind: "carrier-pigeon" } }),
      400,
      "INVALID",
      "delivery.kind",
    );
    refused(
      await post({
        name: "x",
        permissions,
        delivery: { kind: "webhook", url: "http://example.com/hook" },
      }),
      400,
      "INVALID",
      "delivery",
    );
    refused(await post({ name: "x", permissions, ttlSeconds: 10 ** 9 }), 400, "INVALID");
    refused(await post({ name: "ci", permissions }), 409, "CONFLICT");
  });

  test("a webhook robot answers its signing key; only owners see the target", async () => {
    const url = "https://hooks.example.test/drydock?key=k1";
    const a = await call("POST", "/namespaces/team-a/robots", {
      auth: alice(),
      body: { name: "deployer", permissions, delivery: { kind: "webhook", url } },
    });
    assert.equal(a.status, 201, a.text);
    const created = a.json as { robot: Json; credential: Json; webhookSigningKey: string };
    assert.equal(created.robot.autoRotate, true);
    assert.ok(created.webhookSigningKey.length > 20);
    secrets.push(created.credential.secret as string, created.webhookSigningKey);
    const owner = await call("GET", "/namespaces/team-a/robots/deployer", { auth: alice() });
    assert.deepEqual((owner.json as Json).delivery, { kind: "webhook", url });
    const viewer = await call("GET", "/namespaces/team-a/robots/deployer", { auth: carol() });
    assert.deepEqual((viewer.json as Json).delivery, { kind: "webhook" });
    for (const r of [owner, viewer]) assert.ok(!r.text.includes(created.webhookSigningKey));
  });

  test("rotate answers a new secret; the old one works during the overlap", async () => {
    const a = await call("POST", "/namespaces/team-a/robots/ci/rotate", { auth: alice() });
    assert.equal(a.status, 200, a.text);
    const issued = a.json as Json;
    assert.equal(issued.username, "robot$team-a+ci");
    assert.notEqual(issued.secret, first);
    secrets.push(issued.secret as string);
    for (const s of [first, issued.secret as string])
      assert.equal((await call("GET", "/me", { auth: basic("robot$team-a+ci", s) })).status, 200);
    refused(
      await call("POST", "/namespaces/team-a/robots/ci/rotate", { auth: carol() }),
      403,
      "DENIED",
    );
  });

  test("revoke: 204, then its secrets stop working", async () => {
    assert.equal(
      (await call("DELETE", "/namespaces/team-a/robots/ci", { auth: alice() })).status,
      204,
    );
    refused(
      await call("GET", "/me", { auth: basic("robot$team-a+ci", first) }),
      401,
      "UNAUTHORIZED",
    );
    refused(
      await call("POST", "/namespaces/team-a/robots/ci/rotate", { auth: alice() }),
      404,
      "NOT_FOUND",
    );
    const one = await call("GET", "/namespaces/team-a/robots/ci", { auth: alice() });
    assert.ok((one.json as Json).revokedAt);
  });
});

describe("trust policies", () => {
  const alice = () => basic("alice", ALICE);
  let id = "";

  test("create, list and delete", async () => {
    const a = await call("POST", "/namespaces/team-a/trust-policies", {
      auth: alice(),
      body: {
        issuer: ISSUER,
        audience: "drydock",
        claims: { repository: "acme/app", ref: "refs/heads/*" },
        permissions: [{ repositories: "app", actions: ["pull", "push"] }],
      },
    });
    assert.equal(a.status, 201, a.text);
    const policy = a.json as Json;
    id = policy.id as string;
    assert.equal(policy.namespace, "team-a");
    assert.deepEqual(policy.claims, { repository: "acme/app", ref: "refs/heads/*" });
    const list = await call("GET", "/namespaces/team-a/trust-policies", { auth: alice() });
    assert.deepEqual(
      (list.json as Json[]).map((p) => p.id),
      [id],
    );
    assert.equal(
      (await call("DELETE", `/namespaces/team-a/trust-policies/${id}`, { auth: alice() })).status,
      204,
    );
    refused(
      await call("DELETE", `/namespaces/team-a/trust-policies/${id}`, { auth: alice() }),
      404,
      "NOT_FOUND",
    );
  });

  test("an issuer the server does not trust, or a claim that is not a string: 400", async () => {
    const body = {
      issuer: "https://evil.example",
      audience: "drydock",
      claims: { repository: "acme/app" },
      permissions: [{ repositories: "app", actions: ["pull"] }],
    };
    refused(
      await call("POST", "/namespaces/team-a/trust-policies", { auth: alice(), body }),
      400,
      "INVALID",
    );
    refused(
      await call("POST", "/namespaces/team-a/trust-policies", {
        auth: alice(),
        body: { ...body, issuer: ISSUER, claims: { repository: 7 } },
      }),
      400,
      "INVALID",
      "claims.repository",
    );
  });
});

describe("personal access tokens", () => {
  const alice = () => basic("alice", ALICE);
  let token = "";
  let id = "";

  test("create answers the token once; list never shows it", async () => {
    const a = await call("POST", "/tokens", {
      auth: alice(),
      body: { name: "laptop", expiresInSeconds: 3600 },
    });
    assert.equal(a.status, 201, a.text);
    const created = a.json as Json;
    token = created.token as string;
    id = created.id as string;
    assert.match(token, /^ddp_/);
    assert.equal(created.name, "laptop");
    secrets.push(token);
    const list = await call("GET", "/tokens", { auth: alice() });
    assert.deepEqual(
      (list.json as Json[]).map((t) => [t.id, t.name, t.revokedAt]),
      [[id, "laptop", null]],
    );
    assert.ok(!list.text.includes(token));
    assert.doesNotMatch(list.text, /hash/i);
    refused(
      await call("POST", "/tokens", {
        auth: alice(),
        body: { name: "x", expiresInSeconds: "soon" },
      }),
      400,
      "INVALID",
      "expiresInSeconds",
    );
    refused(
      await call("POST", "/tokens", {
        auth: alice(),
        body: { name: "x", expiresInSeconds: 10 ** 10 },
      }),
      400,
      "INVALID",
    );
  });

  test("a token works as Bearer and as a Basic password", async () => {
    for (const auth of [bearer(token), basic("alice", token)]) {
      const me = await call("GET", "/me", { auth });
      assert.equal(me.status, 200, me.text);
      assert.equal((me.json as Json).name, "alice");
    }
    const list = await call("GET", "/tokens", { auth: bearer(token) });
    assert.ok((list.json as Json[])[0]!.lastUsedAt);
  });

  test("once revoked it stops working", async () => {
    assert.equal((await call("DELETE", `/tokens/${id}`, { auth: alice() })).status, 204);
    for (const auth of [bearer(token), basic("alice", token)])
      refused(await call("GET", "/me", { auth }), 401, "UNAUTHORIZED");
    refused(await call("DELETE", `/tokens/${id}`, { auth: alice() }), 404, "NOT_FOUND");
    const list = await call("GET", "/tokens", { auth: alice() });
    assert.ok((list.json as Json[])[0]!.revokedAt);
  });
});

describe("bodies", () => {
  test("JSON only: another content type is refused", async () => {
    const a = await call("POST", "/namespaces", {
      auth: admin(),
      raw: "name=x",
      contentType: "application/x-www-form-urlencoded",
    });
    assert.equal(a.status, 415, a.text);
    assert.equal(errorOf(a).code, "INVALID");
  });

  test("a body over 64 KiB is refused", async () => {
    const a = await call("POST", "/users", {
      auth: admin(),
      body: { name: "huge", password: "x".repeat(100 * 1024) },
    });
    assert.ok(a.status === 413 || a.status === 400, a.text);
    assert.equal(errorOf(a).code, "INVALID");
  });
});

describe("errors", () => {
  test("an unexpected failure is a 500 INTERNAL that tells nothing of its cause", () => {
    const e = toApiError(new Error("disk /var/lib/drydock is full"));
    assert.equal(e.status, 500);
    assert.equal(e.code, "INTERNAL");
    assert.doesNotMatch(e.message, /disk|drydock is full/);
  });
});

describe("audit", () => {
  const alice = () => basic("alice", ALICE);
  const carol = () => basic("carol", CAROL);
  type Event = { id: number; at: string; action: string; target: string; result: string };
  type Page = { events: Event[]; next: number | null };

  test("filters by action prefix, target and result", async () => {
    const robots = await call("GET", "/audit?action=robot.*&target=team-a", { auth: admin() });
    assert.equal(robots.status, 200, robots.text);
    const events = (robots.json as Page).events;
    assert.deepEqual([...new Set(events.map((e) => e.action))].sort(), [
      "robot.create",
      "robot.revoke",
      "robot.rotate",
    ]);
    assert.ok(events.every((e) => e.target.startsWith("team-a")));
    const exact = await call("GET", "/audit?action=robot.rotate", { auth: admin() });
    assert.ok((exact.json as Page).events.every((e) => e.action === "robot.rotate"));
    const denied = await call("GET", "/audit?result=denied&target=team-a", { auth: admin() });
    const d = (denied.json as Page).events;
    assert.ok(d.length > 0 && d.every((e) => e.result === "denied"));
    const byActor = await call("GET", "/audit?actor=carol&result=denied", { auth: admin() });
    assert.ok((byActor.json as Page).events.length > 0);
  });

  test("since, until and pages", async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const past = "2000-01-01T00:00:00Z";
    assert.deepEqual((await call("GET", `/audit?since=${future}`, { auth: admin() })).json, {
      events: [],
      next: null,
    });
    assert.deepEqual((await call("GET", `/audit?until=${past}`, { auth: admin() })).json, {
      events: [],
      next: null,
    });
    const p1 = (await call("GET", "/audit?limit=2", { auth: admin() })).json as Page;
    assert.equal(p1.events.length, 2);
    assert.equal(p1.next, p1.events[1]!.id);
    const p2 = (await call("GET", `/audit?limit=2&after=${p1.next}`, { auth: admin() }))
      .json as Page;
    assert.ok(p2.events[0]!.id > p1.events[1]!.id);
    refused(await call("GET", "/audit?limit=5000", { auth: admin() }), 400, "INVALID", "limit");
    refused(
      await call("GET", "/audit?since=yesterday", { auth: admin() }),
      400,
      "INVALID",
      "since",
    );
    refused(await call("GET", "/audit?result=maybe", { auth: admin() }), 400, "INVALID", "result");
  });

  test("owners read their namespace's events; others are refused", async () => {
    refused(await call("GET", "/audit", { auth: alice() }), 403, "DENIED");
    const own = await call("GET", "/audit?target=team-a", { auth: alice() });
    assert.equal(own.status, 200);
    assert.ok((own.json as Page).events.length > 0);
    refused(await call("GET", "/audit?target=team-a", { auth: carol() }), 403, "DENIED");
    refused(await call("GET", "/audit/export?target=team-a", { auth: carol() }), 403, "DENIED");
  });

  test("the NDJSON export parses line by line and matches the paged query", async () => {
    const res = await fetch(`${server.url}/api/v1/audit/export`, {
      headers: { authorization: admin() },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^application\/x-ndjson/);
    const text = await res.text();
    assert.ok(text.endsWith("\n"));
    const lines = text.trimEnd().split("\n");
    const validate = ajv.getSchema("urn:drydock:openapi#/components/schemas/AuditEvent")!;
    const events = lines.map((line) => {
      const event = JSON.parse(line) as Event;
      assert.ok(validate(event), JSON.stringify(validate.errors));
      return event;
    });
    for (let i = 1; i < events.length; i++) assert.ok(events[i]!.id > events[i - 1]!.id);

    const paged: Event[] = [];
    let after: number | null = null;
    do {
      const q: string = after === null ? "" : `&after=${after}`;
      const page = (await call("GET", `/audit?limit=7${q}`, { auth: admin() })).json as Page;
      paged.push(...page.events.filter((e) => e.id <= events.at(-1)!.id));
      after = page.next;
    } while (after !== null);
    assert.deepEqual(
      events.map((e) => e.id),
      paged.map((e) => e.id),
    );

    const filtered = await fetch(`${server.url}/api/v1/audit/export?action=robot.*`, {
      headers: { authorization: admin() },
    });
    const robotLines = (await filtered.text()).trimEnd().split("\n");
    assert.ok(robotLines.length >= 3);
    for (const line of robotLines) assert.match((JSON.parse(line) as Event).action, /^robot\./);
  });

  test("the export holds none of the secrets the API answered", async () => {
    const res = await fetch(`${server.url}/api/v1/audit/export`, {
      headers: { authorization: admin() },
    });
    const text = await res.text();
    assert.ok(secrets.length >= 8);
    for (const secret of [...secrets, ADMIN_PASSWORD])
      assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 4)}...) in the audit trail`);
  });
});
