import assert from "node:assert/strict";
import { createHmac, createPublicKey } from "node:crypto";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { decodeProtectedHeader, importJWK, type JWTPayload, SignJWT } from "jose";
import { ManualClock } from "../core/clock.ts";
import { DrydockError } from "../core/errors.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { FsKeyStore } from "../storage/keys-fs/fs-key-store.ts";
import type { SigningKeyRecord, SigningKeyStore } from "./signing-keys.ts";
import { TokenService } from "./tokens.ts";
import type { AccessEntry } from "./types.ts";

class MemoryKeyStore implements SigningKeyStore {
  readonly records = new Map<string, SigningKeyRecord>();
  async list() {
    return [...this.records.values()].map((r) => structuredClone(r));
  }
  async save(rec: SigningKeyRecord) {
    this.records.set(rec.kid, structuredClone(rec));
  }
  async remove(kid: string) {
    this.records.delete(kid);
  }
}

const SETTINGS = {
  issuer: "drydock",
  audience: "registry.test",
  ttlSeconds: 300,
  keyRotationSeconds: 3600,
};
const PULL: AccessEntry[] = [{ type: "repository", name: "team/app", actions: ["pull"] }];

async function setup(
  opts: { store?: SigningKeyStore; log?: Logger; settings?: Partial<typeof SETTINGS> } = {},
) {
  const store = opts.store ?? new MemoryKeyStore();
  const clock = new ManualClock();
  const svc = new TokenService(
    { keys: store, clock, log: opts.log ?? silentLogger },
    { ...SETTINGS, ...opts.settings },
  );
  await svc.init();
  return { store, clock, svc };
}

const b64 = (v: unknown) =>
  Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");
const parts = (token: string) => token.split(".") as [string, string, string];
const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(parts(token)[1], "base64url").toString());
const kidOf = (token: string) => decodeProtectedHeader(token).kid as string;

/** Signs arbitrary claims with a real key of the ring: a valid signature over bad claims. */
async function forge(store: MemoryKeyStore, kid: string, claims: JWTPayload) {
  const key = await importJWK(store.records.get(kid)!.privateJwk, "ES256");
  return new SignJWT(claims).setProtectedHeader({ alg: "ES256", typ: "JWT", kid }).sign(key);
}

async function refused(svc: TokenService, token: string, reason: RegExp) {
  await assert.rejects(svc.verify(token), (err: unknown) => {
    assert.ok(err instanceof DrydockError, `a DrydockError, got ${err}`);
    assert.equal(err.code, "UNAUTHORIZED");
    assert.match(err.message, reason);
    return true;
  });
}

test("round trip: issue, then verify gives back the claims", async () => {
  const { svc, clock } = await setup();
  const issued = await svc.issue("u-1", PULL, {
    kind: "robot",
    extra: { name: "ci", iss: "evil", access: [] },
  });
  assert.equal(issued.expiresIn, 300);
  assert.equal(issued.issuedAt, clock.now().toISOString());
  assert.deepEqual(decodeProtectedHeader(issued.token), {
    alg: "ES256",
    typ: "JWT",
    kid: svc.jwks().keys[0]!.kid,
  });

  const raw = payloadOf(issued.token);
  const iat = clock.now().getTime() / 1000;
  assert.deepEqual(
    { iss: raw.iss, aud: raw.aud, iat: raw.iat, nbf: raw.nbf, exp: raw.exp, name: raw.name },
    { iss: "drydock", aud: "registry.test", iat, nbf: iat, exp: iat + 300, name: "ci" },
    "registered claims win over extras; times come from the injected clock",
  );
  assert.match(raw.jti, /^[A-Za-z0-9_-]{22}$/, "128 random bits");

  const v = await svc.verify(issued.token);
  assert.deepEqual(
    { ...v, access: [...v.access] },
    { sub: "u-1", access: PULL, exp: iat + 300, iat, jti: raw.jti, kind: "robot" },
  );
  assert.equal(await svc.verify(issued.token), v, "a second verify is a cache hit");
  assert.notEqual(
    (await svc.issue("u-1", PULL)).token,
    issued.token,
    "every token has its own jti",
  );
});

test("a token lives at most ttlSeconds; shorter is allowed", async () => {
  const { svc } = await setup();
  assert.equal((await svc.issue("u", PULL, { ttlSeconds: 60 })).expiresIn, 60);
  assert.equal((await svc.issue("u", PULL, { ttlSeconds: 86400 })).expiresIn, 300);
});

test("a cached token is still refused once expired", async () => {
  const { svc, clock } = await setup();
  const { token } = await svc.issue("u", PULL);
  await svc.verify(token);
  clock.advance(299_000);
  await svc.verify(token);
  clock.advance(1_000);
  await refused(svc, token, /expired/);
});

type Ctx = Awaited<ReturnType<typeof setup>> & { store: MemoryKeyStore; kid: string; good: string };
const ATTACKS: { name: string; make: (c: Ctx) => Promise<string> | string; reason: RegExp }[] = [
  {
    name: "alg none (unsigned)",
    make: (c) => `${b64({ alg: "none", typ: "JWT", kid: c.kid })}.${parts(c.good)[1]}.`,
    reason: /alg none/,
  },
  {
    name: "alg NONE, spelled otherwise",
    make: (c) => `${b64({ alg: "NONE", kid: c.kid })}.${parts(c.good)[1]}.`,
    reason: /alg none/,
  },
  {
    name: "HS256 with the public JWK as the HMAC secret",
    make: (c) => {
      const secret = JSON.stringify(c.svc.jwks().keys[0]);
      const input = `${b64({ alg: "HS256", typ: "JWT", kid: c.kid })}.${parts(c.good)[1]}`;
      return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
    },
    reason: /algorithm "HS256" refused: only ES256/,
  },
  {
    name: "HS256 with the public key PEM as the HMAC secret",
    make: (c) => {
      const jwk = c.store.records.get(c.kid)!.publicJwk;
      const pem = createPublicKey({ key: jwk as never, format: "jwk" }).export({
        type: "spki",
        format: "pem",
      });
      const input = `${b64({ alg: "HS256", typ: "JWT", kid: c.kid })}.${parts(c.good)[1]}`;
      return `${input}.${createHmac("sha256", pem).update(input).digest("base64url")}`;
    },
    reason: /only ES256/,
  },
  {
    name: "RS256 header",
    make: (c) => `${b64({ alg: "RS256", kid: c.kid })}.${parts(c.good)[1]}.${parts(c.good)[2]}`,
    reason: /only ES256/,
  },
  {
    name: "no kid",
    make: (c) => `${b64({ alg: "ES256", typ: "JWT" })}.${parts(c.good)[1]}.${parts(c.good)[2]}`,
    reason: /no key id/,
  },
  {
    name: "unknown kid",
    make: (c) =>
      `${b64({ alg: "ES256", typ: "JWT", kid: "x".repeat(43) })}.${parts(c.good)[1]}.${parts(c.good)[2]}`,
    reason: /signing key is unknown or was removed/,
  },
  {
    name: "kid removed by rotation",
    make: async (c) => {
      c.clock.advance(3600_000);
      await c.svc.rotateIfDue();
      c.clock.advance((300 + 61) * 1000);
      assert.deepEqual((await c.svc.rotateIfDue()).removed, [c.kid]);
      return c.good;
    },
    reason: /signing key is unknown or was removed/,
  },
  {
    name: "bad signature (one byte changed)",
    make: (c) => {
      const [h, p, s] = parts(c.good);
      const sig = Buffer.from(s, "base64url");
      sig[10]! ^= 1;
      return `${h}.${p}.${sig.toString("base64url")}`;
    },
    reason: /bad token signature/,
  },
  {
    name: "payload edited after signing (access widened)",
    make: (c) => {
      const [h, , s] = parts(c.good);
      const p = payloadOf(c.good);
      p.access = [{ type: "repository", name: "team/app", actions: ["pull", "push", "delete"] }];
      return `${h}.${b64(p)}.${s}`;
    },
    reason: /bad token signature/,
  },
  {
    name: "expired",
    make: (c) => {
      c.clock.advance(300_000);
      return c.good;
    },
    reason: /token expired/,
  },
  {
    name: "not yet valid (issued 2 minutes in the future)",
    make: (c) => {
      c.clock.advance(-120_000);
      return c.good;
    },
    reason: /not yet valid \(nbf/,
  },
  {
    name: "iat in the future, nbf fine",
    make: (c) => {
      const now = c.clock.now().getTime() / 1000;
      return forge(c.store, c.kid, { ...payloadOf(c.good), iat: now + 600 });
    },
    reason: /not yet valid \(iat/,
  },
  {
    name: "wrong issuer",
    make: (c) => forge(c.store, c.kid, { ...payloadOf(c.good), iss: "someone-else" }),
    reason: /wrong token issuer/,
  },
  {
    name: "wrong audience",
    make: (c) => forge(c.store, c.kid, { ...payloadOf(c.good), aud: "other.registry" }),
    reason: /wrong token audience/,
  },
  {
    name: "no exp",
    make: (c) => forge(c.store, c.kid, { ...payloadOf(c.good), exp: undefined }),
    reason: /claim exp is missing/,
  },
  {
    name: "access is a string",
    make: (c) =>
      forge(c.store, c.kid, { ...payloadOf(c.good), access: "repository:team/app:push" }),
    reason: /access claim/,
  },
  {
    name: "access entry without actions",
    make: (c) =>
      forge(c.store, c.kid, { ...payloadOf(c.good), access: [{ type: "repository", name: "x" }] }),
    reason: /access claim/,
  },
  {
    name: "token from another TokenService (other key ring)",
    make: async () => (await (await setup()).svc.issue("u-1", PULL)).token,
    reason: /signing key is unknown or was removed/,
  },
  {
    name: "token from another TokenService, relabelled with our kid",
    make: async (c) => {
      const [, p, s] = parts((await (await setup()).svc.issue("u-1", PULL)).token);
      return `${b64({ alg: "ES256", typ: "JWT", kid: c.kid })}.${p}.${s}`;
    },
    reason: /bad token signature/,
  },
  ...[
    "",
    "garbage",
    "a.b.c",
    "..",
    "a.b",
    "a.b.c.d",
    "x".repeat(20_000),
    `${b64("{not json")}.e30.`,
  ].map((g) => ({
    name: `garbage ${JSON.stringify(g.slice(0, 20))}`,
    make: () => g,
    reason: /malformed/,
  })),
];

for (const attack of ATTACKS) {
  test(`refused: ${attack.name}`, async () => {
    const base = await setup();
    const good = (await base.svc.issue("u-1", PULL)).token;
    const ctx = { ...base, store: base.store as MemoryKeyStore, kid: kidOf(good), good };
    await base.svc.verify(good); // the cache must not let the attack through either
    await refused(base.svc, await attack.make(ctx), attack.reason);
  });
}

test("rotation: new kid signs, the old one verifies until retired + ttl, then is removed", async () => {
  const logs: [string, Record<string, unknown> | undefined][] = [];
  const log: Logger = { ...silentLogger, info: (m, f) => void logs.push([m, f]), child: () => log };
  const store = new MemoryKeyStore();
  const { svc, clock } = await setup({ store, log });
  const kid1 = svc.jwks().keys[0]!.kid!;
  assert.deepEqual(await svc.rotateIfDue(), { rotated: false, removed: [] });

  clock.advance(3590_000);
  const old = (await svc.issue("u", PULL)).token;
  clock.advance(10_000);
  const [a, b] = await Promise.all([svc.rotateIfDue(), svc.rotateIfDue()]);
  assert.deepEqual(a, { rotated: true, removed: [] });
  assert.equal(a, b, "concurrent callers share one rotation");
  const fresh = (await svc.issue("u", PULL)).token;
  const kid2 = kidOf(fresh);
  assert.notEqual(kid2, kid1);
  assert.equal(kidOf(old), kid1);
  assert.deepEqual(
    svc
      .jwks()
      .keys.map((k) => k.kid)
      .sort(),
    [kid1, kid2].sort(),
  );
  assert.equal(store.records.get(kid1)!.retiredAt, clock.now().getTime());
  assert.ok(
    logs.some(([m, f]) => m === "signing key rotated" && f?.kid === kid2 && f.previousKid === kid1),
  );

  clock.advance(280_000);
  assert.equal((await svc.verify(old)).sub, "u", "the old key still verifies its tokens");
  assert.deepEqual(await svc.rotateIfDue(), { rotated: false, removed: [] });

  clock.advance(80_000); // retired 360 s ago: not yet past ttl + 60 s
  assert.deepEqual((await svc.rotateIfDue()).removed, []);
  clock.advance(1_000);
  assert.deepEqual(await svc.rotateIfDue(), { rotated: false, removed: [kid1] });
  assert.ok(logs.some(([m, f]) => m === "signing key removed" && f?.kid === kid1));
  assert.deepEqual(
    svc.jwks().keys.map((k) => k.kid),
    [kid2],
    "JWKS lists exactly the kept keys",
  );
  assert.deepEqual([...store.records.keys()], [kid2]);
  await refused(svc, old, /unknown or was removed/);
  await refused(svc, fresh, /expired/);
  const later = (await svc.issue("u", PULL)).token;
  assert.equal(kidOf(later), kid2);
  assert.equal((await svc.verify(later)).sub, "u");
});

test("JWKS: public keys only, with kid, alg and use", async () => {
  const { svc } = await setup();
  const [key, ...rest] = svc.jwks().keys;
  assert.equal(rest.length, 0);
  assert.deepEqual(Object.keys(key!).sort(), ["alg", "crv", "kid", "kty", "use", "x", "y"]);
  assert.deepEqual([key!.alg, key!.use, key!.kty, key!.crv], ["ES256", "sig", "EC", "P-256"]);
});

test("restart: a new TokenService over the same key files reuses the keys", async () => {
  const dir = join(mkdtempSync(join(tmpdir(), "drydock-tokens-")), "keys");
  const first = await setup({ store: new FsKeyStore(dir) });
  const { token } = await first.svc.issue("u-9", PULL);

  const second = await setup({ store: new FsKeyStore(dir) });
  assert.deepEqual(second.svc.jwks(), first.svc.jwks());
  assert.equal((await second.svc.verify(token)).sub, "u-9");
  assert.equal(
    kidOf((await second.svc.issue("u", PULL)).token),
    kidOf(token),
    "no new key on restart",
  );

  assert.equal(statSync(dir).mode & 0o777, 0o700);
  const files = readdirSync(dir);
  assert.deepEqual(files, [`${kidOf(token)}.json`]);
  for (const f of files) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600);
});

test("a replica learns of a key another replica rotated in", async () => {
  const store = new MemoryKeyStore();
  const a = await setup({ store });
  const b = await setup({ store });
  a.clock.advance(3600_000);
  await a.svc.rotateIfDue();
  const { token } = await a.svc.issue("u", PULL);
  b.clock.advance(3600_000);
  assert.equal((await b.svc.verify(token)).sub, "u");
});
