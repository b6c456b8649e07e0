// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${X}` references are test inputs
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { hasUserinfo, rules } from "./index.ts";

/*
 * Passwords are derived at test time from a label (deterministic, random-looking), so the
 * repository holds no credential for our own scan to find.
 */
const pw = (label: string, n = 16) =>
  createHash("sha256").update(label).digest("base64url").slice(0, n);
/** A password with URL-special characters, written percent-encoded as RFC 3986 asks. */
const special = (label: string) => `${pw(label, 10)}!#%`;
const enc = encodeURIComponent;

interface Case {
  id: string;
  found: string[];
  notFound: string[];
  /** For the first found case: the password the rule must report. */
  secret?: string;
}

const CASES: Case[] = [
  {
    id: "postgres-connection-string",
    secret: pw("pg1"),
    found: [
      `DATABASE_URL=postgres://app:${pw("pg1")}@db.internal:5432/app?sslmode=require`,
      `url: "postgresql+psycopg2://svc:${enc(special("pg2"))}@10.0.0.5/orders"`,
      `psql 'postgresql://admin:${pw("pg3")}@p@pg.prod.local/db'`,
    ],
    notFound: [
      "DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app",
      "postgres://postgres:postgres@localhost:5432/postgres",
      "postgresql://user:password@localhost/mydb",
      "postgres://app@db.internal:5432/app",
      'f"postgresql://{user}:{password}@{host}/{db}"',
      'fmt.Sprintf("postgres://%s:%s@%s/%s", user, pass, host, db)',
      "postgres://app:****@db.internal/app",
      `postgres://app:${pw("pg4")}@example.com/app`,
    ],
  },
  {
    id: "mysql-connection-string",
    secret: pw("my1"),
    found: [
      `mysql://root:${pw("my1")}@mysql:3306/shop`,
      `SQLALCHEMY_DATABASE_URI = "mysql+pymysql://web:${pw("my2")}@rds.amazonaws.com/web"`,
      `jdbc:mysql://web:${pw("my3")}@db/web`,
    ],
    notFound: [
      "mysql://root:root@localhost/test",
      "mysql://root:$MYSQL_PASSWORD@db/app",
      "mysql://db.internal:3306/shop",
    ],
  },
  {
    id: "mariadb-connection-string",
    found: [
      `mariadb://app:${pw("ma1")}@maria:3306/app`,
      `url: mariadb://u1:${pw("ma2")}@10.1.1.1/x`,
    ],
    notFound: ["mariadb://app:<password>@maria/app", "mariadb://maria:3306/app"],
  },
  {
    id: "mongodb-connection-string",
    secret: pw("mo1"),
    found: [
      `MONGO_URL=mongodb+srv://ci:${pw("mo1")}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true`,
      `mongodb://root:${pw("mo2")}@mongo-0:27017,mongo-1:27017/admin?replicaSet=rs0`,
    ],
    notFound: [
      "mongodb+srv://<username>:<password>@cluster0.mongodb.net/test",
      "mongodb://mongo-0:27017,mongo-1:27017/admin",
      "mongodb://admin:%s@%s:27017",
    ],
  },
  {
    id: "redis-connection-string",
    secret: pw("re1"),
    found: [
      `REDIS_URL=redis://:${pw("re1")}@cache:6379/0`,
      `rediss://default:${pw("re2")}@redis.cloud:6380`,
    ],
    notFound: [
      "REDIS_URL=redis://cache:6379/0",
      "redis://:${REDIS_PASSWORD}@cache:6379",
      "redis://:pass@cache:6379",
    ],
  },
  {
    id: "amqp-connection-string",
    found: [
      `amqp://orders:${pw("am1")}@rabbitmq:5672/%2f`,
      `BROKER_URL="amqps://svc:${pw("am2")}@mq.internal/vhost"`,
    ],
    notFound: [
      "amqp://guest:guest@localhost:5672/",
      "amqp://rabbitmq:5672",
      "amqps://svc:${AMQP_PASS}@mq/vhost",
    ],
  },
  {
    id: "message-broker-url-credentials",
    found: [
      `mqtt://sensor:${pw("mq1")}@broker.local:1883`,
      `NATS_URL=nats://svc:${pw("na1")}@nats:4222`,
    ],
    notFound: ["mqtt://broker.local:1883", "nats://user:pass@nats:4222", "kafka://kafka:9092"],
  },
  {
    id: "database-url-credentials",
    found: [
      `mssql+pyodbc://sa:${pw("ms1")}@sqlserver/app?driver=ODBC+Driver+18`,
      `oracle://scott:${pw("or1")}@orahost:1521/ORCL`,
      `NEO4J_URI=neo4j+s://neo4j:${pw("ne1")}@graph.local:7687`,
    ],
    notFound: [
      "clickhouse://default:@clickhouse:9000/default",
      "snowflake://{user}:{password}@{account}/db",
      "sqlserver://db:1433",
    ],
  },
  {
    id: "url-credentials",
    secret: pw("ur1"),
    found: [
      `https_proxy=http://proxyuser:${pw("ur1")}@proxy.corp:3128`,
      `curl https://deploy:${pw("ur2")}@artifacts.corp.net/upload`,
      `ftp://backup:${pw("ur3")}@files.corp.net/nightly/`,
      `smtp_url = "smtps://mailer:${enc(special("ur4"))}@smtp.mailgun.org:465"`,
    ],
    notFound: [
      "https://drydock.dev/docs/install",
      "http://user:pass@proxy:3128",
      "https://username:password@example.com/path",
      "http://localhost:8080/api",
      "https://foo:bar@baz.com",
      "ssh://git@github.com:22/org/repo.git",
      `https://ci:${pw("ur5")}@github.com/org/repo.git`, // git-credentials reports it
      "https://x-access-token:${{ secrets.GITHUB_TOKEN }}@github.com/org/repo",
    ],
  },
  {
    id: "git-credentials",
    secret: `ghp_${pw("gi1", 36)}`,
    found: [
      `https://octocat:ghp_${pw("gi1", 36)}@github.com\n`,
      `https://oauth2:${pw("gi2", 20)}@gitlab.com\nhttps://ci:${pw("gi3")}@bitbucket.org\n`,
      `[remote "origin"]\n\turl = https://bot:${pw("gi4", 32)}@dev.azure.com/org/proj/_git/repo\n`,
    ],
    notFound: [
      "https://github.com/org/repo.git",
      "https://x-access-token:$GITHUB_TOKEN@github.com/org/repo",
      "https://user:token@github.com",
      `https://ci:${pw("gi5")}@git.corp.net/repo.git`, // not a public git host: url-credentials
    ],
  },
  {
    id: "ado-net-connection-string",
    secret: pw("ad1"),
    found: [
      `"DefaultConnection": "Server=tcp:sql.corp.net,1433;Initial Catalog=app;User ID=app;Password=${pw("ad1")};Encrypt=True;"`,
      `Data Source=SQL01;Initial Catalog=Orders;User Id=svc;Pwd=${pw("ad2")}`,
      `Host=pg.internal;Port=5432;Database=app;Username=app;Password='${pw("ad3")}'`,
      `Driver={ODBC Driver 18 for SQL Server};Server=sql01;UID=etl;PWD=${pw("ad4")};`,
      `ConnectionString: Server=sql01; Database=app; User Id=app; Password = ${pw("ad5")};`,
      `User ID=root;Password=${pw("ad6")};Host=localhost;Port=5432;Database=app;`, // Npgsql docs order
      `Provider=SQLOLEDB;Data Source=sql01;Initial Catalog=app;User Id=sa;Password=${pw("ad7")};`,
    ],
    notFound: [
      "Server=sql01;Database=app;Trusted_Connection=True;",
      "Server=sql01;Database=app;User Id=app;Password=${SQL_PASSWORD};",
      "Server=myServerAddress;Database=myDataBase;User Id=myUsername;Password=myPassword;",
      "Server=sql01;Database=app;User Id=app;Password=<password>;",
      "Data Source=app.db;Cache=Shared",
      `Database=app;User Id=app;Password=${pw("ad8")};`, // no server: not a connection string we know
    ],
  },
  {
    id: "jdbc-connection-string",
    secret: pw("jd1"),
    found: [
      `spring.datasource.url=jdbc:postgresql://db:5432/app?user=app&password=${pw("jd1")}`,
      `jdbc:sqlserver://sql01:1433;databaseName=app;user=svc;password=${pw("jd2")};encrypt=true`,
      `jdbc:oracle:thin:app/${pw("jd3")}@//orahost:1521/ORCL`,
    ],
    notFound: [
      "jdbc:postgresql://db:5432/app",
      "jdbc:postgresql://db:5432/app?user=app&password=${DB_PASSWORD}",
      "jdbc:oracle:thin:@//orahost:1521/ORCL",
      "jdbc:oracle:thin:scott/tiger@orahost:1521:orcl", // Oracle's demo account
    ],
  },
  {
    id: "ldap-bind-password",
    secret: pw("ld1"),
    found: [
      `binddn cn=nslcd,dc=corp,dc=net\nbindpw ${pw("ld1")}\n`,
      `ldap:\n  url: ldaps://ldap.corp.net\n  bindPassword: "${pw("ld2")}"\n`,
      `LDAP_BIND_PASSWORD=${pw("ld3")}`,
      `<Location />\n  AuthLDAPBindPassword "${pw("ld4")}"\n</Location>`,
    ],
    notFound: [
      "bindpw ${LDAP_BIND_PW}",
      "bind_password = get_bind_password()",
      "bindPassword: <bind-password>",
      "syn keyword apacheDeclaration AuthLDAPBindDN AuthLDAPBindPassword AuthLDAPCharsetConfig",
      'bindCredentials: "{{ ldap_bind_pw }}"',
    ],
  },
];

describe("connection-strings rules", () => {
  test("every rule has a table", () => {
    assert.deepEqual(CASES.map((c) => c.id).sort(), rules.map((r) => r.meta.id).sort());
  });

  for (const c of CASES) {
    const rule = rules.find((r) => r.meta.id === c.id)!;
    test(`${c.id}: finds`, () => {
      assert.ok(c.found.length >= 2);
      for (const text of c.found) assert.ok(ruleFinds(rule, text), text);
    });
    test(`${c.id}: does not find`, () => {
      assert.ok(c.notFound.length >= 2);
      for (const text of c.notFound) assert.ok(!ruleFinds(rule, text), text);
    });
    if (c.secret !== undefined)
      test(`${c.id}: the secret is the password alone`, () => {
        assert.deepEqual(
          ruleCandidates(rule, c.found[0]!).map((x) => x.secret),
          [c.secret],
        );
      });
  }

  test("a URL-encoded password is reported as written", () => {
    const rule = rules.find((r) => r.meta.id === "postgres-connection-string")!;
    const [c] = ruleCandidates(rule, CASES[0]!.found[1]!);
    assert.equal(c?.secret, enc(special("pg2")));
  });

  test("a raw @ in the password: the last @ starts the host", () => {
    const rule = rules.find((r) => r.meta.id === "postgres-connection-string")!;
    const [c] = ruleCandidates(rule, CASES[0]!.found[2]!);
    assert.equal(c?.secret, `${pw("pg3")}@p`);
  });

  test("each example is reported by one rule of this family", () => {
    for (const c of CASES)
      for (const text of c.found) {
        const hits = rules.filter((r) => ruleFinds(r, text)).map((r) => r.meta.id);
        assert.deepEqual(hits, [c.id], text);
      }
  });
});

test("the URL screen: true only where user:password@ can follow ://", () => {
  const cases: [string, boolean][] = [
    ["https://user:pw@host/x", true],
    [`x = "postgres+psycopg2://svc:${pw("screen")}@db/app"`, true],
    ["ftp://a:b@c", true],
    ["https://example.com/path@scope/pkg", false],
    ["https://host:8443/x?a=b@c", false],
    ["mailto:someone@example.com", false],
    ["https://user@host/", false],
    ['"https://user:" + pw + "@host"', false],
    ["no urls here @ all: at all", false],
    ["", false],
  ];
  for (const [text, want] of cases) assert.equal(hasUserinfo(text), want, text);
});
