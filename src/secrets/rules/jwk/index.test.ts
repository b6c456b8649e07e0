import assert from "node:assert/strict";
import {
  createECDH,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
} from "node:crypto";
import { describe, test } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { rules } from "./index.ts";

/*
 * Keys are made at test time. The short ones come from fixed seeds, so a test never meets a
 * random `xxxx` (a placeholder marker) by chance; the RSA key is long enough not to care.
 */
const rule = rules[0]!;
const seed = (label: string) => createHash("sha256").update(label).digest();
const ecdh = createECDH("prime256v1");
ecdh.setPrivateKey(seed("jwk-ec"));
const point = ecdh.getPublicKey();
const ecJwk = {
  kty: "EC",
  crv: "P-256",
  x: point.subarray(1, 33).toString("base64url"),
  y: point.subarray(33).toString("base64url"),
  d: seed("jwk-ec").toString("base64url"),
};
const ec = { privateKey: createPrivateKey({ key: ecJwk, format: "jwk" }) };
const edDer = Buffer.concat([
  Buffer.from("302e020100300506032b657004220420", "hex"),
  seed("jwk-ed"),
]);
const edKey = createPrivateKey({ key: edDer, format: "der", type: "pkcs8" });
const ed = { privateKey: edKey, publicKey: createPublicKey(edKey) };
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });

const jwk = (k: { export(o: { format: "jwk" }): object }) => k.export({ format: "jwk" });
const randomish = (label: string) => seed(label).toString("base64url");
const oct = { kty: "oct", alg: "HS256", k: randomish("jwk-oct") };

describe("jwk-private-key", () => {
  const found: [string, string][] = [
    ["an EC private JWK", JSON.stringify({ ...jwk(ec.privateKey), kid: "k1" })],
    ["an RSA private JWK, pretty-printed", JSON.stringify(jwk(rsa.privateKey), null, 2)],
    [
      "an Ed25519 private key in a JWKS",
      JSON.stringify({ keys: [{ ...jwk(ed.privateKey), use: "sig" }] }),
    ],
    ["a symmetric (oct) key", JSON.stringify(oct)],
  ];
  const notFound: [string, string][] = [
    ["a public EC JWK", JSON.stringify({ ...ecJwk, d: undefined })],
    ["a public JWKS", JSON.stringify({ keys: [jwk(rsa.publicKey), jwk(ed.publicKey)] })],
    [
      'a "d" member that is not a JWK',
      JSON.stringify({ d: randomish("jwk-other"), kty_hint: "x" }),
    ],
    ["k in a non-oct key", JSON.stringify({ kty: "EC", k: randomish("jwk-other") })],
    ["docs with a short placeholder", '{"kty":"EC","crv":"P-256","d":"...","x":"...","y":"..."}'],
  ];
  for (const [name, text] of found) test(`finds: ${name}`, () => assert.ok(ruleFinds(rule, text)));
  for (const [name, text] of notFound)
    test(`does not find: ${name}`, () => assert.ok(!ruleFinds(rule, text)));

  test("the secret is the d value", () => {
    const key = jwk(ec.privateKey) as { d: string };
    assert.deepEqual(
      ruleCandidates(rule, JSON.stringify(key)).map((c) => c.secret),
      [key.d],
    );
  });
});
