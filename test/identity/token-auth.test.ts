/**
 * The Docker registry token specification over real HTTP: the challenge, GET and POST
 * /token, requested ∩ allowed, refresh tokens, JWKS, Basic on /v2/, and attacks on tokens
 * (alg none, HS256 with the public key, edited scope, a token for A used on B, expiry,
 * another server's token). Every refusal is checked by status and code.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { ManualClock } from "../../src/core/clock.ts";
import { buildImage, Client } from "../conformance/client.ts";
import { startRegistry, type TestRegistry } from "../helpers/server.ts";

let reg: TestRegistry;
let clock: ManualClock;
const PASSWORD = "a long enough password";
const image = buildImage();

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

async function token(
  user: string | null,
  scopes: string[],
  extra = "",
): Promise<{ status: number; body: Record<string, unknown> }> {
  const qs = scopes.map((s) => `&scope=${encodeURIComponent(s)}`).join("");
  const res = await fetch(`${reg.url}/token?service=drydock${qs}${extra}`, {
    headers: user ? { authorization: basic(user, PASSWORD) } : {},
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function getManifest(repo: string, bearer: string) {
  const res = await fetch(`${reg.url}/v2/${repo}/manifests/v1`, {
    headers: { authorization: `Bearer ${bearer}`, accept: image.mediaType },
  });
  const text = await res.text();
  return { status: res.status, text, challenge: res.headers.get("www-authenticate") ?? "" };
}

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${reg.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: basic(reg.admin.username, reg.admin.password),
      ...(body ? { "content-type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
  return res.status === 204 ? null : res.json();
}

before(async () => {
  clock = new ManualClock(Date.now());
  reg = await startRegistry({ identity: { lockoutAttempts: 4, failureDelayMs: 50 } }, { clock });
  await api("POST", "/namespaces", { name: "team-a" });
  await api("POST", "/namespaces", { name: "pub", public: true });
  await api("POST", "/users", { name: "dev", password: PASSWORD });
  await api("PUT", "/namespaces/team-a/members/dev", { role: "developer" });
  await api("POST", "/users", { name: "victim", password: PASSWORD });
  const c = new Client(reg.url, reg.admin);
  for (const repo of ["team-a/app", "team-a/other", "pub/app"]) {
    await c.pushBlob(repo, image.config);
    for (const l of image.layers) await c.pushBlob(repo, l);
    await c.pushManifest(repo, "v1", image.manifest, image.mediaType);
  }
});

after(async () => {
  await reg?.close();
});

describe("the challenge", () => {
  test("an anonymous /v2/ request gets 401 with a Bearer challenge naming realm and service", async () => {
    const res = await fetch(`${reg.url}/v2/`);
    assert.equal(res.status, 401);
    const header = res.headers.get("www-authenticate") ?? "";
    assert.match(header, /^Bearer realm="http:\/\/127\.0\.0\.1:\d+\/token",service="drydock"$/);
    assert.equal(
      ((await res.json()) as { errors: { code: string }[] }).errors[0]!.code,
      "UNAUTHORIZED",
    );
  });

  test("a repository request's challenge carries the scope it needs", async () => {
    const res = await fetch(`${reg.url}/v2/team-a/app/blobs/uploads/`, { method: "POST" });
    assert.equal(res.status, 401);
    assert.match(
      res.headers.get("www-authenticate") ?? "",
      /scope="repository:team-a\/app:pull,push"/,
    );
  });
});

describe("GET /token", () => {
  test("grants requested ∩ allowed, per scope", async () => {
    const { status, body } = await token("dev", [
      "repository:team-a/app:pull,push,delete",
      "repository:pub/app:pull,push",
      "repository:secret/app:pull",
    ]);
    assert.equal(status, 200);
    const claims = decodeJwt(body.token as string) as {
      access: { name: string; actions: string[] }[];
    };
    assert.deepEqual(
      claims.access.map((a) => [a.name, a.actions]),
      [
        ["team-a/app", ["pull", "push"]],
        ["pub/app", ["pull"]],
        ["secret/app", []],
      ],
    );
    assert.equal(body.access_token, body.token);
    assert.equal(body.expires_in, 300);
    assert.match(body.issued_at as string, /^\d{4}-\d\d-\d\dT/);
    assert.equal(decodeProtectedHeader(body.token as string).alg, "ES256");
    assert.ok(decodeProtectedHeader(body.token as string).kid);
  });

  test("anonymous callers get pull on public namespaces only", async () => {
    const { status, body } = await token(null, [
      "repository:pub/app:pull,push",
      "repository:team-a/app:pull",
    ]);
    assert.equal(status, 200);
    const claims = decodeJwt(body.token as string) as {
      access: { actions: string[] }[];
      sub: string;
    };
    assert.deepEqual(
      claims.access.map((a) => a.actions),
      [["pull"], []],
    );
    assert.equal((await getManifest("pub/app", body.token as string)).status, 200);
    assert.equal((await getManifest("team-a/app", body.token as string)).status, 401);
  });

  test("wrong credentials: 401; the account does not matter to the answer", async () => {
    const wrong = await fetch(`${reg.url}/token?service=drydock`, {
      headers: { authorization: basic("dev", "nope") },
    });
    const nobody = await fetch(`${reg.url}/token?service=drydock`, {
      headers: { authorization: basic("nobody", "nope") },
    });
    assert.equal(wrong.status, 401);
    assert.equal(nobody.status, 401);
    assert.deepEqual(await wrong.json(), await nobody.json());
  });

  test("a foreign service, a malformed scope and a mismatched account are refused", async () => {
    assert.equal((await fetch(`${reg.url}/token?service=other`)).status, 400);
    assert.equal((await token("dev", ["repository"])).status, 400);
    assert.equal((await token("dev", [], "&account=someone-else")).status, 401);
  });

  test("the JWKS verifies issued tokens", async () => {
    const jwks = (await (await fetch(`${reg.url}/token/jwks`)).json()) as {
      keys: Record<string, unknown>[];
    };
    assert.ok(jwks.keys.length >= 1);
    for (const k of jwks.keys) assert.equal(k.d, undefined, "no private part in the JWKS");
    const { body } = await token("dev", ["repository:team-a/app:pull"]);
    const { payload } = await jwtVerify(body.token as string, createLocalJWKSet(jwks as never), {
      issuer: "drydock",
      audience: "drydock",
      currentDate: clock.now(),
    });
    assert.equal(payload.name, "dev");
  });

  test("signing keys are kept with owner-only permissions", async () => {
    const dir = join(reg.dataDir, "keys", "signing");
    const files = await readdir(dir);
    assert.ok(files.length >= 1);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    for (const f of files) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, f);
  });
});

describe("POST /token (OAuth2 form)", () => {
  async function post(form: Record<string, string>) {
    const res = await fetch(`${reg.url}/token`, {
      method: "POST",
      body: new URLSearchParams(form),
    });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  }

  test("password grant with offline access returns a refresh token that works once more", async () => {
    const first = await post({
      grant_type: "password",
      username: "dev",
      password: PASSWORD,
      service: "drydock",
      client_id: "test",
      access_type: "offline",
      scope: "repository:team-a/app:pull repository:team-a/other:pull",
    });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.token_type, "Bearer");
    assert.match(first.body.refresh_token!, /^ddt_/);
    assert.equal(first.body.scope, "repository:team-a/app:pull repository:team-a/other:pull");
    const again = await post({
      grant_type: "refresh_token",
      refresh_token: first.body.refresh_token!,
      service: "drydock",
      scope: "repository:team-a/app:pull,push",
    });
    assert.equal(again.status, 200);
    assert.equal((await getManifest("team-a/app", again.body.access_token!)).status, 200);
  });

  test("bad grants answer OAuth2 errors", async () => {
    assert.deepEqual(
      (await post({ grant_type: "password", username: "dev", password: "x" })).body.error,
      "invalid_grant",
    );
    assert.equal(
      (await post({ grant_type: "refresh_token", refresh_token: "ddt_nope" })).status,
      401,
    );
    assert.equal(
      (await post({ grant_type: "client_credentials" })).body.error,
      "unsupported_grant_type",
    );
    assert.equal((await post({ grant_type: "password" })).body.error, "invalid_request");
  });

  test("a form over 64 KiB is refused with 413 before it is read, and the endpoint goes on", async () => {
    const huge = await post({
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: "e".repeat(100 * 1024),
      service: "drydock",
    });
    assert.equal(huge.status, 413, JSON.stringify(huge.body));
    assert.ok(JSON.stringify(huge.body).length < 1024, "the answer does not echo the body");
    const next = await post({
      grant_type: "password",
      username: "dev",
      password: PASSWORD,
      service: "drydock",
      scope: "repository:team-a/app:pull",
    });
    assert.equal(next.status, 200, JSON.stringify(next.body));
  });
});

describe("token attacks, all refused", () => {
  let good: string;
  before(async () => {
    good = (await token("dev", ["repository:team-a/app:pull"])).body.token as string;
    assert.equal((await getManifest("team-a/app", good)).status, 200);
  });

  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const parts = () => good.split(".") as [string, string, string];

  const attacks: [string, () => Promise<string> | string][] = [
    ["alg none", () => `${b64({ alg: "none", typ: "JWT" })}.${parts()[1]}.`],
    [
      "HS256 signed with the server's public key",
      async () => {
        const jwks = (await (await fetch(`${reg.url}/token/jwks`)).json()) as {
          keys: { kid: string }[];
        };
        const header = b64({ alg: "HS256", typ: "JWT", kid: jwks.keys[0]!.kid });
        const payload = parts()[1];
        const sig = createHmac("sha256", JSON.stringify(jwks.keys[0]))
          .update(`${header}.${payload}`)
          .digest("base64url");
        return `${header}.${payload}.${sig}`;
      },
    ],
    [
      "unknown kid",
      () => {
        const header = { ...decodeProtectedHeader(good), kid: "not-a-key" };
        return `${b64(header)}.${parts()[1]}.${parts()[2]}`;
      },
    ],
    [
      "edited scope (push added)",
      () => {
        const claims = decodeJwt(good) as Record<string, unknown>;
        claims.access = [
          { type: "repository", name: "team-a/app", actions: ["pull", "push", "delete"] },
        ];
        return `${parts()[0]}.${b64(claims)}.${parts()[2]}`;
      },
    ],
    ["garbage", () => "not.a.token"],
  ];

  for (const [name, make] of attacks)
    test(name, async () => {
      const res = await getManifest("team-a/app", await make());
      assert.equal(res.status, 401, res.text);
      assert.match(res.challenge, /error="invalid_token"/);
    });

  test("a token for repository A used on B", async () => {
    const res = await getManifest("team-a/other", good);
    assert.equal(res.status, 401);
    assert.match(res.challenge, /error="insufficient_scope"/);
    assert.match(res.challenge, /scope="repository:team-a\/other:pull"/);
  });

  test("a pull token used to push", async () => {
    const res = await fetch(`${reg.url}/v2/team-a/app/manifests/v2`, {
      method: "PUT",
      headers: { authorization: `Bearer ${good}`, "content-type": image.mediaType },
      body: new Uint8Array(image.manifest),
    });
    assert.equal(res.status, 401);
  });

  test("wrong audience: a token another drydock (another service and key) issued", async () => {
    const other = await startRegistry({ identity: { service: "elsewhere" } });
    try {
      const res = await fetch(
        `${other.url}/token?service=elsewhere&scope=repository:team-a/app:pull`,
        {
          headers: { authorization: basic(other.admin.username, other.admin.password) },
        },
      );
      const foreign = ((await res.json()) as { token: string }).token;
      assert.equal((await getManifest("team-a/app", foreign)).status, 401);
    } finally {
      await other.close();
    }
  });

  test("expired, then not yet valid", async () => {
    const fresh = (await token("dev", ["repository:team-a/app:pull"])).body.token as string;
    clock.advance(301_000);
    assert.equal((await getManifest("team-a/app", fresh)).status, 401, "expired");
    clock.advance(-601_000);
    assert.equal((await getManifest("team-a/app", fresh)).status, 401, "not yet valid");
    clock.advance(300_000);
    assert.equal((await getManifest("team-a/app", fresh)).status, 200, "valid again in its window");
  });

  test("a member removed after the token was issued is refused at once", async () => {
    await api("POST", "/users", { name: "leaver", password: PASSWORD });
    await api("PUT", "/namespaces/team-a/members/leaver", { role: "viewer" });
    const t = (await token("leaver", ["repository:team-a/app:pull"])).body.token as string;
    assert.equal((await getManifest("team-a/app", t)).status, 200);
    await api("DELETE", "/namespaces/team-a/members/leaver");
    assert.equal((await getManifest("team-a/app", t)).status, 401);
  });
});

describe("Basic credentials on /v2/", () => {
  test("work for clients that never fetch a token; a refusal is 403 DENIED", async () => {
    const ok = await fetch(`${reg.url}/v2/team-a/app/manifests/v1`, {
      headers: { authorization: basic("dev", PASSWORD), accept: image.mediaType },
    });
    assert.equal(ok.status, 200);
    const del = await fetch(`${reg.url}/v2/team-a/app/manifests/v1`, {
      method: "DELETE",
      headers: { authorization: basic("dev", PASSWORD) },
    });
    assert.equal(del.status, 403);
    assert.equal(((await del.json()) as { errors: { code: string }[] }).errors[0]!.code, "DENIED");
  });

  test("can be switched off: then only tokens are accepted", async () => {
    const strict = await startRegistry({ identity: { basicOnV2: false } });
    try {
      const res = await fetch(`${strict.url}/v2/`, {
        headers: { authorization: basic(strict.admin.username, strict.admin.password) },
      });
      assert.equal(res.status, 401);
      assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer /);
    } finally {
      await strict.close();
    }
  });
});

describe("failed sign-ins", () => {
  test("are slowed down, then the account is locked (429 with Retry-After), and both are audited", async () => {
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const t0 = performance.now();
      const res = await fetch(`${reg.url}/token?service=drydock`, {
        headers: { authorization: basic("victim", "wrong") },
      });
      times.push(performance.now() - t0);
      assert.equal(res.status, 401);
    }
    // The right password no longer helps while the lock lasts.
    const locked = await fetch(`${reg.url}/token?service=drydock`, {
      headers: { authorization: basic("victim", PASSWORD) },
    });
    assert.equal(locked.status, 429);
    assert.ok(Number(locked.headers.get("retry-after")) > 0);
    // The 4th failure (past 3) was delayed by the configured 50 ms at least.
    assert.ok(times[3]! >= 45, `4th failure answered in ${times[3]} ms`);
    // Once the lock has passed, the right password works again.
    clock.advance(16 * 60_000);
    assert.equal(
      (
        await fetch(`${reg.url}/token?service=drydock`, {
          headers: { authorization: basic("victim", PASSWORD) },
        })
      ).status,
      200,
    );
    const audit = (await api("GET", "/audit?action=auth.*&limit=1000")) as {
      events: { action: string; target: string; result: string }[];
    };
    assert.ok(
      audit.events.some((e) => e.action === "auth.lockout" && e.target === "account:victim"),
    );
    assert.ok(
      audit.events.filter(
        (e) => e.action === "auth.login" && e.target === "victim" && e.result === "failure",
      ).length >= 4,
    );
  });
});

describe("namespaces created by a push", () => {
  test("only with identity.createNamespaceOnPush, and only by users allowed to create namespaces", async () => {
    const open = await startRegistry({ identity: { createNamespaceOnPush: true } });
    try {
      const admin = basic(open.admin.username, open.admin.password);
      for (const [name, can] of [
        ["maker", true],
        ["plain", false],
      ] as const) {
        const res = await fetch(`${open.url}/api/v1/users`, {
          method: "POST",
          headers: { authorization: admin, "content-type": "application/json" },
          body: JSON.stringify({ name, password: PASSWORD, canCreateNamespaces: can }),
        });
        assert.equal(res.status, 201);
      }
      const push = (user: string, ns: string) =>
        fetch(`${open.url}/v2/${ns}/app/blobs/uploads/`, {
          method: "POST",
          headers: { authorization: basic(user, PASSWORD) },
        });
      assert.equal((await push("plain", "plains")).status, 403);
      assert.equal((await push("maker", "makers")).status, 202);
      const me = (await (
        await fetch(`${open.url}/api/v1/me`, {
          headers: { authorization: basic("maker", PASSWORD) },
        })
      ).json()) as { namespaces: { name: string; role: string }[] };
      assert.deepEqual(me.namespaces, [{ name: "makers", role: "owner" }]);
      // Private by default: the other user cannot see it.
      assert.equal((await push("plain", "makers")).status, 403);
    } finally {
      await open.close();
    }
  });

  test("off by default: pushing into a namespace that does not exist is refused", async () => {
    const res = await fetch(`${reg.url}/v2/brand-new/app/blobs/uploads/`, {
      method: "POST",
      headers: { authorization: basic("dev", PASSWORD) },
    });
    assert.equal(res.status, 403);
  });
});
