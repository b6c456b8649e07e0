import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ApiClient,
  answerProblem,
  apiPath,
  CliError,
  clean,
  connectionProblem,
  relative,
  shortTime,
} from "./api-client.ts";

interface Seen {
  url: string;
  init: RequestInit;
}

/** A fetch that records the request and answers `res`. */
function fakeFetch(res: () => Response, seen: Seen[] = []): typeof fetch {
  return (async (url: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(url), init: init ?? {} });
    return res();
  }) as typeof fetch;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

test("paths: every interpolated value is one encoded segment", () => {
  assert.equal(apiPath`/namespaces/${"team-a"}/robots/${"ci"}`, "/namespaces/team-a/robots/ci");
  assert.equal(apiPath`/namespaces/${"../admin"}`, "/namespaces/..%2Fadmin");
  assert.equal(apiPath`/users/${"a b?c#d"}`, "/users/a%20b%3Fc%23d");
});

test("errors: the API's envelope as code, message and status; anything else without its body", () => {
  assert.equal(
    answerProblem(
      404,
      "Not Found",
      '{"error":{"code":"NOT_FOUND","message":"no namespace x"}}',
      "http://s",
    ),
    "drydock: NOT_FOUND: no namespace x (HTTP 404)",
  );
  const html = answerProblem(502, "Bad Gateway", "<html>secret-ish proxy page</html>", "http://s");
  assert.equal(html, "drydock: HTTP 502 Bad Gateway from http://s (not a drydock API answer)");
  assert.equal(
    answerProblem(
      400,
      "",
      '{"error":{"code":"INVALID","message":"bad\\u001b[31m name\\n"}}',
      "http://s",
    ),
    "drydock: INVALID: bad[31m name (HTTP 400)",
    "control characters from the server never reach the terminal",
  );
});

test("connection failures name the server and the reason", () => {
  const refused = Object.assign(new TypeError("fetch failed"), {
    cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
  });
  assert.equal(
    connectionProblem("http://127.0.0.1:5000", refused),
    "drydock: cannot reach the server at http://127.0.0.1:5000 (ECONNREFUSED)",
  );
  const tls = Object.assign(new TypeError("fetch failed"), {
    cause: Object.assign(new Error("self-signed"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" }),
  });
  assert.match(
    connectionProblem("https://r", tls),
    /TLS with https:\/\/r failed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/,
  );
  assert.match(
    connectionProblem("https://r", new DOMException("t", "TimeoutError")),
    /did not answer in time/,
  );
});

test("the client sends the credentials and JSON, and reads JSON back", async () => {
  const seen: Seen[] = [];
  const api = new ApiClient({
    server: "http://s:1/",
    auth: { kind: "basic", username: "alice", password: "pw:with:colons" },
    fetch: fakeFetch(() => json(201, { ok: true }), seen),
  });
  assert.deepEqual(await api.post("/namespaces", { name: "a" }), { ok: true });
  const [req] = seen;
  assert.equal(req?.url, "http://s:1/api/v1/namespaces");
  assert.equal(req?.init.method, "POST");
  assert.equal(req?.init.body, '{"name":"a"}');
  assert.equal(req?.init.redirect, "manual");
  const headers = req?.init.headers as Record<string, string>;
  assert.equal(
    Buffer.from(headers.authorization!.replace(/^Basic /, ""), "base64").toString(),
    "alice:pw:with:colons",
  );
  assert.equal(headers["content-type"], "application/json");

  const bearer = new ApiClient({
    server: "http://s:1",
    auth: { kind: "bearer", token: "ddp_x" },
    fetch: fakeFetch(() => new Response(null, { status: 204 }), seen),
  });
  assert.equal(await bearer.delete("/tokens/1"), undefined);
  assert.equal((seen[1]!.init.headers as Record<string, string>).authorization, "Bearer ddp_x");
  await bearer.get("/audit", { actor: "a b", limit: 5, target: undefined });
  assert.equal(seen[2]?.url, "http://s:1/api/v1/audit?actor=a+b&limit=5");
});

test("the client's failures: an error envelope, a 401 with a hint, a redirect it does not follow", async () => {
  const failing = (res: () => Response) =>
    new ApiClient({
      server: "http://s",
      auth: { kind: "bearer", token: "ddp_secret_value" },
      unauthorizedHint: "run drydock login http://s",
      fetch: fakeFetch(res),
    });
  await assert.rejects(
    failing(() => json(403, { error: { code: "DENIED", message: "needs the owner role" } })).get(
      "/x",
    ),
    (err: CliError) =>
      err instanceof CliError &&
      err.message === "drydock: DENIED: needs the owner role (HTTP 403)" &&
      err.status === 403 &&
      err.exitCode === 1,
  );
  await assert.rejects(
    failing(() => json(401, { error: { code: "UNAUTHORIZED", message: "expired" } })).get("/x"),
    { message: "drydock: UNAUTHORIZED: expired (HTTP 401); run drydock login http://s" },
  );
  await assert.rejects(
    failing(
      () => new Response(null, { status: 307, headers: { location: "http://elsewhere/" } }),
    ).get("/x"),
    /redirects to http:\/\/elsewhere\/; give that address with --server/,
  );
  await assert.rejects(
    failing(() => new Response("not json", { status: 200 })).get("/x"),
    /not JSON/,
  );
  const down = new ApiClient({
    server: "http://s",
    auth: null,
    fetch: (async () => {
      throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    }) as typeof fetch,
  });
  await assert.rejects(down.get("/x"), {
    message: "drydock: cannot reach the server at http://s (ECONNREFUSED)",
  });
});

test("times for people", () => {
  assert.equal(shortTime("2024-05-01T12:00:00.123Z"), "2024-05-01 12:00:00Z");
  assert.equal(shortTime(null), "-");
  const now = new Date("2024-05-01T00:00:00Z");
  assert.equal(relative("2024-05-02T00:00:00Z", now), "in 24h");
  assert.equal(relative("2024-05-31T00:00:00Z", now), "in 30d");
  assert.equal(relative("2024-04-30T23:55:00Z", now), "5m ago");
  assert.equal(clean("a\u0007b\u009bc"), "abc");
});
