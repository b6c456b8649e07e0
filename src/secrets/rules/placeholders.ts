/**
 * Values that look like secrets but are examples, placeholders or references to where the
 * real secret lives: never reported.
 */
const KNOWN_EXAMPLES = new Set([
  "akiaiosfodnn7example",
  "wjalrxutnfemi/k7mdeng/bpxrficyexamplekey",
  // RFC 6749 (OAuth 2.0) examples, copied into countless libraries' docstrings: the access and
  // refresh tokens, the client secret and its Basic header (s6BhdRkqt3:gX1fBat3bV).
  "2yotnfzfejr1zcsicmwpaa",
  "tgzv3jokf0xg5qx2tlkwia",
  "gx1fbat3bv",
  "czzcagrsa3f0mzpnwdfmqmf0m2jw",
  // RFC 6750's bearer token example.
  "mf_9.b5f-4.1jqm",
  // Debian's /etc/ssl/openssl.cnf (the Insta demo CA's CMP secret): in every Debian image.
  "pass:insta",
]);

/**
 * Values that are too well known to be anyone's secret: documentation defaults, the first
 * entries of every common-password list, metasyntactic names. Compared lowercased, whole.
 */
const WEAK_DEFAULTS = new Set([
  "pass",
  "passwd",
  "pwd",
  "pw",
  "mypassword",
  "mypass",
  "mysecret",
  "secretpassword",
  "supersecret",
  "s3cr3t",
  "p@ssw0rd",
  "p@ssword",
  "passw0rd",
  "password1",
  "password123",
  "hunter2",
  "letmein",
  "qwerty",
  "admin",
  "admin123",
  "root",
  "guest",
  "foo",
  "bar",
  "baz",
  "qux",
  "xyzzy",
  "plugh",
  "abc123",
  "123456",
  "12345678",
  "123456789",
  "open sesame", // RFC 7617's Basic example
  "tiger", // Oracle's scott/tiger
]);

/** Checked on every value: the whole value is a placeholder, a reference or a template. */
const ANCHORED: RegExp[] = [
  /^(.)\1{5,}$/, // xxxxxx, ******, 000000
  /^\*{1,5}$|^•+$/, // ***, masked in a UI
  /^<[^>]*>$/, // <password>
  /^\[[A-Za-z _-]*\]$/, // [password], [YOUR TOKEN]
  /^\$\{[^}]*\}$|^\$[A-Za-z_]\w*$|^%[A-Za-z_]\w*%$/, // ${ENV}, $ENV, $pass, %ENV%
  /\$\{|\$\(|\{\{|\{%|#\{|<%|%\(\w+\)[sd]/, // ${..} $(..) {{..}} {%..%} #{..} <%..%> %(name)s anywhere
  /^%[-+ #0-9.]*[sdvqxX]$/, // printf verbs: %s, %v
  /^\{\w*\}$/, // format fields: {}, {0}, {password}
  /^[:@][A-Za-z_]\w*$/, // bind parameters and symbols: :password, @password
  /^(os\.environ|os\.getenv|process\.env|import\.meta\.env|env\(|getenv|System\.getenv|Environment\.GetEnvironmentVariable|ENV\[|ENV\.fetch|secrets\.|vars\.)/i,
  /^(password|secret|token|none|null|nil|undefined|true|false|string|required|optional)$/i,
];

/**
 * Checked on single-line values up to LONG characters only: words and runs that mark an
 * example. A long random value or a block of lines (a PEM key, a key file, a long JWT) contains
 * `your`, `fake` or `xxxx` by chance often enough (about 1 in 300 RSA keys) to lose real
 * findings, and its rule checks its structure instead.
 */
const LONG = 256;
const SUBSTRING: RegExp[] = [
  /x{4,}|\*{4,}|\.{4,}/i, // long runs of x, * or .
  /example|sample|dummy|placeholder|changeme|change_me|your[_-]?|redacted|replace[_-]?me|insert[_-]?|fake|foobar|lorem|test(ing)?[_-]?(key|token|secret|password)/i,
];

export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  const lower = v.toLowerCase();
  if (KNOWN_EXAMPLES.has(lower) || WEAK_DEFAULTS.has(lower)) return true;
  if (ANCHORED.some((p) => p.test(v))) return true;
  if (v.length > LONG || /\n|\\n/.test(v)) return false;
  return SUBSTRING.some((p) => p.test(v));
}
