// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${X}` references are test inputs
import assert from "node:assert/strict";
import { createHash, generateKeyPairSync } from "node:crypto";
import { describe, test } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { rules } from "./index.ts";

/*
 * Passwords and hashes are derived at test time from labels and keys are generated, so the
 * repository holds no credential for our own scan to find. The hashes have the real shapes
 * (alphabet, lengths, prefixes); only {SHA} is computed for real, the others need no KDF here.
 */
const digest = (label: string) => createHash("sha256").update(label).digest();
const pw = (label: string, n = 16) => digest(label).toString("base64url").slice(0, n);
const b64 = (s: string) => Buffer.from(s).toString("base64");
const rule = (id: string) => rules.find((r) => r.meta.id === id)!;

/** The crypt(3) alphabet, `n` chars derived from a label. */
function crypt64(label: string, n: number): string {
  const A = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const bytes = Buffer.concat([digest(label), digest(`${label}+`), digest(`${label}++`)]);
  return [...bytes.subarray(0, n)].map((b) => A[b % 64]).join("");
}
const bcrypt = (label: string) => `$2y$10$${crypt64(label, 53)}`;
const apr1 = (label: string) => `$apr1$${crypt64(`${label}s`, 8)}$${crypt64(label, 22)}`;
const sha = (password: string) => `{SHA}${createHash("sha1").update(password).digest("base64")}`;
const sha512crypt = (label: string) => `$6$${crypt64(`${label}s`, 16)}$${crypt64(label, 86)}`;
const yescrypt = (label: string) => `$y$j9T$${crypt64(`${label}s`, 22)}$${crypt64(label, 43)}`;

const dockerConfig = (auths: object) => JSON.stringify({ auths }, null, 2);
const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const keyPem = privateKey.export({ type: "sec1", format: "pem" }) as string;

const CASES: { id: string; found: string[]; notFound: string[]; secret?: string }[] = [
  {
    id: "kubernetes-dockerconfigjson",
    found: [
      `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${b64(dockerConfig({ "registry.corp.net": { username: "ci", password: pw("k1"), auth: b64(`ci:${pw("k1")}`) } }))}\n`,
      JSON.stringify({
        data: {
          ".dockerconfigjson": b64(
            JSON.stringify({ auths: { "quay.io": { auth: b64(`robot:${pw("k2", 32)}`) } } }),
          ),
        },
      }),
    ],
    notFound: [
      `data:\n  .dockerconfigjson: ${b64(dockerConfig({ "registry.corp.net": {} }))}\n`,
      `data:\n  .dockerconfigjson: ${b64(dockerConfig({ "r.io": { username: "u", password: "${REGISTRY_PASSWORD}" } }))}\n`,
      "data:\n  .dockerconfigjson: <base64-encoded-docker-config>\n",
    ],
  },
  {
    id: "kubeconfig-client-key",
    found: [
      `users:\n- name: admin\n  user:\n    client-certificate-data: ${b64("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")}\n    client-key-data: ${b64(keyPem)}\n`,
      JSON.stringify({ users: [{ name: "ci", user: { "client-key-data": b64(keyPem) } }] }),
    ],
    notFound: [
      "    client-key-data: REDACTED\n",
      "    client-key-data: LS0tLS1CRUdJTi...\n",
      `    client-key-data: ${b64("-----BEGIN CERTIFICATE-----\n".padEnd(200, "A"))}\n`,
    ],
  },
  {
    id: "pgpass-password",
    secret: pw("g1"),
    found: [
      `db.internal:5432:app:app:${pw("g1")}\n*:*:*:replicator:${pw("g2")}\n`,
      `pgbouncer:6432:*:stats:${pw("g3")}`,
      `10.0.0.5:5433:orders:svc:${pw("g4", 8)}\\:${pw("g5", 8)}`, // an escaped colon
    ],
    notFound: [
      "hostname:port:database:username:password",
      "localhost:5432:*:postgres:postgres",
      "*:*:*:*:*",
      "root:x:0:0:root:/root:/bin/bash",
      "2024-01-01 12:54:32:ERROR:something",
    ],
  },
  {
    id: "netrc-password",
    secret: pw("n1"),
    found: [
      `machine api.heroku.com\n  login me@corp.net\n  password ${pw("n1")}\n`,
      `machine artifacts.corp.net login ci password ${pw("n2")}`,
      `default login deploy password ${pw("n3")}`,
    ],
    notFound: [
      "machine github.com login octocat password $GITHUB_TOKEN",
      "machine example.com login user password password",
      "a virtual machine with password secret123 is not a netrc entry",
      "machine api.corp.net login ci\n",
      "default login anonymous password user@site", // anonymous FTP: an e-mail by convention
    ],
  },
  {
    id: "htpasswd-hash",
    found: [
      `admin:${bcrypt("h1")}\nci:${apr1("h2")}\n`,
      `deploy:${sha(pw("h3"))}`,
      `registry:${bcrypt("h4").replace("$2y$", "$2b$")}`,
    ],
    notFound: ["admin:$2y$10$...", `# admin:${bcrypt("h5")}`, `hash = "${bcrypt("h6")}"`],
  },
  {
    id: "shadow-password-hash",
    found: [
      `root:${sha512crypt("s1")}:19700:0:99999:7:::\n`,
      `daemon:*:19700:0:99999:7:::\napp:${yescrypt("s2")}:19700:0:99999:7:::\n`,
    ],
    notFound: [
      "root:*:19700:0:99999:7:::\n",
      "root:!:19700:0:99999:7:::\nnobody:!*:19700::::::\n",
      "root:x:0:0:root:/root:/bin/bash\n",
    ],
  },
];

describe("credential-files rules", () => {
  test("every rule has a table", () => {
    assert.deepEqual(CASES.map((c) => c.id).sort(), rules.map((r) => r.meta.id).sort());
  });
  for (const c of CASES) {
    test(`${c.id}: finds`, () => {
      assert.ok(c.found.length >= 2);
      for (const text of c.found) assert.ok(ruleFinds(rule(c.id), text), text);
    });
    test(`${c.id}: does not find`, () => {
      assert.ok(c.notFound.length >= 2);
      for (const text of c.notFound) assert.ok(!ruleFinds(rule(c.id), text), text);
    });
    if (c.secret !== undefined)
      test(`${c.id}: the secret is the credential`, () => {
        assert.deepEqual(
          ruleCandidates(rule(c.id), c.found[0]!)
            .map((x) => x.secret)
            .slice(0, 1),
          [c.secret],
        );
      });
  }

  test("both lines of a .pgpass are reported", () => {
    const text = CASES.find((c) => c.id === "pgpass-password")!.found[0]!;
    assert.equal(ruleCandidates(rule("pgpass-password"), text).length, 2);
  });
});
