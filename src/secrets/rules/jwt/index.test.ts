import assert from "node:assert/strict";
import { createHash, createHmac, createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import { describe, test } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { rules } from "./index.ts";

/* Tokens are signed here, at test time: the repository holds none for our own scan to find. */
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

function hs(alg: "HS256" | "HS512", payload: object, key = "drydock-test-key"): string {
  const input = `${b64({ alg, typ: "JWT" })}.${b64(payload)}`;
  const mac = createHmac(alg === "HS256" ? "sha256" : "sha512", key).update(input);
  return `${input}.${mac.digest("base64url")}`;
}

/** EdDSA from a fixed seed: deterministic, so the test never meets a random `xxxx` by chance. */
function eddsa(payload: object): string {
  const seed = createHash("sha256").update("jwt-test-seed").digest();
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
  const key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  const input = `${b64({ alg: "EdDSA", kid: "k1" })}.${b64(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), key).toString("base64url")}`;
}

function rs256(payload: object): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const input = `${b64({ alg: "RS256", typ: "JWT" })}.${b64(payload)}`;
  return `${input}.${sign("sha256", Buffer.from(input), privateKey).toString("base64url")}`;
}

const claims = {
  iss: "https://idp.drydock.test",
  sub: "robot$ci",
  aud: "registry",
  exp: 1900000000,
};
const rule = rules[0]!;

describe("jwt", () => {
  const found: [string, string][] = [
    ["HS256 in an env file", `API_TOKEN=${hs("HS256", claims)}\n`],
    ["HS512 in JSON", JSON.stringify({ token: hs("HS512", { ...claims, scope: "push" }) })],
    ["EdDSA in a header", `Authorization: Bearer ${eddsa(claims)}`],
    ["RS256 in YAML", `token: "${rs256(claims)}"`],
    ["alg none is still a token", `${b64({ alg: "none" })}.${b64(claims)}.`],
    ["expired tokens too", hs("HS256", { sub: "u1", exp: 1000000000 })],
  ];
  const notFound: [string, string][] = [
    ["a header without alg", `${b64({ typ: "JWT" })}.${b64(claims)}.${"A".repeat(43)}`],
    [
      "a payload that is not JSON",
      `${b64({ alg: "HS256" })}.${Buffer.from("not json").toString("base64url")}.${"A".repeat(43)}`,
    ],
    ["two parts only", `${b64({ alg: "HS256" })}.${b64(claims)}`],
    ["a docs token with ...", `${b64({ alg: "HS256" })}.eyJzdWIiOiIxMjM0NTY3ODkwIn0...`],
    ["a signed token with its signature cut", `${b64({ alg: "HS256" })}.${b64(claims)}.abc`],
    [
      "the jwt.io example",
      hs("HS256", { sub: "1234567890", name: "John Doe", iat: 1516239022 }, "your-256-bit-secret"),
    ],
    ["base64 of JSON, not a token", `data: ${b64({ alg: "HS256", long: "x".repeat(40) })}`],
    ["a docs token signed with 'secret'", hs("HS256", { some: "payload" }, "secret")],
    ["a docs token signed with 'shhhhh'", hs("HS512", { foo: "bar" }, "shhhhh")],
  ];
  for (const [name, text] of found) test(`finds: ${name}`, () => assert.ok(ruleFinds(rule, text)));
  for (const [name, text] of notFound)
    test(`does not find: ${name}`, () => assert.ok(!ruleFinds(rule, text)));

  test("the secret is the token, without its surroundings", () => {
    const token = hs("HS256", claims);
    const [c] = ruleCandidates(rule, `curl -H "Authorization: Bearer ${token}" https://x`);
    assert.equal(c?.secret, token);
  });
});
