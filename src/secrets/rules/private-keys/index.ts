import type { SecretRule } from "../../types.ts";
import { shannonEntropy } from "../match.ts";

/**
 * Private keys in their text encodings: PEM (RFC 7468) in its PKCS#1, SEC1, DSA, PKCS#8 and
 * legacy-encrypted flavours, OpenSSH's own container (PROTOCOL.key), OpenPGP armor (RFC 4880),
 * the ssh.com SSH2 format (RFC 4716 framing), PuTTY's .ppk, age identities and OpenVPN static
 * keys. The secret is the whole block, so the END line and a real body must both be there: a
 * docs snippet with `...` in place of the body is not a key. Public keys and certificates have
 * other labels and never match.
 *
 * Keywords name both the BEGIN and the END line: the engine runs a pattern on regions around
 * keyword hits in large texts, and hits closer than two regions merge, so a block of up to
 * 16 KiB is seen whole from its BEGIN to its END.
 */

/** A line break in a file, or one escaped inside a JSON / code string (`\n`). */
const BODY_UNIT = String.raw`(?:[A-Za-z0-9+/=\s]|\\[nr])`;
/** RFC 1421-style encapsulated headers (`Proc-Type: 4,ENCRYPTED`, `Version: GnuPG`). */
const HEADERS = String.raw`(?:(?:\s|\\[nr]){1,4}[A-Za-z][A-Za-z0-9-]{0,30}:[^\r\n\\]{1,256}){1,8}`;

/** The base64 body without line breaks (real or escaped) and spaces. */
function compact(body: string): string {
  return body.replace(/\\[nr]|\s/g, "");
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Base64 text of at least `min` characters that looks random (no `XXXX` filler). */
function plausibleBase64(b64: string, min = 64): boolean {
  return b64.length >= min && BASE64.test(b64) && shannonEntropy(b64) >= 4;
}

/** A DER SEQUENCE whose length field covers exactly the decoded bytes. */
function isDerSequence(der: Buffer): boolean {
  if (der.length < 8 || der[0] !== 0x30) return false;
  const first = der[1]!;
  if (first < 0x80) return 2 + first === der.length;
  const n = first & 0x7f;
  if (n < 1 || n > 3 || der.length < 2 + n) return false;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + der[2 + i]!;
  return 2 + n + len === der.length;
}

/** A PEM body that decodes to one DER structure (PKCS#1, SEC1, DSA, PKCS#8, PKCS#8 encrypted). */
function derBody(_secret: string, m: RegExpExecArray): boolean {
  const b64 = compact(m.groups?.body ?? "");
  return plausibleBase64(b64) && isDerSequence(Buffer.from(b64, "base64"));
}

/** An encrypted body is random bytes: only its size and randomness can be checked. */
function encryptedBody(_secret: string, m: RegExpExecArray): boolean {
  return plausibleBase64(compact(m.groups?.body ?? ""));
}

function startsWith(b64: string, magic: Buffer): boolean {
  if (!plausibleBase64(b64)) return false;
  const bytes = Buffer.from(b64, "base64");
  return bytes.length > magic.length && bytes.subarray(0, magic.length).equals(magic);
}

const OPENSSH_MAGIC = Buffer.from("openssh-key-v1\0", "latin1");
const SSH2_MAGIC = Buffer.from([0x3f, 0x6f, 0xf9, 0xeb]);

/** The first OpenPGP packet of an exported private key is a Secret-Key packet (tag 5). */
function pgpSecretKey(_secret: string, m: RegExpExecArray): boolean {
  // The armor checksum (`=` + 4 base64 chars on its own line) follows the body.
  const words = (m.groups?.body ?? "").split(/\\[nr]|\s+/).filter((w) => w !== "");
  if (words.length > 1 && /^=[A-Za-z0-9+/]{4}$/.test(words.at(-1)!)) words.pop();
  const b64 = words.join("");
  if (!plausibleBase64(b64)) return false;
  const tag = Buffer.from(b64, "base64")[0]!;
  if ((tag & 0x80) === 0) return false;
  return (tag & 0x40 ? tag & 0x3f : (tag >> 2) & 0x0f) === 5;
}

function pemRule(
  id: string,
  title: string,
  label: string,
  severity: SecretRule["meta"]["severity"],
  validate: NonNullable<SecretRule["validate"]>,
  docsUrl = "https://www.rfc-editor.org/rfc/rfc7468",
): SecretRule {
  return {
    meta: {
      id,
      title,
      severity,
      keywords: [`begin ${label.toLowerCase()}`, `end ${label.toLowerCase()}`],
      docsUrl,
    },
    pattern: new RegExp(
      `-----BEGIN ${label}-----(?<body>${BODY_UNIT}{64,16384})-----END ${label}-----`,
      "g",
    ),
    validate,
  };
}

const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/** BIP 173 checksum: what age uses for its identities. */
function bech32Valid(text: string): boolean {
  const s = text.toLowerCase();
  const sep = s.lastIndexOf("1");
  if (sep < 1) return false;
  const hrp = s.slice(0, sep);
  const data: number[] = [];
  for (const ch of s.slice(sep + 1)) {
    const v = BECH32.indexOf(ch);
    if (v < 0) return false;
    data.push(v);
  }
  const values = [
    ...[...hrp].map((c) => c.charCodeAt(0) >> 5),
    0,
    ...[...hrp].map((c) => c.charCodeAt(0) & 31),
    ...data,
  ];
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i]!;
  }
  return chk === 1;
}

export const rules: SecretRule[] = [
  pemRule(
    "private-key-rsa",
    "RSA private key (PKCS#1 PEM)",
    "RSA PRIVATE KEY",
    "critical",
    derBody,
  ),
  pemRule("private-key-ec", "EC private key (SEC1 PEM)", "EC PRIVATE KEY", "critical", derBody),
  pemRule("private-key-dsa", "DSA private key (PEM)", "DSA PRIVATE KEY", "critical", derBody),
  pemRule("private-key-pkcs8", "Private key (PKCS#8 PEM)", "PRIVATE KEY", "critical", derBody),
  pemRule(
    "private-key-pkcs8-encrypted",
    "Encrypted private key (PKCS#8 PEM)",
    "ENCRYPTED PRIVATE KEY",
    "medium",
    derBody,
  ),
  {
    meta: {
      id: "private-key-pem-encrypted",
      title: "Encrypted private key (OpenSSL legacy PEM with Proc-Type)",
      severity: "medium",
      keywords: [
        "proc-type: 4,encrypted",
        "end rsa private key",
        "end ec private key",
        "end dsa private key",
      ],
      docsUrl: "https://www.rfc-editor.org/rfc/rfc1421#section-4.6",
    },
    pattern: new RegExp(
      String.raw`-----BEGIN (?<label>RSA|EC|DSA) PRIVATE KEY-----(?:\s|\\[nr]){1,4}Proc-Type: 4,ENCRYPTED${HEADERS}(?<body>${BODY_UNIT}{64,16384})-----END \k<label> PRIVATE KEY-----`,
      "g",
    ),
    validate: encryptedBody,
  },
  pemRule(
    "private-key-openssh",
    "OpenSSH private key",
    "OPENSSH PRIVATE KEY",
    "critical",
    (_s, m) => startsWith(compact(m.groups?.body ?? ""), OPENSSH_MAGIC),
    "https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.key",
  ),
  {
    meta: {
      id: "private-key-pgp",
      title: "OpenPGP private key block",
      severity: "critical",
      keywords: ["begin pgp private key block", "end pgp private key block"],
      docsUrl: "https://www.rfc-editor.org/rfc/rfc4880#section-6.2",
    },
    pattern: new RegExp(
      `-----BEGIN PGP PRIVATE KEY BLOCK-----(?:${HEADERS})?(?<body>${BODY_UNIT}{64,65536})-----END PGP PRIVATE KEY BLOCK-----`,
      "g",
    ),
    validate: pgpSecretKey,
  },
  {
    meta: {
      id: "private-key-ssh2",
      title: "SSH2 private key (ssh.com / Tectia format)",
      severity: "high",
      keywords: ["begin ssh2 encrypted private key", "end ssh2 encrypted private key"],
      docsUrl: "https://www.rfc-editor.org/rfc/rfc4716",
    },
    // Headers here may continue on the next line with a trailing backslash (RFC 4716 3.3).
    pattern:
      /---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----(?<headers>(?:\r?\n[A-Za-z][A-Za-z0-9-]{0,63}:[^\r\n]{0,1024}(?:\\\r?\n[^\r\n]{0,1024}){0,4}){0,8})(?<body>[A-Za-z0-9+/=\s]{64,16384})---- END SSH2 ENCRYPTED PRIVATE KEY ----/g,
    validate: (_s, m) => startsWith(compact(m.groups?.body ?? ""), SSH2_MAGIC),
  },
  {
    meta: {
      id: "private-key-putty",
      title: "PuTTY private key (.ppk)",
      severity: "critical",
      keywords: ["putty-user-key-file-", "private-mac:"],
      docsUrl: "https://the.earth.li/~sgtatham/putty/0.80/htmldoc/AppendixC.html",
    },
    // Line by line, as PuTTYgen writes it: no lazy scan for Private-Lines (a 2 MB run of
    // headers would cost 8 KiB of scanning each). v3 puts its Argon2 lines before Private-Lines.
    pattern: new RegExp(
      [
        String.raw`PuTTY-User-Key-File-[23]: [\w@.+-]{3,64}\r?\n`,
        String.raw`Encryption: [\w-]{1,32}\r?\n`,
        String.raw`Comment: [^\r\n]{0,1024}\r?\n`,
        String.raw`Public-Lines: \d{1,3}\r?\n[A-Za-z0-9+/=\r\n]{16,8192}`,
        String.raw`(?:[A-Za-z0-9-]{1,32}: [^\r\n]{0,256}\r?\n){0,8}`,
        String.raw`Private-Lines: \d{1,3}\r?\n(?<priv>[A-Za-z0-9+/=\r\n]{16,16384})`,
        `Private-MAC: [0-9a-fA-F]{40,64}`,
      ].join(""),
      "g",
    ),
    validate: (_s, m) => {
      const b64 = compact(m.groups?.priv ?? "");
      return BASE64.test(b64) && b64.length >= 16 && shannonEntropy(b64) >= 3.5;
    },
  },
  {
    meta: {
      id: "age-secret-key",
      title: "age secret key (X25519 identity)",
      severity: "critical",
      keywords: ["age-secret-key-1"],
      docsUrl: "https://github.com/C2SP/C2SP/blob/main/age.md",
    },
    pattern:
      /(?<![A-Za-z0-9-])AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![A-Za-z0-9])/g,
    validate: (secret) => bech32Valid(secret),
  },
  {
    meta: {
      id: "openvpn-static-key",
      title: "OpenVPN static key (tls-auth / tls-crypt / secret)",
      severity: "critical",
      keywords: ["begin openvpn static key", "end openvpn static key"],
      docsUrl: "https://openvpn.net/community-resources/reference-manual-for-openvpn-2-6/",
    },
    pattern:
      /-----BEGIN OpenVPN Static key V1-----(?<body>(?:[0-9a-fA-F\s]|\\[nr]){256,4096})-----END OpenVPN Static key V1-----/g,
    validate: (_s, m) => {
      const hex = compact(m.groups?.body ?? "");
      return /^[0-9a-fA-F]{512}$/.test(hex) && shannonEntropy(hex) >= 3.5;
    },
  },
];
