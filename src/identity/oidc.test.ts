import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, test } from "node:test";
import { type OidcIssuer, startOidcIssuer } from "../../test/helpers/oidc-issuer.ts";
import { ManualClock } from "../core/clock.ts";
import { DrydockError } from "../core/errors.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { claimsMatch, OidcVerifier, type OidcVerifierSettings, type TrustPolicy } from "./oidc.ts";

const T = { timeout: 20_000 };

/** A GitHub-Actions-like ID token's claims. */
const GITHUB = {
  repository: "org/app",
  ref: "refs/heads/main",
  sub: "repo:org/app:ref:refs/heads/main",
  aud: "drydock",
  repository_id: 123456,
};

function policyFor(issuer: string, over: Partial<TrustPolicy> = {}): TrustPolicy {
  return {
    id: "ci",
    namespace: "org",
    issuer,
    audience: "drydock",
    claims: { repository: "org/app", ref: "refs/heads/*" },
    permissions: [{ repositories: "app", actions: ["pull", "push"] }],
    ...over,
  };
}

interface Setup {
  clock: ManualClock;
  idp: OidcIssuer;
  verifier: OidcVerifier;
  policy: TrustPolicy;
  warnings: string[];
}

function recordingLogger(warnings: string[]): Logger {
  const log: Logger = {
    ...silentLogger,
    warn(msg, fields) {
      warnings.push(`${msg} ${JSON.stringify(fields)}`);
    },
    child: () => log,
  };
  return log;
}

async function setup(
  t: { after(fn: () => Promise<void>): void },
  settings: Partial<OidcVerifierSettings> = {},
  alg?: "RS256" | "ES256" | "PS256" | "EdDSA",
): Promise<Setup> {
  const clock = new ManualClock(Date.now());
  // ES256 by default: RSA key generation would make every test slow.
  const idp = await startOidcIssuer({ clock, alg: alg ?? "ES256" });
  t.after(() => idp.close());
  const warnings: string[] = [];
  const verifier = new OidcVerifier(
    { clock, log: recordingLogger(warnings) },
    { allowedIssuers: [idp.issuer], allowInsecureHttp: true, ...settings },
  );
  return { clock, idp, verifier, policy: policyFor(idp.issuer), warnings };
}

async function refused(p: Promise<unknown>, reason: RegExp, token?: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof DrydockError, `not a DrydockError: ${err}`);
    assert.equal(err.code, "UNAUTHORIZED");
    assert.equal(err.status, 401);
    assert.match(err.message, reason);
    if (token && token.length > 20) {
      for (const part of token.split(".").filter((s) => s.length > 10))
        assert.ok(!err.message.includes(part), "the message echoes the token");
    }
    return true;
  });
}

describe("OidcVerifier.exchange", () => {
  test("a GitHub-Actions-like token matches its trust policy", T, async (t) => {
    const { idp, verifier, policy } = await setup(t, {}, "RS256");
    const token = await idp.sign(GITHUB);
    const out = await verifier.exchange(token, [policy]);
    assert.equal(out.policy, policy);
    assert.equal(out.subject, "org/ci:repo:org/app:ref:refs/heads/main");
    assert.equal(out.claims.repository, "org/app");
    assert.equal(out.claims.iss, idp.issuer);
    assert.deepEqual(idp.paths, ["/.well-known/openid-configuration", "/jwks"]);
    // Cached: a second token needs no request.
    await verifier.exchange(await idp.sign(GITHUB), [policy]);
    assert.equal(idp.requests, 2);
  });

  for (const alg of ["RS256", "ES256", "PS256", "EdDSA"] as const) {
    test(`accepts ${alg}`, T, async (t) => {
      const { idp, verifier, policy } = await setup(t, {}, alg);
      const out = await verifier.exchange(await idp.sign(GITHUB), [policy]);
      assert.equal(out.policy.id, "ci");
    });
  }

  test(
    "numbers are compared as strings; a trailing slash on the issuer is ignored",
    T,
    async (t) => {
      const { idp, clock } = await setup(t);
      const verifier = new OidcVerifier(
        { clock, log: silentLogger },
        { allowedIssuers: [`${idp.issuer}/`], allowInsecureHttp: true },
      );
      const policy = policyFor(`${idp.issuer}/`, { claims: { repository_id: "123456" } });
      const out = await verifier.exchange(await idp.sign(GITHUB), [policy]);
      assert.equal(out.policy, policy);
    },
  );

  test("clock skew of up to 60 s is tolerated", T, async (t) => {
    const { idp, verifier, policy, clock } = await setup(t);
    const now = Math.floor(clock.now().getTime() / 1000);
    await verifier.exchange(await idp.sign(GITHUB, { expiresIn: -30 }), [policy]);
    await verifier.exchange(await idp.sign({ ...GITHUB, nbf: now + 30, iat: now + 30 }), [policy]);
  });

  describe("refusals", () => {
    interface Case {
      name: string;
      reason: RegExp;
      token(s: Setup, other: OidcIssuer): Promise<string>;
      policies?(s: Setup): TrustPolicy[];
      /** The trusted issuer must not have been asked anything. */
      noRequests?: boolean;
    }
    const cases: Case[] = [
      {
        name: "untrusted issuer",
        reason: /^issuer http:\/\/127\.0\.0\.1:\d+ is not trusted$/,
        token: (_s, other) => other.sign(GITHUB),
        noRequests: true,
      },
      {
        name: "wrong audience",
        reason: /^no trust policy matches: audience is "other"$/,
        token: (s) => s.idp.sign({ ...GITHUB, aud: "other" }),
      },
      {
        name: "claim mismatch",
        reason: /^no trust policy matches: claim repository is "org\/other"$/,
        token: (s) => s.idp.sign({ ...GITHUB, repository: "org/other" }),
      },
      {
        name: "glob is anchored",
        reason: /^no trust policy matches: claim ref is "x\/refs\/heads\/main"$/,
        token: (s) => s.idp.sign({ ...GITHUB, ref: "x/refs/heads/main" }),
      },
      {
        name: "missing claim",
        reason: /^no trust policy matches: claim ref is missing$/,
        token: (s) => s.idp.sign({ ...GITHUB, ref: undefined }),
      },
      {
        name: "array claim",
        reason: /^no trust policy matches: claim repository is not a string$/,
        token: (s) => s.idp.sign({ ...GITHUB, repository: ["org/app"] }),
      },
      {
        name: "policy without claim rules",
        reason: /^no trust policy matches: the trust policy has no claim rules$/,
        token: (s) => s.idp.sign(GITHUB),
        policies: (s) => [policyFor(s.idp.issuer, { claims: {} })],
      },
      {
        name: "no policy for the issuer",
        reason: /^no trust policy trusts issuer http:\/\/127\.0\.0\.1:\d+$/,
        token: (s) => s.idp.sign(GITHUB),
        policies: () => [policyFor("https://token.actions.githubusercontent.com")],
        noRequests: true,
      },
      {
        name: "expired",
        reason: /^token has expired$/,
        token: (s) => s.idp.sign(GITHUB, { expiresIn: -61 }),
      },
      {
        name: "no exp",
        reason: /^token has no exp claim$/,
        token: (s) => s.idp.sign({ ...GITHUB, exp: undefined }),
      },
      {
        name: "not yet valid",
        reason: /^token is not valid yet \(nbf\)$/,
        token: (s) =>
          s.idp.sign({ ...GITHUB, nbf: Math.floor(s.clock.now().getTime() / 1000) + 120 }),
      },
      {
        name: "issued in the future",
        reason: /^token was issued in the future \(iat\)$/,
        token: (s) =>
          s.idp.sign({ ...GITHUB, iat: Math.floor(s.clock.now().getTime() / 1000) + 120 }),
      },
      {
        name: "no sub",
        reason: /^token has no sub claim$/,
        token: (s) => s.idp.sign({ ...GITHUB, sub: undefined }),
      },
      {
        name: "signed by a key not in the JWKS (known kid)",
        reason: /^token signature is invalid$/,
        token: (s) => s.idp.sign(GITHUB, { unpublishedKey: true }),
      },
      {
        name: "signed by a key not in the JWKS (unknown kid)",
        reason: /^no key of issuer http:\/\/127\.0\.0\.1:\d+ matches the token \(kid nope\)$/,
        token: (s) => s.idp.sign(GITHUB, { unpublishedKey: true, kid: "nope" }),
      },
      {
        name: "alg none",
        reason: /^token algorithm none is not accepted/,
        token: (s) => s.idp.sign(GITHUB, { alg: "none" }),
        noRequests: true,
      },
      {
        name: "HS256 with the public key as secret",
        reason: /^token algorithm HS256 is not accepted/,
        token: (s) => s.idp.sign(GITHUB, { alg: "HS256" }),
        noRequests: true,
      },
      {
        name: "ES384",
        reason: /^token algorithm ES384 is not accepted/,
        token: (s) => s.idp.sign(GITHUB, { alg: "ES384" }),
        noRequests: true,
      },
      {
        name: "a second issuer's token claiming the first one's iss",
        reason: /^no key of issuer http:\/\/127\.0\.0\.1:\d+ matches the token/,
        token: (s, other) => other.sign({ ...GITHUB, iss: s.idp.issuer }),
      },
      {
        name: "a second issuer's token claiming the first one's iss and kid",
        reason: /^token signature is invalid$/,
        token: async (s, other) => {
          const real = await s.idp.sign(GITHUB);
          const kid = JSON.parse(Buffer.from(real.split(".")[0]!, "base64url").toString()).kid;
          return other.sign({ ...GITHUB, iss: s.idp.issuer }, { kid });
        },
      },
      {
        name: "oversize token",
        reason: /^token is larger than 16384 bytes$/,
        token: (s) => s.idp.sign({ ...GITHUB, pad: "x".repeat(17_000) }),
        noRequests: true,
      },
      {
        name: "garbage",
        reason: /^token is not a well-formed JWT$/,
        token: async () => "this is not a token",
        noRequests: true,
      },
      {
        name: "garbage in three parts",
        reason: /^token is not a well-formed JWT$/,
        token: async () => "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln",
        noRequests: true,
      },
      {
        name: "empty token",
        reason: /^no token$/,
        token: async () => "",
        noRequests: true,
      },
      {
        name: "no iss",
        reason: /^token has no iss claim$/,
        token: (s) => s.idp.sign({ ...GITHUB, iss: undefined }),
        noRequests: true,
      },
    ];

    for (const c of cases) {
      test(c.name, T, async (t) => {
        const s = await setup(t);
        const other = await startOidcIssuer({ clock: s.clock, alg: "ES256" });
        t.after(() => other.close());
        const token = await c.token(s, other);
        const policies = c.policies?.(s) ?? [s.policy];
        await refused(s.verifier.exchange(token, policies), c.reason, token);
        assert.equal(other.requests, 0, "the untrusted issuer was asked");
        if (c.noRequests) assert.equal(s.idp.requests, 0);
      });
    }
  });

  test("policy order decides; policies of other issuers are skipped", T, async (t) => {
    const { idp, verifier } = await setup(t);
    const broad = policyFor(idp.issuer, { id: "broad", claims: { repository: "org/*" } });
    const exact = policyFor(idp.issuer, { id: "exact", claims: { repository: "org/app" } });
    const foreign = policyFor("https://token.actions.githubusercontent.com", {
      id: "foreign",
      claims: { repository: "*" },
    });
    const token = await idp.sign(GITHUB);
    assert.equal((await verifier.exchange(token, [foreign, broad, exact])).policy.id, "broad");
    const out = await verifier.exchange(token, [exact, broad]);
    assert.equal(out.policy.id, "exact");
    assert.equal(out.subject, "org/exact:repo:org/app:ref:refs/heads/main");
    // The first policy with the right audience explains a refusal.
    const wrongAud = policyFor(idp.issuer, { id: "a", audience: "else" });
    const other = policyFor(idp.issuer, { id: "b", claims: { repository: "org/lib" } });
    await refused(
      verifier.exchange(token, [wrongAud, other]),
      /^no trust policy matches: claim repository is "org\/app"$/,
    );
  });

  test("key rotation is picked up, at most one refetch per few seconds", T, async (t) => {
    const { idp, verifier, policy, clock } = await setup(t);
    const before = await idp.sign(GITHUB);
    await verifier.exchange(before, [policy]);
    assert.equal(idp.requests, 2);

    await idp.rotateKey();
    const after = await idp.sign(GITHUB);
    // Keys were fetched a moment ago: an unknown kid does not refetch yet.
    await refused(verifier.exchange(after, [policy]), /^no key of issuer .* matches the token/);
    assert.equal(idp.requests, 2);

    clock.advance(6_000);
    await verifier.exchange(after, [policy]);
    assert.deepEqual(idp.paths.slice(2), ["/jwks"]);
    await verifier.exchange(before, [policy]); // the old key is still published
    // No kid and two published keys: each is tried.
    await verifier.exchange(await idp.sign(GITHUB, { header: { kid: undefined } }), [policy]);

    // Another unknown kid right after: refused without hammering the issuer.
    const stray = await idp.sign(GITHUB, { unpublishedKey: true, kid: "stray" });
    await refused(verifier.exchange(stray, [policy]), /matches the token \(kid stray\)/);
    assert.equal(idp.requests, 3);
  });

  test("keys expire after jwksCacheSeconds (discovery is fetched again)", T, async (t) => {
    const { idp, verifier, policy, clock } = await setup(t, { jwksCacheSeconds: 60 });
    await verifier.exchange(await idp.sign(GITHUB), [policy]);
    clock.advance(30_000);
    await verifier.exchange(await idp.sign(GITHUB), [policy]);
    assert.equal(idp.requests, 2);
    clock.advance(31_000);
    await verifier.exchange(await idp.sign(GITHUB), [policy]);
    assert.equal(idp.requests, 4);
  });

  test("concurrent first exchanges share one fetch", T, async (t) => {
    const { idp, verifier, policy } = await setup(t);
    const tokens = await Promise.all([1, 2, 3, 4, 5].map(() => idp.sign(GITHUB)));
    const outs = await Promise.all(tokens.map((tok) => verifier.exchange(tok, [policy])));
    assert.equal(outs.length, 5);
    assert.equal(idp.requests, 2);
  });

  test("issuer unreachable -> a clear error and a warning", T, async (t) => {
    const { idp, verifier, policy, warnings } = await setup(t);
    const token = await idp.sign(GITHUB);
    await idp.close();
    await refused(
      verifier.exchange(token, [policy]),
      /^cannot reach issuer http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED$/,
      token,
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^oidc issuer unreachable /);
  });

  test("an issuer that never answers is bounded by the timeout", T, async (t) => {
    const { idp, clock, warnings } = await setup(t);
    const hang = createServer(() => {});
    await new Promise<void>((resolve) => hang.listen(0, "127.0.0.1", resolve));
    t.after(
      () =>
        new Promise<void>((resolve) => {
          hang.close(() => resolve());
          hang.closeAllConnections();
        }),
    );
    const hangIss = `http://127.0.0.1:${(hang.address() as AddressInfo).port}`;
    const verifier = new OidcVerifier(
      { clock, log: recordingLogger(warnings) },
      { allowedIssuers: [hangIss], allowInsecureHttp: true, fetchTimeoutMs: 300 },
    );
    const token = await idp.sign({ ...GITHUB, iss: hangIss });
    const started = Date.now();
    await refused(
      verifier.exchange(token, [policyFor(hangIss)]),
      /^cannot reach issuer http:\/\/127\.0\.0\.1:\d+: no answer within 300 ms$/,
    );
    assert.ok(Date.now() - started < 5_000);
    assert.equal(warnings.length, 1);
  });

  test("a discovery document naming another issuer is refused", T, async (t) => {
    const clock = new ManualClock(Date.now());
    const idp = await startOidcIssuer({
      clock,
      alg: "ES256",
      discovery: { issuer: "https://evil.example" },
    });
    t.after(() => idp.close());
    const verifier = new OidcVerifier(
      { clock, log: silentLogger },
      { allowedIssuers: [idp.issuer], allowInsecureHttp: true },
    );
    await refused(
      verifier.exchange(await idp.sign(GITHUB), [policyFor(idp.issuer)]),
      /discovery document names issuer "https:\/\/evil\.example"$/,
    );
    assert.deepEqual(idp.paths, ["/.well-known/openid-configuration"]);
  });

  test("a plain-http jwks_uri on another origin is refused", T, async (t) => {
    const clock = new ManualClock(Date.now());
    const idp = await startOidcIssuer({
      clock,
      alg: "ES256",
      discovery: { jwks_uri: "http://127.0.0.2:1/jwks" },
    });
    t.after(() => idp.close());
    const verifier = new OidcVerifier(
      { clock, log: silentLogger },
      { allowedIssuers: [idp.issuer], allowInsecureHttp: true },
    );
    await refused(
      verifier.exchange(await idp.sign(GITHUB), [policyFor(idp.issuer)]),
      /jwks_uri http:\/\/127\.0\.0\.2:1\/jwks is neither https nor on the issuer's origin$/,
    );
  });

  test("http issuers need allowInsecureHttp; issuers must be URLs", () => {
    const deps = { clock: new ManualClock(), log: silentLogger };
    assert.throws(
      () => new OidcVerifier(deps, { allowedIssuers: ["http://127.0.0.1:1"] }),
      /does not use https/,
    );
    assert.throws(() => new OidcVerifier(deps, { allowedIssuers: ["issuer"] }), /not a URL/);
    new OidcVerifier(deps, { allowedIssuers: ["https://token.actions.githubusercontent.com"] });
  });

  test("an injected fetch is used and never called for an untrusted issuer", T, async (t) => {
    const { idp, clock, policy } = await setup(t);
    const urls: string[] = [];
    const verifier = new OidcVerifier(
      {
        clock,
        log: silentLogger,
        fetch: (input, init) => {
          urls.push(String(input));
          return fetch(input, init);
        },
      },
      { allowedIssuers: [idp.issuer], allowInsecureHttp: true },
    );
    await verifier.exchange(await idp.sign(GITHUB), [policy]);
    assert.deepEqual(urls, [
      `${idp.issuer}/.well-known/openid-configuration`,
      `${idp.issuer}/jwks`,
    ]);
  });
});

describe("claimsMatch", () => {
  const cases: [string, Record<string, string>, Record<string, unknown>, boolean][] = [
    ["exact", { repository: "org/app" }, { repository: "org/app" }, true],
    ["exact differs", { repository: "org/app" }, { repository: "org/app2" }, false],
    ["prefix glob", { ref: "refs/heads/*" }, { ref: "refs/heads/feature/x" }, true],
    ["glob matches nothing", { ref: "refs/heads/*" }, { ref: "refs/heads/" }, true],
    ["glob is anchored at the start", { ref: "refs/*" }, { ref: "x/refs/y" }, false],
    ["glob is anchored at the end", { ref: "*/main" }, { ref: "refs/heads/main2" }, false],
    ["middle glob", { sub: "repo:org/*:ref:*" }, { sub: "repo:org/app:ref:refs/tags/v1" }, true],
    ["lone star needs the claim", { env: "*" }, {}, false],
    ["lone star matches any value", { env: "*" }, { env: "" }, true],
    ["number", { id: "42" }, { id: 42 }, true],
    ["boolean", { pr: "false" }, { pr: false }, true],
    ["missing", { ref: "refs/heads/*" }, {}, false],
    ["null", { ref: "*" }, { ref: null }, false],
    ["array", { aud: "a" }, { aud: ["a"] }, false],
    ["object", { o: "*" }, { o: {} }, false],
    ["all rules must hold", { a: "1", b: "2" }, { a: "1", b: "3" }, false],
    ["empty rules match nothing", {}, { a: "1" }, false],
    ["prototype names are not claims", { toString: "*" }, {}, false],
    ["other characters are literal", { r: "a.c" }, { r: "abc" }, false],
    ["regex-looking rule", { r: "(a+)+$" }, { r: "(a+)+$" }, true],
  ];
  for (const [name, rules, claims, expected] of cases) {
    test(name, () => assert.equal(claimsMatch(rules, claims), expected));
  }

  test("pathological globs stay fast", () => {
    const started = Date.now();
    const value = "a".repeat(5_000);
    assert.equal(claimsMatch({ v: "*a*a*a*a*a*a*a*a*a*b" }, { v: value }), false);
    assert.equal(claimsMatch({ v: "*a*a*a*a*a*a*a*a*a*" }, { v: value }), true);
    assert.ok(Date.now() - started < 1_000);
  });
});
