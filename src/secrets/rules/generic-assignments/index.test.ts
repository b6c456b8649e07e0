// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${X}` references are test inputs
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { describe, test } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { rules } from "./index.ts";

/*
 * Values are derived at test time from labels (deterministic, random-looking): the repository
 * holds no literal for our own scan to find.
 */
const digest = (label: string) => createHash("sha256").update(label).digest();
/** A password: base64url with a punctuation mark, `n` characters. */
const pw = (label: string, n = 14) =>
  `${digest(label)
    .toString("base64url")
    .slice(0, n - 1)}!`;
const hex = (label: string, n = 32) => digest(label).toString("hex").slice(0, n);
const b64 = (label: string, n = 40) =>
  Buffer.concat([digest(label), digest(`${label}+`)])
    .toString("base64")
    .slice(0, n);
const rule = (id: string) => rules.find((r) => r.meta.id === id)!;

interface Case {
  id: string;
  found: string[];
  notFound: string[];
  /** For found[0]: the value the rule must report. */
  secret?: string;
}

const CASES: Case[] = [
  {
    id: "generic-password",
    secret: pw("p1"),
    found: [
      `password = "${pw("p1")}"`, // Python, TOML, INI
      `DB_PASSWORD=${pw("p2")}\n`, // .env
      `db.password = ${pw("p13")} # rotated monthly\n`, // INI with a comment
      `  password: '${pw("p3")}'\n`, // YAML
      `{"username": "svc", "password": "${pw("p4")}"}`, // JSON
      `export MYSQL_ROOT_PASSWORD="${pw("p5")}"`, // shell
      `password := "${pw("p6")}"`, // Go
      `private static final String PASSWORD = "${pw("p7")}";`, // Java
      `config["smtp_passwd"] = '${pw("p8")}'`, // Ruby, Python
      `spring.datasource.password=${pw("p9")}`, // properties
      `def connect(password: str = "${pw("p10")}"):`, // Python, annotated
      `mysqldump --user=backup --password=${pw("p11")} shop > shop.sql`,
      `'db_passphrase' => '${pw("p12")}',`, // PHP
    ],
    notFound: [
      'password = "${DB_PASSWORD}"',
      "password: <password>",
      'password = os.environ["DB_PASSWORD"]',
      'password = os.getenv("DB_PASSWORD")',
      "const password = process.env.DB_PASSWORD;",
      'password = "changeme"',
      "password=aaaaaaaa",
      "password=12345678",
      'password: "{{ vault_db_password }}"',
      "password: ${{ secrets.DB_PASSWORD }}",
      "PASSWORD=$DB_PASSWORD",
      'password = "********"',
      "password = user.password",
      "password: hashedPassword,",
      "const password = req.body.password;",
      'password = input("Password: ")',
      "password_min_length = 12345678",
      'if password == "hunter2hunter2":',
      'password = "/run/secrets/db_password"',
      'password: "PASSWORD_FIELD"',
      'password: "login.form.password"',
      '"password": "Enter your password"',
      'password_hash = "$2b$12$abcdefghijklmnopqrstuv"',
      `Server=sql01;User Id=app;Password=${pw("p-ado")};`, // a connection string's (another rule)
      `https://api.corp.net/login?user=a&password=${pw("p-query")}`, // a query string
      `bind_password = "${pw("p-ldap")}"`, // the LDAP rule's
      "password = some_variable_name",
      "PWD=/home/user/src",
      "let pwd = a:dict.istemp ? a:dict.tmpdir : ''", // Vim script
      "password = pw1Xq7zL9k + suffix", // an expression
      "/** A password: base64url with a punctuation mark. */", // prose
      "The password: abc123def is what you type", // prose
      'password = "correct-horse-battery"',
      `password = "${"Ab1!".repeat(2)}"`, // low entropy
    ],
  },
  {
    id: "generic-secret",
    secret: b64("s1"),
    found: [
      `SECRET_KEY = "${b64("s1")}"`,
      `JWT_SECRET=${hex("s2", 48)}\n`,
      `secret_key_base: ${hex("s3", 64)}\n`,
      `app.secret = '${b64("s4", 32)}'`,
      `SECRET_KEY = 'django-insecure-${hex("s5", 20)}^&*(-_=+)'`,
    ],
    notFound: [
      "secret: mysecretname",
      'secret = "${APP_SECRET}"',
      `client_secret = "${b64("s6")}"`, // generic-client-secret
      `api_secret = "${b64("s7")}"`, // generic-api-key
      "secretName: registry-credentials",
      "secret_key = get_secret_key()",
      'SECRET_KEY = "your-secret-key-here"',
      'secret = "abcdefabcdefabcdef"',
    ],
  },
  {
    id: "generic-api-key",
    secret: hex("a1"),
    found: [
      `api_key = "${hex("a1")}"`,
      `API_KEY=${b64("a2", 32)}`,
      `const apiKey = "${b64("a3", 39)}";`,
      `X-API-Key: ${hex("a4", 40)}`.replace("X-API-Key:", "x-api-key:"),
      `"api_token": "${b64("a5", 24)}"`,
    ],
    notFound: [
      "api_key = get_key()",
      'api_key = os.environ["API_KEY"]',
      'apiKey: "<YOUR_API_KEY>"',
      'api_key = "your_api_key_here"',
      "api_key: ${API_KEY}",
      "api_key = settings.API_KEY",
      "API_KEY=",
      'api_key = "aaaaaaaaaaaaaaaa"',
      'api_key = "https://api.corp.net/v1/keys"',
    ],
  },
  {
    id: "generic-access-token",
    found: [
      `access_token = "${b64("t1", 36)}"`,
      `"refresh_token": "${b64("t2", 48).replace(/[+/]/g, "x")}"`,
      `ACCESS_TOKEN=${hex("t3", 40)}`,
    ],
    notFound: [
      'access_token = response.json()["access_token"]',
      "access_token: {{ token }}",
      'access_token = "ACCESS_TOKEN_PLACEHOLDER"',
      `access_token = "${(() => {
        const input = `${Buffer.from('{"alg":"HS256"}').toString("base64url")}.${Buffer.from('{"sub":"x"}').toString("base64url")}`;
        return `${input}.${createHmac("sha256", "k").update(input).digest("base64url")}`;
      })()}"`, // a JWT: the jwt rule's
    ],
  },
  {
    id: "generic-auth-token",
    found: [
      `AUTH_TOKEN="${hex("u1", 40)}"`,
      `//registry.npmjs.org/:_authToken=${b64("u2", 36).replace(/[+/]/g, "Z")}`,
      `bearer_token: ${b64("u3", 30)}`,
    ],
    notFound: [
      "auth_token = session.get_token()",
      "auth_token=sdf23409df", // too short for a token: a docstring example
      "authToken: process.env.AUTH_TOKEN",
      'auth_token = ""',
    ],
  },
  {
    id: "generic-client-secret",
    found: [
      `client_secret = "${b64("c1", 40)}"`,
      `"clientSecret": "${hex("c2", 32)}"`,
      `OAUTH_CONSUMER_SECRET=${b64("c3", 30)}`,
    ],
    notFound: [
      "client_secret: ${OAUTH_CLIENT_SECRET}",
      "clientSecret: <client-secret>",
      'client_secret = "client_secret_value"',
    ],
  },
  {
    id: "generic-private-key",
    found: [`PRIVATE_KEY=0x${hex("k1", 64)}`, `"privateKey": "${b64("k2", 44)}"`],
    notFound: [
      'private_key = "/etc/ssl/private/server.key"',
      "private_key: ${SSH_PRIVATE_KEY}",
      `private_key = "${hex("k3", 16)}"`, // too short for a private key
      'private_key_path = "keys/id_ed25519"',
    ],
  },
  {
    id: "generic-xml-credential",
    secret: pw("x1"),
    found: [
      `<server>\n  <id>nexus</id>\n  <username>deploy</username>\n  <password>${pw("x1")}</password>\n</server>`,
      `<add key="ApiKey" value="x" /><apiKey>${hex("x2", 32)}</apiKey>`,
      `<db.password>${pw("x3")}</db.password>`,
      `<clientSecret>${b64("x4", 30)}</clientSecret>`,
    ],
    notFound: [
      "<password>${env.NEXUS_PASSWORD}</password>",
      "<password>{COQLCE6DU6GtcS5P=}</password>", // Maven's encrypted form
      "<password></password>",
      "<password>changeme</password>",
      "<password>aaaaaaaaaa</password>",
      "<passwordPolicy>StrongPolicy1</passwordPolicy>",
      "<password>\n  <value>x</value>\n</password>",
    ],
  },
];

describe("generic-assignments rules", () => {
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
      test(`${c.id}: the secret is the value, without quotes`, () => {
        assert.deepEqual(
          ruleCandidates(rule(c.id), c.found[0]!).map((x) => x.secret),
          [c.secret],
        );
      });
  }

  test("each example is reported by one rule of this family", () => {
    for (const c of CASES)
      for (const text of c.found) {
        const hits = rules.filter((r) => ruleFinds(r, text)).map((r) => r.meta.id);
        assert.deepEqual(hits, [c.id], text);
      }
  });

  test("an ordinary source file reports nothing", () => {
    const source = [
      "def login(username: str, password: str) -> Session:",
      "    if not password:",
      '        raise ValueError("password required")',
      "    hashed = hash_password(password, salt=settings.PASSWORD_SALT)",
      '    token = request.headers.get("Authorization")',
      "    api_key = config.api_key or os.environ.get('API_KEY')",
      "    secret = vault.read(path)['secret']",
      "    return Session(user=username, password=hashed, api_key=api_key)",
      "",
      "PASSWORD_MIN_LENGTH = 12",
      "password_regex = r'^(?=.*[A-Z]).{12,}$'",
      "client_secret = None",
      "ACCESS_TOKEN_TTL = 3600",
      "export PASSWORD_FILE=/run/secrets/db",
      '<input type="password" name="password" autocomplete="current-password">',
    ].join("\n");
    assert.deepEqual(
      rules.filter((r) => ruleFinds(r, source)).map((r) => r.meta.id),
      [],
    );
  });
});
