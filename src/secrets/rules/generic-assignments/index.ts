import type { SecretRule } from "../../types.ts";
import { shannonEntropy } from "../match.ts";

/**
 * Secrets assigned to a well-named key: `password = "..."`, `API_KEY=...`, `"client_secret":
 * "..."`, `secret_key: ...`, `<password>...</password>`, in .env, YAML, JSON, TOML, INI,
 * properties, shell and most programming languages. These rules run on every file, so a value
 * must look like a literal secret and nothing else:
 *
 * - 8 to 128 characters (16 for keys and tokens), on one line, without whitespace;
 * - a minimum Shannon entropy (3.0 bits per char for passwords, 3.5 for keys and tokens, relaxed
 *   for short and hex values: see `entropyOk`) and at least two character classes: `aaaaaaaa`,
 *   `12345678` and `Ab1!Ab1!` are not secrets;
 * - not a placeholder (the engine's filter), not a reference or a template (`${X}`, `{{ x }}`,
 *   `$X`, `%s`, `<x>`), not code (`os.environ["X"]`, `get_key()`, `config.db.password`,
 *   `someVariable`), not a path or a URL, not a hash (`$2b$...`, `{SSHA}...`), not a JWT (the
 *   jwt rule's) and not an identifier (`PASSWORD_FIELD`, `userPassword`, `login.password`).
 *
 * The key may carry a prefix (`DB_PASSWORD`, `spring.datasource.password`, `--password`) but no
 * suffix (`password_hash`, `password_min_length` are other things). A key chained after `;`,
 * `&` or `?` belongs to a connection string or a query, which other rules read.
 */

/** `"key": `, `key = `, `key := `, `key => `, `key: str = `, `key]=` (after the key itself). */
const SEP = String.raw`["'\x60]?\]?[ \t]{0,4}(?::[ \t]{0,4}[A-Za-z_][\w.<>[\]|]{0,30}[ \t]{1,4}(?==))?(?::=|=>|=(?!=)|:(?!:))[ \t]{0,8}`;
/**
 * One value: optionally quoted; no whitespace, quotes, backslash or angle brackets. Taken
 * whole, atomically (a lookahead captures it, a backreference consumes it): a run that does not
 * end where a value may end fails at once instead of being retried 120 times shorter.
 */
const VALUE = String.raw`(?<q>["'\x60]?)(?=(?<secret>[^\s"'\x60\\<>]{8,128}))\k<secret>\k<q>(?=[\s,;)}\]]|$)`;

/** A key: the alternation, and a negative lookbehind on what may not come before it. */
function assignment(key: string, notAfter: string): RegExp {
  const lookbehind = notAfter === "" ? "" : `(?<!(?:${notAfter})(?:${key}))`;
  return new RegExp(`(?:${key})${lookbehind}${SEP}${VALUE}`, "gi");
}

/** Keys chained in a connection string or a query string: `;Password=`, `&password=`. */
const CHAINED = String.raw`[;&?][ \t]{0,3}[\w.-]{0,20}`;

function classes(s: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(s)).length;
}

const REFERENCE =
  /^[$%@:]|\$\{|\{\{|\$\(|#\{|%\(|^\{.*\}$|^(?:os\.|process\.|import\.meta|System\.|Environment\.|ENV\b|env\b|secrets\.|vars\.|var\.|local\.|data\.|self\.|this\.|config\.|settings\.)/i;
const PATH = /^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:[\\/])|^[\w.-]+(?:\/[\w.-]+)+\.\w{1,5}$/;
const URL = /:\/\//;
const JWT = /^eyJ[\w-]*\.[\w-]*\./;
/** `a.b.c` member access or an i18n key; `words_joined-by.separators` with no digit. */
const IDENTIFIER_CHAIN = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const WORDS = /^[A-Za-z]+(?:[._-][A-Za-z]+)+$/;
const CONSTANT = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const CAMEL = /^[a-z]+(?:[A-Z][a-z]+)+$|^[A-Z][a-z]+(?:[A-Z][a-z]+)+$/;
const SNAKE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;

/** How many symbols the value's alphabet has: hex, lowercase alnum, alnum, base64, printable. */
function alphabet(s: string): number {
  if (/^[0-9a-f]+$/.test(s) || /^[0-9A-F]+$/.test(s)) return 16;
  if (/^[0-9a-z]+$/.test(s) || /^[0-9A-Z]+$/.test(s)) return 36;
  if (/^[0-9A-Za-z]+$/.test(s)) return 62;
  if (/^[\w+/=-]+$/.test(s)) return 64;
  return 94;
}

/**
 * Entropy of at least `nominal` bits per char, or 80% of what a random value of this length and
 * alphabet is expected to reach, whichever is lower. A flat 3.5 would drop 18% of random 32-char
 * hex keys and 90% of 16-char ones (their entropy cannot be much higher); 80% of the expected
 * value drops about 1% of random values and still every repeated pattern (`Ab1!Ab1!`).
 */
function entropyOk(s: string, nominal: number): boolean {
  const a = alphabet(s);
  const expectedDistinct = a * (1 - (1 - 1 / a) ** s.length);
  return shannonEntropy(s) >= Math.min(nominal, 0.8 * Math.log2(expectedDistinct));
}

interface Gate {
  /** Bits per char a random value of this kind reaches: 3.0 for passwords, 3.5 for keys. */
  nominalEntropy: number;
  /**
   * Keys and tokens are 16 characters or more (a 64-bit hex key): shorter values next to
   * `access_token` are docstring examples (`'sdlfkj452'`). Passwords may be 8.
   */
  minLength: number;
  /** Words that, inside the value, mark it as a label or an identifier, not a secret. */
  selfWords: RegExp;
  /** Characters a value may hold (keys and tokens are plainer than passwords). */
  charset?: RegExp;
}

/** What follows the match on its line (at most 256 characters of it). */
function restOfLine(m: RegExpExecArray): string {
  const end = m.index + m[0].length;
  return m.input.slice(end, end + 256).split(/\r?\n/, 1)[0] ?? "";
}

/** Whether `secret`, matched by `m` (quoted or not), looks like a literal secret. */
function literalSecret(g: Gate, secret: string, m: RegExpExecArray, quoted: boolean): boolean {
  // Cheapest and most selective first: most candidates on a hostile line fail here.
  if (secret.length < g.minLength) return false;
  if (g.selfWords.test(secret) || classes(secret) < 2) return false;
  if (g.charset !== undefined && !g.charset.test(secret)) return false;
  if (REFERENCE.test(secret) || PATH.test(secret) || URL.test(secret) || JWT.test(secret))
    return false;
  if (!quoted) {
    // Unquoted, a value ends the line or is followed by a space or a comment; brackets,
    // parentheses and commas make it code, and so does a snake_case name.
    const next = m.input[m.index + m[0].length];
    if (next !== undefined && !/\s/.test(next)) return false;
    if (/[(){}[\],;]/.test(secret) || SNAKE.test(secret)) return false;
    // `A password: base64url`: a key after a word and a space, then `:` and a bare value, is
    // prose (a comment, a README), not YAML (whose keys start a line or follow `- `).
    const before = m.input.slice(Math.max(0, m.index - 64), m.index);
    if (/[A-Za-z0-9][ \t]+[\w.-]*$/.test(before) && /^[^=]*:(?!=)/.test(m[0])) return false;
    // A bare value is the rest of its line (.env, YAML, INI, properties), or a comment follows;
    // `pwd = a:dict.istemp ? x : y` is an expression. Command-line flags (`--password=x y`) are
    // followed by more arguments.
    if (!/(?:^|\s)--?[\w.-]*$/.test(before) && !/^[ \t]*(?:$|[\r\n]|#|\/\/|;)/.test(restOfLine(m)))
      return false;
  }
  if (IDENTIFIER_CHAIN.test(secret) || WORDS.test(secret) || CONSTANT.test(secret)) return false;
  if (CAMEL.test(secret)) return false;
  return entropyOk(secret, g.nominalEntropy);
}

const gate =
  (g: Gate): NonNullable<SecretRule["validate"]> =>
  (secret, m) =>
    literalSecret(g, secret, m, (m.groups?.q ?? "") !== "");

const PASSWORD_GATE = gate({
  nominalEntropy: 3.0,
  minLength: 8,
  selfWords: /pass(?:word|wd)|secret/i,
});
/** Framework secrets (Django's SECRET_KEY) use punctuation freely: no charset here. */
const SECRET_GATE = gate({
  nominalEntropy: 3.5,
  minLength: 16,
  selfWords: /secret|key|token|pass(?:word|wd)/i,
});
const KEY_GATE = gate({
  nominalEntropy: 3.5,
  minLength: 16,
  selfWords: /key|token|secret|pass(?:word|wd)/i,
  charset: /^[\w\-+/=.~:]+$/,
});
const XML_GATE: Gate = {
  nominalEntropy: 3.0,
  minLength: 8,
  selfWords: /pass(?:word|wd)|secret|token|key/i,
};

const DOCS = "https://cwe.mitre.org/data/definitions/798.html";

/**
 * The floor no 8-char value under `entropyOk` goes below (the engine checks it before
 * `validate`, cheaply); `validate` applies the length- and alphabet-aware threshold.
 */
const ENTROPY_FLOOR = 2;

function rule(
  id: string,
  title: string,
  keywords: string[],
  pattern: RegExp,
  validate: NonNullable<SecretRule["validate"]>,
): SecretRule {
  return {
    meta: { id, title, severity: "medium", keywords, docsUrl: DOCS },
    pattern,
    minEntropy: ENTROPY_FLOOR,
    validate,
  };
}

export const rules: SecretRule[] = [
  rule(
    "generic-password",
    "Password assigned in code or configuration",
    ["password", "passwd", "passphrase", "pwd"],
    // bind_password is the LDAP rule's.
    assignment("password|passwd|passphrase|pwd", `${CHAINED}|bind[_.-]?`),
    PASSWORD_GATE,
  ),
  rule(
    "generic-secret",
    "Secret assigned in code or configuration (secret, secret_key, app_secret, ...)",
    ["secret"],
    // client_secret and api_secret have their own rules.
    assignment(
      `secret(?:[_-]?key(?:[_-]?base)?|[_-]?token)?`,
      `${CHAINED}|client[_-]?|consumer[_-]?|api[_-]?`,
    ),
    SECRET_GATE,
  ),
  rule(
    "generic-api-key",
    "API key assigned in code or configuration",
    [
      "api_key",
      "apikey",
      "api-key",
      "api_token",
      "apitoken",
      "api-token",
      "api_secret",
      "api-secret",
      "apisecret",
    ],
    assignment(`api[_-]?(?:key|token|secret)`, CHAINED),
    KEY_GATE,
  ),
  rule(
    "generic-access-token",
    "Access or refresh token assigned in code or configuration",
    [
      "access_token",
      "accesstoken",
      "access-token",
      "refresh_token",
      "refreshtoken",
      "refresh-token",
    ],
    assignment(`(?:access|refresh)[_-]?token`, CHAINED),
    KEY_GATE,
  ),
  rule(
    "generic-auth-token",
    "Auth token assigned in code or configuration",
    ["auth_token", "authtoken", "auth-token", "bearer_token", "bearertoken", "bearer-token"],
    assignment(`(?:auth|bearer)[_-]?token`, CHAINED),
    KEY_GATE,
  ),
  rule(
    "generic-client-secret",
    "OAuth client secret assigned in code or configuration",
    [
      "client_secret",
      "clientsecret",
      "client-secret",
      "consumer_secret",
      "consumersecret",
      "consumer-secret",
    ],
    assignment(`(?:client|consumer)[_-]?secret`, CHAINED),
    KEY_GATE,
  ),
  rule(
    "generic-private-key",
    "Private key material assigned in code or configuration (hex, base58, base64)",
    ["private_key", "privatekey", "private-key"],
    assignment(`private[_-]?key`, CHAINED),
    (secret, m) => secret.length >= 32 && KEY_GATE(secret, m),
  ),
  rule(
    "generic-xml-credential",
    "Password, secret or token in an XML element (<password>, <apiKey>, ...)",
    ["password>", "passwd>", "secret>", "key>", "token>"],
    // <password>..</password>, <db.password>, <clientSecret>, <apiKey>, <accessToken>: the tag
    // must end in the credential word; the value is what lies between it and its closing tag.
    /<(?<tag>[\w:.-]{0,40}?(?:password|passwd|secret|secret[_-]?key|api[_-]?key|token))>(?<secret>[^<>\s]{8,128})<\/\k<tag>>/gi,
    (secret, m) => literalSecret(XML_GATE, secret, m, true),
  ),
];
