import type { SecretRule } from "../../types.ts";
import { isPlaceholder } from "../placeholders.ts";

/**
 * Credentials in the files tools keep them in, which end up in repositories and, more often,
 * in image layers: Kubernetes image pull Secrets (.dockerconfigjson, base64), kubeconfig client
 * keys, ~/.pgpass, ~/.netrc, htpasswd files and /etc/shadow. Rules see text, not file names, so
 * each one matches the file's own line or field shape. A plain Docker config.json (`"auth"`) is
 * the `docker-config` family's.
 */

function plausiblePassword(password: string, user = ""): boolean {
  if (password.length < 3 || isPlaceholder(password)) return false;
  if (/^(.)\1*$/.test(password)) return false;
  return password.toLowerCase() !== user.toLowerCase();
}

/** base64 `user:password` (Docker's `auth` field), with a real-looking password. */
function userPassword(b64: string): boolean {
  const text = Buffer.from(b64, "base64").toString("utf8");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
  if (/[\x00-\x1f\x7f\ufffd]/.test(text)) return false;
  const colon = text.indexOf(":");
  return colon > 0 && plausiblePassword(text.slice(colon + 1), text.slice(0, colon));
}

/** `{"auths": {registry: {auth | password}}}` (or the legacy .dockercfg map) with a credential. */
function dockerConfigHasCredential(b64: string): boolean {
  let config: unknown;
  try {
    config = JSON.parse(Buffer.from(b64, "base64").toString("utf8"));
  } catch {
    return false;
  }
  if (typeof config !== "object" || config === null) return false;
  const c = config as Record<string, unknown>;
  const registries = (
    typeof c["auths"] === "object" && c["auths"] !== null ? c["auths"] : c
  ) as Record<string, unknown>;
  return Object.values(registries).some((entry) => {
    if (typeof entry !== "object" || entry === null) return false;
    const e = entry as Record<string, unknown>;
    if (typeof e["auth"] === "string" && userPassword(e["auth"])) return true;
    return typeof e["password"] === "string" && plausiblePassword(e["password"]);
  });
}

/** base64 of a PEM private key (kubeconfig's client-key-data). */
function pemPrivateKey(b64: string): boolean {
  const text = Buffer.from(b64, "base64").toString("latin1");
  return /^-----BEGIN ([A-Z]+ )*PRIVATE KEY-----[\s\S]{64,}-----END ([A-Z]+ )*PRIVATE KEY-----\s*$/.test(
    text,
  );
}

export const rules: SecretRule[] = [
  {
    meta: {
      id: "kubernetes-dockerconfigjson",
      title: "Registry credentials in a Kubernetes image pull Secret (.dockerconfigjson)",
      severity: "high",
      keywords: [".dockerconfigjson", ".dockercfg"],
      docsUrl: "https://kubernetes.io/docs/concepts/configuration/secret/#docker-config-secrets",
    },
    // base64 of a JSON object: `{"` is eyJ, `{\n` is ewo, `{ ` is eyA.
    pattern:
      /\.docker(?:configjson|cfg)["']?[ \t]{0,4}:[ \t]{0,4}["']?(?<secret>e[wy][A-Za-z0-9+/]{16,65536}={0,2})(?![A-Za-z0-9+/=])/g,
    validate: (secret) => dockerConfigHasCredential(secret),
  },
  {
    meta: {
      id: "kubeconfig-client-key",
      title: "Client private key in a kubeconfig (client-key-data)",
      severity: "critical",
      keywords: ["client-key-data"],
      docsUrl:
        "https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/",
    },
    // base64("-----BEGIN") is LS0tLS1CRUdJTi...
    pattern:
      /client-key-data["']?[ \t]{0,4}:[ \t]{0,4}["']?(?<secret>LS0tLS1CRUdJTi[A-Za-z0-9+/]{64,16384}={0,2})(?![A-Za-z0-9+/=])/g,
    validate: (secret) => pemPrivateKey(secret),
  },
  {
    meta: {
      id: "pgpass-password",
      title: "PostgreSQL password file line (.pgpass)",
      severity: "high",
      keywords: [":543", ":6432:", ":*:"],
      docsUrl: "https://www.postgresql.org/docs/current/libpq-pgpass.html",
    },
    // hostname:port:database:username:password, one per line; `\:` and `\\` are escapes.
    pattern:
      /^(?<host>[A-Za-z0-9._-]{1,253}|\*):(?<port>\d{2,5}|\*):(?<db>[^\s:]{1,63}):(?<user>[^\s:]{1,63}):(?<secret>(?:[^\s:\\]|\\[:\\]){3,128})[ \t]*\r?$/gm,
    validate: (secret, m) => plausiblePassword(secret, m.groups?.user ?? ""),
  },
  {
    meta: {
      id: "netrc-password",
      title: "Password in a .netrc / _netrc entry",
      severity: "high",
      keywords: ["machine", "default login"],
      docsUrl: "https://www.gnu.org/software/inetutils/manual/html_node/The-_002enetrc-file.html",
    },
    // machine <host> login <user> [account <a>] password <password>; tokens split by any
    // space. A password may be quoted; one that runs into a quote is text in code, not netrc.
    pattern:
      /(?<![\w-])(?:machine[ \t]+(?<host>\S{1,253})|default)\s{1,64}login[ \t]+(?<user>\S{1,128})\s{1,64}(?:account[ \t]+\S{1,128}\s{1,64})?password[ \t]+(?<q>["']?)(?<secret>[^\s"'\x60]{1,128})\k<q>(?=\s|$)/g,
    // Anonymous FTP's password is an e-mail address by convention, not a secret.
    validate: (secret, m) =>
      !/^(?:anonymous|ftp)$/i.test(m.groups?.user ?? "") &&
      plausiblePassword(secret, m.groups?.user ?? ""),
  },
  {
    meta: {
      id: "htpasswd-hash",
      title: "Password hash in an htpasswd file (bcrypt, apr1, SHA-1)",
      severity: "low",
      keywords: ["$2y$", "$2a$", "$2b$", "$apr1$", "{sha}"],
      docsUrl: "https://httpd.apache.org/docs/2.4/misc/password_encryptions.html",
    },
    pattern:
      /^(?<user>[^:\s#]{1,64}):(?<secret>\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}|\$apr1\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22}|\{SHA\}[A-Za-z0-9+/]{27}=)[ \t]*\r?$/gm,
  },
  {
    meta: {
      id: "shadow-password-hash",
      title: "Password hash in /etc/shadow (an account that can log in with a password)",
      severity: "low",
      keywords: ["$1$", "$5$", "$6$", "$y$", "$gy$", "$7$", "$2b$", "$2y$", "$2a$"],
      docsUrl: "https://man7.org/linux/man-pages/man5/shadow.5.html",
    },
    // name:hash:lastchange:...; `!`/`*` (locked, no password) never match the hash shape.
    pattern:
      /^(?<user>[a-z_][a-z0-9_.-]{0,31}\$?):(?<secret>\$(?:1|2[aby]|5|6|7|y|gy)\$[^:\s]{8,512}):\d{0,6}:/gm,
  },
];
