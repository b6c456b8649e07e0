/**
 * Workload identity end to end: a CI job's OIDC ID token, from a real issuer on 127.0.0.1
 * (discovery document + JWKS, keys made with jose), is exchanged at drydock's token endpoint
 * for a short-lived registry token, so the job needs no stored secret. Trust policies are
 * made by a namespace owner through the API; only issuers the server admin listed count.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { decodeJwt } from "jose";
import { buildImage, Client } from "../conformance/client.ts";
import { type OidcIssuer, startOidcIssuer } from "../helpers/oidc-issuer.ts";
import { startRegistry, type TestRegistry } from "../helpers/server.ts";

let issuer: OidcIssuer;
let reg: TestRegistry;
const image = buildImage();

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${reg.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${reg.admin.username}:${reg.admin.password}`).toString("base64")}`,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return {
    status: res.status,
    json: (await res.json().catch(() => null)) as Record<string, unknown>,
  };
}

function ciToken(claims: Record<string, unknown> = {}) {
  return issuer.sign({
    aud: "drydock",
    sub: "repo:org/app:ref:refs/heads/main",
    repository: "org/app",
    ref: "refs/heads/main",
    ...claims,
  });
}

async function exchange(idToken: string, scope: string) {
  const res = await fetch(`${reg.url}/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: idToken,
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      service: "drydock",
      scope,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

before(async () => {
  issuer = await startOidcIssuer({ alg: "ES256" });
  reg = await startRegistry({ identity: { oidcIssuers: issuer.issuer, allowInsecureHttp: true } });
  assert.equal((await api("POST", "/namespaces", { name: "org" })).status, 201);
  const policy = await api("POST", "/namespaces/org/trust-policies", {
    issuer: issuer.issuer,
    audience: "drydock",
    claims: { repository: "org/app", ref: "refs/heads/*" },
    permissions: [{ repositories: "app", actions: ["pull", "push"] }],
  });
  assert.equal(policy.status, 201, JSON.stringify(policy.json));
  const c = new Client(reg.url, reg.admin);
  await c.pushBlob("org/app", image.config);
  for (const l of image.layers) await c.pushBlob("org/app", l);
});

after(async () => {
  await reg?.close();
  await issuer?.close();
});

test("a CI job's ID token is exchanged for a registry token that pushes and pulls", async () => {
  const { status, body } = await exchange(
    await ciToken(),
    "repository:org/app:pull,push repository:org/other:pull",
  );
  assert.equal(status, 200, JSON.stringify(body));
  const claims = decodeJwt(body.access_token!) as {
    access: { name: string; actions: string[] }[];
    sub: string;
    kind: string;
  };
  assert.equal(claims.kind, "workload");
  assert.deepEqual(
    claims.access.map((a) => [a.name, a.actions]),
    [
      ["org/app", ["pull", "push"]],
      ["org/other", []],
    ],
  );
  assert.equal(Number(body.expires_in), 300);
  const put = await fetch(`${reg.url}/v2/org/app/manifests/ci`, {
    method: "PUT",
    headers: { authorization: `Bearer ${body.access_token}`, "content-type": image.mediaType },
    body: new Uint8Array(image.manifest),
  });
  assert.equal(put.status, 201);
  const audit = await api("GET", "/audit?action=registry.push&target=org&limit=10");
  const events = audit.json.events as { actor: string; actorKind: string }[];
  assert.ok(
    events.some((e) => e.actorKind === "workload" && e.actor.includes("repo:org/app")),
    JSON.stringify(events),
  );
});

test("clients that only do Basic can send the ID token as the password of user `oidc`", async () => {
  const idToken = await ciToken();
  const res = await fetch(`${reg.url}/token?service=drydock&scope=repository:org/app:pull`, {
    headers: { authorization: `Basic ${Buffer.from(`oidc:${idToken}`).toString("base64")}` },
  });
  assert.equal(res.status, 200);
});

test("tokens that do not satisfy the policy get nothing", async () => {
  const cases: [string, Promise<string>][] = [
    ["another repository", ciToken({ repository: "org/evil" })],
    ["a tag ref instead of a branch", ciToken({ ref: "refs/tags/v1" })],
    ["another audience", ciToken({ aud: "someone-else" })],
    [
      "expired",
      issuer.sign(
        { aud: "drydock", sub: "x", repository: "org/app", ref: "refs/heads/main" },
        { expiresIn: -600 },
      ),
    ],
    [
      "signed by a key the issuer does not publish",
      issuer.sign(
        { aud: "drydock", sub: "x", repository: "org/app", ref: "refs/heads/main" },
        { alg: "RS256" },
      ),
    ],
  ];
  for (const [name, token] of cases) {
    const { status, body } = await exchange(await token, "repository:org/app:pull");
    assert.equal(status, 401, `${name}: ${JSON.stringify(body)}`);
    assert.equal(body.error, "invalid_grant", name);
  }
});

test("an issuer the admin did not list cannot be named in a policy, and its tokens are refused", async () => {
  const rogue = await startOidcIssuer({ alg: "ES256" });
  try {
    const policy = await api("POST", "/namespaces/org/trust-policies", {
      issuer: rogue.issuer,
      audience: "drydock",
      claims: { repository: "org/app" },
      permissions: [{ repositories: "app", actions: ["pull"] }],
    });
    assert.equal(policy.status, 400);
    const { status } = await exchange(
      await rogue.sign({ aud: "drydock", sub: "x", repository: "org/app", ref: "refs/heads/main" }),
      "repository:org/app:pull",
    );
    assert.equal(status, 401);
    assert.equal(rogue.requests, 0, "drydock never contacted the unlisted issuer");
  } finally {
    await rogue.close();
  }
});

test("a policy without claim rules is refused: it would admit every workflow of the issuer", async () => {
  const policy = await api("POST", "/namespaces/org/trust-policies", {
    issuer: issuer.issuer,
    audience: "drydock",
    claims: {},
    permissions: [{ repositories: "app", actions: ["pull"] }],
  });
  assert.equal(policy.status, 400);
});
