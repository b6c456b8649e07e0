import type { SecretRule, Severity } from "../../types.ts";
import { isPlaceholder } from "../placeholders.ts";

/**
 * Passwords inside connection strings and URLs. Most are RFC 3986 URIs whose userinfo is
 * `user:password` (section 3.2.1 deprecates it, which never stopped anyone); the rest are
 * key=value strings (ADO.NET, ODBC, JDBC parameters) and LDAP bind settings. The secret is the
 * password alone. A password that is a reference (`${DB_PASSWORD}`, `$PASS`, `%s`, `{password}`),
 * a placeholder (`password`, `****`, `<password>`), the user name again (`postgres:postgres`),
 * or that sits on an example host is not reported.
 */

/** No whitespace, quote, backtick or backslash: the URL ends where the string that holds it does. */
const USER = String.raw`(?<user>[^\s:@/?#'"<>\x60\\]{0,128})`;
/** A raw `@` is allowed: people write `p@ss` unencoded, and the last `@` starts the host. */
const PASS = String.raw`(?<secret>[^\s/?#'"<>\x60\\]{1,256})`;
const HOST = String.raw`(?<host>[^\s/?#@'"<>\x60\\;]{1,255})`;
const USERINFO_HOST = `${USER}:${PASS}@${HOST}`;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** RFC 2606 / 6761 names, and the stand-ins documentation uses for "your server". */
const EXAMPLE_HOST =
  /(?:^|\.)(?:example(?:\.(?:com|org|net|edu))?|invalid|test|host|hostname|your[-_]?host\w*|(?:my)?company\.com|(?:my)?domain\.com|acme\.com)(?::\d{1,5})?$/i;

/** What every password here must pass: not a reference, a placeholder or a repeat of the user. */
function plausiblePassword(password: string, user = ""): boolean {
  const p = decode(password);
  if (p.length < 3 || isPlaceholder(p) || isPlaceholder(password)) return false;
  if (/^(.)\1*$/.test(p)) return false; // xxx, ***, 000
  if (user !== "" && p.toLowerCase() === decode(user).toLowerCase()) return false;
  return true;
}

function validUserinfo(secret: string, m: RegExpExecArray): boolean {
  const host = m.groups?.host ?? "";
  if (EXAMPLE_HOST.test(host)) return false;
  // `host:8080@...` is a port, not a password.
  if (/^\d{1,5}$/.test(secret) && (m.groups?.user ?? "") !== "") return false;
  return plausiblePassword(secret, m.groups?.user ?? "");
}

function urlRule(
  id: string,
  title: string,
  schemes: string,
  keywords: string[],
  docsUrl: string,
  severity: Severity = "high",
  validate: NonNullable<SecretRule["validate"]> = validUserinfo,
): SecretRule {
  return {
    meta: { id, title, severity, keywords, docsUrl },
    pattern: new RegExp(
      String.raw`(?<![\w+.-])(?<scheme>${schemes})(?:\+[a-z][a-z0-9_]{0,19})?://${USERINFO_HOST}`,
      "gi",
    ),
    validate,
    screen: hasUserinfo,
  };
}

/**
 * Whether some `://` in the text is followed by `user:password@` before the URL's authority
 * could end (whitespace, `/`, `?`, `#`, a quote, `<`, `>`, a backtick or a backslash): the
 * patterns above cannot match otherwise. Most files with `http` in them fail this at once.
 */
export function hasUserinfo(text: string): boolean {
  const max = 128 + 1 + 256 + 1;
  for (let i = text.indexOf("://"); i >= 0; i = text.indexOf("://", i + 3)) {
    let colon = false;
    const end = Math.min(text.length, i + 3 + max);
    for (let k = i + 3; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c === 58) colon = true;
      else if (c === 64) {
        if (colon) return true;
      } else if (
        c <= 32 ||
        c === 47 ||
        c === 63 ||
        c === 35 ||
        c === 39 ||
        c === 34 ||
        c === 60 ||
        c === 62 ||
        c === 96 ||
        c === 92
      )
        break;
    }
  }
  return false;
}

/** Where people keep git remotes: their tokens belong to `git-credentials`. */
const GIT_HOST =
  /(?:^|\.)(?:github\.com|gitlab\.com|bitbucket\.org|dev\.azure\.com|visualstudio\.com|codeberg\.org|gitea\.com|git\.sr\.ht|huggingface\.co)(?::\d{1,5})?$/i;

const URL_SCHEMES = [
  "https?",
  "ftps?",
  "sftp",
  "smtps?",
  "imaps?",
  "pop3s?",
  "ldaps?",
  "ssh",
  "svn(?:\\+ssh)?",
  "rsync",
  "wss?",
  "socks[45]h?",
  "telnet",
  "smb",
  "davs?",
  "webdavs?",
];

const BROKER_SCHEMES = [
  "mqtts?",
  "nats",
  "stomp(?:\\+ssl)?",
  "stomps",
  "kafka",
  "pulsar(?:\\+ssl)?",
];

const DATABASE_SCHEMES = [
  "mssql",
  "sqlserver",
  "oracle",
  "cockroachdb",
  "cockroach",
  "clickhouses?",
  "neo4j",
  "bolt",
  "couchbases?",
  "couchdb",
  "cassandra",
  "scylla",
  "db2",
  "snowflake",
  "influxdb",
  "memcached",
  "rethinkdb",
  "arangodb",
  "redshift",
  "vertica",
  "trino",
  "presto",
  "hive2?",
  "teradata",
  "firebird",
  "sybase",
  "hana",
  "exasol",
  "databricks",
  "tidb",
  "yugabyte(?:db)?",
  "elasticsearch",
  "opensearch",
];

/** The lowercase literal each scheme pattern starts with (its prefilter keyword). */
const literal = (scheme: string) => scheme.replace(/[([].*$/, "").replace(/.\?$/, "");
const literals = (schemes: string[]) => [...new Set(schemes.map(literal))];

/**
 * The end of a value in a key=value string or a config line: a quote, `;`, `,`, whitespace or
 * the end. An unquoted value holding brackets or parentheses is code (`get_pw()`), not a value.
 */
function plainValue(secret: string, m: RegExpExecArray): boolean {
  if ((m.groups?.q ?? "") === "" && /[(){}[\]]/.test(secret)) return false;
  return plausiblePassword(secret);
}

/** A server, data source, driver or DSN key in the same key=value string, before or after. */
const SERVER_KEY =
  /(?:^|;)[ \t]*(?:Server|Data\s?Source|Address|Addr|Network\s?Address|Host|Driver|DSN|Provider)[ \t]*=/i;

function inConnectionString(m: RegExpExecArray): boolean {
  const end = m.index + m[0].length;
  const after = m.input.slice(end, end + 1024).split(/[\r\n"\x60]/)[0] ?? "";
  return SERVER_KEY.test(m[0]) || SERVER_KEY.test(after);
}

export const rules: SecretRule[] = [
  urlRule(
    "postgres-connection-string",
    "PostgreSQL connection URI with a password",
    "postgres(?:ql)?",
    ["postgres"],
    "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS",
  ),
  urlRule(
    "mysql-connection-string",
    "MySQL connection URI with a password",
    "mysql(?:x)?",
    ["mysql"],
    "https://dev.mysql.com/doc/refman/8.4/en/connecting-using-uri-or-key-value-pairs.html",
  ),
  urlRule(
    "mariadb-connection-string",
    "MariaDB connection URI with a password",
    "mariadb",
    ["mariadb"],
    "https://mariadb.com/docs/connectors/mariadb-connector-j/about-mariadb-connector-j",
  ),
  urlRule(
    "mongodb-connection-string",
    "MongoDB connection string with a password",
    "mongodb(?:\\+srv)?",
    ["mongodb"],
    "https://www.mongodb.com/docs/manual/reference/connection-string/",
  ),
  urlRule(
    "redis-connection-string",
    "Redis connection URI with a password",
    "rediss?",
    ["redis"],
    "https://www.iana.org/assignments/uri-schemes/prov/redis",
  ),
  urlRule(
    "amqp-connection-string",
    "AMQP (RabbitMQ) URI with a password",
    "amqps?",
    ["amqp"],
    "https://www.rabbitmq.com/docs/uri-spec",
  ),
  urlRule(
    "message-broker-url-credentials",
    "Message broker URI with a password (MQTT, NATS, STOMP, Kafka, Pulsar)",
    BROKER_SCHEMES.join("|"),
    literals(BROKER_SCHEMES),
    "https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1",
  ),
  urlRule(
    "database-url-credentials",
    "Database URI with a password (SQL Server, Oracle, ClickHouse, Neo4j, Snowflake, ...)",
    DATABASE_SCHEMES.join("|"),
    literals(DATABASE_SCHEMES),
    "https://docs.sqlalchemy.org/en/20/core/engines.html#database-urls",
  ),
  urlRule(
    "url-credentials",
    "Password in a URL's userinfo (user:password@host)",
    URL_SCHEMES.join("|"),
    literals(URL_SCHEMES),
    "https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1",
    "high",
    (secret, m) => {
      if (/^https?$/i.test(m.groups?.scheme ?? "") && GIT_HOST.test(m.groups?.host ?? ""))
        return false;
      return validUserinfo(secret, m);
    },
  ),
  urlRule(
    "git-credentials",
    "Token or password in a git remote URL (.git-credentials, remote.origin.url)",
    "https?",
    [
      "github.com",
      "gitlab.com",
      "bitbucket.org",
      "azure.com",
      "codeberg.org",
      "gitea.com",
      "sr.ht",
      "huggingface.co",
    ],
    "https://git-scm.com/docs/git-credential-store#_storage_format",
    "high",
    (secret, m) => GIT_HOST.test(m.groups?.host ?? "") && validUserinfo(secret, m),
  ),
  {
    meta: {
      id: "ado-net-connection-string",
      title: "Password in an ADO.NET / ODBC connection string (SQL Server, Npgsql, ...)",
      severity: "high",
      keywords: ["password", "pwd"],
      docsUrl:
        "https://learn.microsoft.com/en-us/dotnet/framework/data/adonet/connection-string-syntax",
    },
    // key=value;key=value;...Password=...: the chain is walked from its first key (one not
    // after a `;` or a `=`), so that a 2 MB line of `Server=x;` starts one walk, not 200,000. Each value
    // and the password are taken whole and atomically (lookahead + backreference): no
    // backtracking inside them. A password with spaces is not matched.
    pattern:
      /(?<![;=\w][ \t]{0,3})(?:[A-Za-z][\w ]{0,30}=(?=(?<v>[^;\r\n"'\x60]{0,256}))\k<v>;[ \t]{0,3}){0,12}?(?:Password|Pwd)[ \t]{0,3}=[ \t]{0,3}(?<q>['"]?)(?=(?<secret>[^;'"\s]{1,128}))\k<secret>\k<q>[ \t]{0,3}(?=[;"'\r\n]|$)/gi,
    validate: (secret, m) => inConnectionString(m) && plausiblePassword(secret),
  },
  {
    meta: {
      id: "jdbc-connection-string",
      title: "Password in a JDBC URL",
      severity: "high",
      keywords: ["jdbc:"],
      docsUrl:
        "https://docs.oracle.com/en/java/javase/21/docs/api/java.sql/java/sql/DriverManager.html",
    },
    // jdbc:<sub>:...[;?&]password=..., or Oracle's jdbc:oracle:thin:user/password@host. The
    // URL is walked parameter by parameter, each one taken whole and atomically (lookahead +
    // backreference), up to 12 of them: a 2 MB line of `jdbc:x:` costs little per `jdbc:`.
    pattern:
      /(?<![\w])jdbc:(?:oracle:(?:thin|oci8?):(?<user>[\w$#.]{1,128})\/(?=[^@\s/"'<>\x60]{1,128}@)|[a-z][a-z0-9+.-]{1,30}:(?:(?=(?<param>[^\s"'<>\x60;?&]{0,128}))\k<param>[;?&]){1,12}?[ \t]{0,2}(?:password|pwd)[ \t]{0,2}=[ \t]{0,2})(?<secret>[^@;&\s"'<>\x60]{1,128})/gi,
    validate: (secret, m) => plausiblePassword(secret, m.groups?.user ?? ""),
  },
  {
    meta: {
      id: "ldap-bind-password",
      title: "LDAP bind password",
      severity: "high",
      keywords: [
        "bindpw",
        "bind_pw",
        "bind-pw",
        "bindpassword",
        "bind_password",
        "bind-password",
        "bind.password",
        "bindcredential",
        "bind_credential",
        "bind-credential",
      ],
      docsUrl: "https://www.rfc-editor.org/rfc/rfc4513#section-5.1.3",
    },
    // bindpw secret (ldap.conf, nslcd.conf), bind_password = "...", bindCredentials: ... (YAML).
    pattern:
      /bind[_.-]?(?:pw|password|passwd|credentials?)["']?(?:[ \t]{0,8}(?:[:=]|=>)[ \t]{0,8}|[ \t]{1,8})(?<q>["']?)(?<secret>[^\s"'<>\x60]{3,128})\k<q>(?=[\s,;)}\]]|$)/gi,
    validate: (secret, m) => {
      // `bindpw secret` (no `=` or `:`) is a config directive only at the start of its line:
      // `AuthLDAPBindPassword AuthLDAPCharsetConfig` in a list of names is not one.
      if (!/[:=]/.test(m[0].slice(0, m[0].length - secret.length))) {
        const before = m.input.slice(Math.max(0, m.index - 128), m.index);
        const line = before.slice(before.lastIndexOf("\n") + 1);
        if (line.length === 128 || !/^[ \t]*[\w.-]*$/.test(line)) return false;
      }
      return plainValue(secret, m);
    },
  },
];
