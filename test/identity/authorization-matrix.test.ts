/**
 * The authorization matrix: every principal x every registry and management endpoint x an
 * own, a foreign, a public and a missing namespace, each cell with the answer the rules of
 * the roles say it must get. Run over real HTTP against a real server, through the token
 * flow Docker clients use. A cell that answers "allowed" where the rules say "refused" is
 * an escape; the test fails on any cell that differs, and counts escapes separately.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ManualClock } from "../../src/core/clock.ts";
import { buildImage, Client, type PushedImage } from "../conformance/client.ts";
import { startRegistry, type TestRegistry } from "../helpers/server.ts";

type Action = "pull" | "push" | "delete";
type Ns = "team-a" | "team-b" | "pub" | "ghost";
const NAMESPACES: Ns[] = ["team-a", "team-b", "pub", "ghost"];

interface P {
  name: string;
  /** Basic credentials, or null for anonymous. */
  creds: { username: string; password: string } | null;
  /** What the rules grant, per namespace; `manage` = owner rights; `see` = may know it exists. */
  grants: Partial<Record<Ns, { actions: Action[]; see: boolean; manage: boolean }>>;
  /** Credentials refused outright (expired robot, locked-out user): the answer at the token endpoint. */
  refusedWith?: number;
}

const ALL: Action[] = ["pull", "push", "delete"];
const PULL_PUB = { pub: { actions: ["pull"] as Action[], see: true, manage: false } };

let reg: TestRegistry;
let clock: ManualClock;
let image: PushedImage;
const principals: P[] = [];
const PASSWORD = "correct horse battery staple";

async function api(method: string, path: string, creds: P["creds"], body?: unknown) {
  const headers: Record<string, string> = {};
  if (creds) headers.authorization = basic(creds);
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${reg.url}/api/v1${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) };
}

function basic(c: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;
}

before(async () => {
  clock = new ManualClock(Date.now());
  reg = await startRegistry({ identity: { lockoutAttempts: 3 } }, { clock });
  const admin = reg.admin;
  const ok = async (p: Promise<{ status: number; text: string }>, status: number) => {
    const res = await p;
    assert.equal(res.status, status, res.text);
    return res;
  };
  await ok(api("POST", "/namespaces", admin, { name: "team-a" }), 201);
  await ok(api("POST", "/namespaces", admin, { name: "team-b" }), 201);
  await ok(api("POST", "/namespaces", admin, { name: "pub", public: true }), 201);
  const users: [string, Ns, string][] = [
    ["owner-a", "team-a", "owner"],
    ["maint-a", "team-a", "maintainer"],
    ["dev-a", "team-a", "developer"],
    ["viewer-a", "team-a", "viewer"],
    ["owner-b", "team-b", "owner"],
    ["locked", "team-a", "developer"],
  ];
  await ok(api("POST", "/users", admin, { name: "bystander", password: PASSWORD }), 201);
  for (const [name, ns, role] of users) {
    await ok(api("POST", "/users", admin, { name, password: PASSWORD }), 201);
    await ok(api("PUT", `/namespaces/${ns}/members/${name}`, admin, { role }), 200);
  }
  const robots: [string, { repositories: string; actions: Action[] }[], number][] = [
    ["puller", [{ repositories: "app", actions: ["pull"] }], 86_400],
    ["pusher", [{ repositories: "app", actions: ["pull", "push", "delete"] }], 86_400],
    ["other", [{ repositories: "other-*", actions: ["pull", "push"] }], 86_400],
    ["expired", [{ repositories: "**", actions: ["pull", "push", "delete"] }], 3_600],
  ];
  const robotCreds: Record<string, { username: string; password: string }> = {};
  for (const [name, permissions, ttlSeconds] of robots) {
    const res = await ok(
      api("POST", "/namespaces/team-a/robots", admin, {
        name,
        permissions,
        ttlSeconds,
        overlapSeconds: 60,
      }),
      201,
    );
    const { credential } = JSON.parse(res.text);
    robotCreds[name] = { username: credential.username, password: credential.secret };
  }

  // Content in every existing namespace, pushed by the admin.
  image = buildImage();
  const c = new Client(reg.url, admin);
  for (const ns of ["team-a", "team-b", "pub"]) {
    await c.pushBlob(`${ns}/app`, image.config);
    for (const l of image.layers) await c.pushBlob(`${ns}/app`, l);
    await c.pushManifest(`${ns}/app`, "v1", image.manifest, image.mediaType);
  }

  // Two hours later: the 1-hour robot has expired; every other credential is still valid.
  clock.advance(2 * 3_600_000);
  // Three wrong passwords lock "locked" out (identity.lockoutAttempts = 3).
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${reg.url}/token?service=drydock`, {
      headers: { authorization: basic({ username: "locked", password: "wrong" }) },
    });
    assert.equal(res.status, 401);
  }

  const member = (actions: Action[], manage = false) => ({ actions, see: true, manage });
  const user = (name: string) => ({ username: name, password: PASSWORD });
  principals.push(
    { name: "anonymous", creds: null, grants: PULL_PUB },
    {
      name: "admin",
      creds: admin,
      grants: {
        "team-a": member(ALL, true),
        "team-b": member(ALL, true),
        pub: member(ALL, true),
        ghost: member(ALL, true),
      },
    },
    {
      name: "owner-a",
      creds: user("owner-a"),
      grants: { ...PULL_PUB, "team-a": member(ALL, true) },
    },
    { name: "maint-a", creds: user("maint-a"), grants: { ...PULL_PUB, "team-a": member(ALL) } },
    {
      name: "dev-a",
      creds: user("dev-a"),
      grants: { ...PULL_PUB, "team-a": member(["pull", "push"]) },
    },
    {
      name: "viewer-a",
      creds: user("viewer-a"),
      grants: { ...PULL_PUB, "team-a": member(["pull"]) },
    },
    {
      name: "owner-b",
      creds: user("owner-b"),
      grants: { ...PULL_PUB, "team-b": member(ALL, true) },
    },
    {
      name: "robot-puller",
      creds: robotCreds.puller!,
      grants: { ...PULL_PUB, "team-a": member(["pull"]) },
    },
    {
      name: "robot-pusher",
      creds: robotCreds.pusher!,
      grants: { ...PULL_PUB, "team-a": member(ALL) },
    },
    // Sees its namespace, but its permission does not cover team-a/app.
    {
      name: "robot-other",
      creds: robotCreds.other!,
      grants: { ...PULL_PUB, "team-a": member([]) },
    },
    { name: "robot-expired", creds: robotCreds.expired!, grants: {}, refusedWith: 401 },
    { name: "locked-user", creds: user("locked"), grants: {}, refusedWith: 429 },
  );
});

after(async () => {
  await reg?.close();
});

interface Endpoint {
  name: string;
  action: Action;
  /** The answer when allowed, on an existing repository. */
  allowed: number;
  call(repo: string, headers: Record<string, string>): Promise<Response>;
}

const REGISTRY_ENDPOINTS: Endpoint[] = [
  {
    name: "HEAD manifest",
    action: "pull",
    allowed: 200,
    call: (r, h) => fetch(`${reg.url}/v2/${r}/manifests/v1`, { method: "HEAD", headers: h }),
  },
  {
    name: "GET manifest",
    action: "pull",
    allowed: 200,
    call: (r, h) =>
      fetch(`${reg.url}/v2/${r}/manifests/v1`, {
        headers: { ...h, accept: image.mediaType },
      }),
  },
  {
    name: "GET blob",
    action: "pull",
    allowed: 200,
    call: (r, h) =>
      fetch(`${reg.url}/v2/${r}/blobs/${image.json.config ? configDigest() : ""}`, { headers: h }),
  },
  {
    name: "HEAD blob",
    action: "pull",
    allowed: 200,
    call: (r, h) =>
      fetch(`${reg.url}/v2/${r}/blobs/${configDigest()}`, { method: "HEAD", headers: h }),
  },
  {
    name: "GET tags",
    action: "pull",
    allowed: 200,
    call: (r, h) => fetch(`${reg.url}/v2/${r}/tags/list`, { headers: h }),
  },
  {
    name: "GET referrers",
    action: "pull",
    allowed: 200,
    call: (r, h) => fetch(`${reg.url}/v2/${r}/referrers/${image.digest}`, { headers: h }),
  },
  {
    name: "POST upload",
    action: "push",
    allowed: 202,
    call: (r, h) =>
      fetch(`${reg.url}/v2/${r}/blobs/uploads/`, {
        method: "POST",
        headers: { ...h, "content-length": "0" },
      }),
  },
  {
    name: "PUT manifest",
    action: "push",
    allowed: 201,
    call: (r, h) =>
      fetch(`${reg.url}/v2/${r}/manifests/matrix`, {
        method: "PUT",
        headers: { ...h, "content-type": image.mediaType },
        body: new Uint8Array(image.manifest),
      }),
  },
  {
    // Deleting a tag that does not exist: allowed callers learn it is unknown (404).
    name: "DELETE tag",
    action: "delete",
    allowed: 404,
    call: (r, h) =>
      fetch(`${reg.url}/v2/${r}/manifests/no-such-tag`, { method: "DELETE", headers: h }),
  },
];

function configDigest(): string {
  return (image.json.config as { digest: string }).digest;
}

const tokenCache = new Map<string, { status: number; token?: string }>();

/** A registry token the way Docker clients get one; anonymous callers get one too. */
async function tokenFor(p: P, scope: string): Promise<{ status: number; token?: string }> {
  const key = `${p.name} ${scope}`;
  const cached = tokenCache.get(key);
  if (cached) return cached;
  const url = `${reg.url}/token?service=drydock&scope=${encodeURIComponent(scope)}`;
  const res = await fetch(url, { headers: p.creds ? { authorization: basic(p.creds) } : {} });
  const body = (await res.json()) as { token?: string };
  const out = res.status === 200 ? { status: 200, token: body.token! } : { status: res.status };
  tokenCache.set(key, out);
  return out;
}

interface Cell {
  principal: string;
  endpoint: string;
  ns: Ns;
  expected: number;
  got: number;
  escape: boolean;
}

test("registry endpoints: every principal x endpoint x namespace answers as the roles say", async () => {
  const cells: Cell[] = [];
  for (const p of principals) {
    for (const ns of NAMESPACES) {
      const repo = `${ns}/app`;
      const tok = await tokenFor(p, `repository:${repo}:pull,push,delete`);
      for (const e of REGISTRY_ENDPOINTS) {
        const grant = p.grants[ns];
        const allowed = !p.refusedWith && grant !== undefined && grant.actions.includes(e.action);
        let got: number;
        if (tok.status !== 200) got = tok.status;
        else {
          const res = await e.call(repo, { authorization: `Bearer ${tok.token}` });
          await res.arrayBuffer();
          got = res.status;
        }
        // A missing namespace: only the admin may act, and learns nothing exists there.
        const expected = p.refusedWith ?? (allowed ? (ns === "ghost" ? -1 : e.allowed) : 401);
        const ok = expected === -1 ? got !== 401 && got !== 403 && got < 500 : got === expected;
        cells.push({
          principal: p.name,
          endpoint: e.name,
          ns,
          expected,
          got,
          escape: (!allowed && got < 400) || (!allowed && got === 404),
        });
        assert.ok(ok, `${p.name} ${e.name} ${repo}: expected ${expected}, got ${got}`);
      }
    }
  }
  const escapes = cells.filter((c) => c.escape);
  assert.deepEqual(escapes, [], "escapes");
  assert.equal(cells.length, principals.length * NAMESPACES.length * REGISTRY_ENDPOINTS.length);
});

test("a refusal reads the same for a foreign namespace and one that does not exist", async () => {
  for (const p of principals.filter((x) => x.name !== "admin" && !x.refusedWith)) {
    const answers = [];
    for (const ns of ["team-b", "ghost"] as const) {
      if (p.grants[ns]) continue;
      const tok = await tokenFor(p, `repository:${ns}/app:pull,push,delete`);
      const res = await fetch(`${reg.url}/v2/${ns}/app/manifests/v1`, {
        headers: { authorization: `Bearer ${tok.token}` },
      });
      const body = (await res.json()) as { errors: { code: string; message: string }[] };
      const challenge = (res.headers.get("www-authenticate") ?? "").replace(ns, "NS");
      answers.push({
        status: res.status,
        code: body.errors[0]!.code,
        message: body.errors[0]!.message,
        challenge,
      });
    }
    if (answers.length === 2) assert.deepEqual(answers[0], answers[1], p.name);
  }
});

test("the base endpoint and the catalog need a signed-in caller; the catalog shows only what the caller may pull", async () => {
  for (const p of principals) {
    const tok = await tokenFor(p, "registry:catalog:*");
    if (p.refusedWith) {
      assert.equal(tok.status, p.refusedWith, p.name);
      continue;
    }
    const h = { authorization: `Bearer ${tok.token}` };
    const base = await fetch(`${reg.url}/v2/`, { headers: h });
    await base.arrayBuffer();
    const catalog = await fetch(`${reg.url}/v2/_catalog`, { headers: h });
    if (p.creds === null) {
      assert.equal(base.status, 401, "anonymous /v2/");
      assert.equal(catalog.status, 401, "anonymous catalog");
      await catalog.arrayBuffer();
      continue;
    }
    assert.equal(base.status, 200, `${p.name} /v2/`);
    assert.equal(catalog.status, 200, `${p.name} catalog`);
    const { repositories } = (await catalog.json()) as { repositories: string[] };
    const expected = (["team-a", "team-b", "pub"] as Ns[])
      .filter((ns) => p.grants[ns]?.actions.includes("pull"))
      .map((ns) => `${ns}/app`)
      .sort();
    assert.deepEqual(repositories, expected, p.name);
  }
});

test("management API: every principal x endpoint x namespace answers as the roles say", async () => {
  let n = 0;
  const endpoints: {
    name: string;
    call: (ns: Ns, c: P["creds"]) => Promise<{ status: number; text: string }>;
    need: "see" | "manage";
  }[] = [
    { name: "GET namespace", need: "see", call: (ns, c) => api("GET", `/namespaces/${ns}`, c) },
    {
      name: "GET members",
      need: "see",
      call: (ns, c) => api("GET", `/namespaces/${ns}/members`, c),
    },
    { name: "GET robots", need: "see", call: (ns, c) => api("GET", `/namespaces/${ns}/robots`, c) },
    {
      name: "POST robot",
      need: "manage",
      call: (ns, c) =>
        api("POST", `/namespaces/${ns}/robots`, c, {
          name: `m${++n}`,
          permissions: [{ repositories: "app", actions: ["pull"] }],
        }),
    },
    {
      name: "PUT member",
      need: "manage",
      // A user outside the matrix, so that granting the role changes no principal's rights.
      call: (ns, c) => api("PUT", `/namespaces/${ns}/members/bystander`, c, { role: "viewer" }),
    },
  ];
  for (const p of principals) {
    for (const ns of NAMESPACES) {
      for (const e of endpoints) {
        // The admin's pushes in the registry matrix created "ghost"; ask for one nobody made.
        const res = await e.call(ns === "ghost" ? ("nowhere" as Ns) : ns, p.creds);
        const grant = p.grants[ns];
        const exists = ns !== "ghost";
        let expected: number;
        if (p.refusedWith) expected = p.refusedWith;
        else if (p.creds === null) expected = 401;
        else if (!exists || !grant?.see) expected = 404;
        else if (e.need === "manage" && !grant.manage) expected = 403;
        else expected = e.name === "POST robot" ? 201 : 200;
        // The admin sees a missing namespace as missing, like everyone.
        if (p.name === "admin" && !exists) expected = 404;
        assert.equal(res.status, expected, `${p.name} ${e.name} ${ns}: ${res.text.slice(0, 200)}`);
      }
    }
  }
});

test("the audit trail is readable by the admin and by owners for their namespace only", async () => {
  for (const p of principals) {
    for (const ns of ["team-a", "team-b"] as const) {
      const res = await api("GET", `/audit?target=${ns}&limit=5`, p.creds);
      const expected = p.refusedWith ?? (p.creds === null ? 401 : p.grants[ns]?.manage ? 200 : 403);
      assert.equal(res.status, expected, `${p.name} audit ${ns}: ${res.text.slice(0, 200)}`);
    }
  }
});
