import assert from "node:assert/strict";
import { createHash, createHmac, generateKeyPairSync, type KeyObject } from "node:crypto";
import { describe, test } from "node:test";
import { ruleFinds } from "../match.ts";
import { rules } from "./index.ts";

/*
 * Every key here is generated (or assembled from generated key material) at test time, so the
 * repository holds no key for our own scan to find. The PEM labels are built from parts for
 * the same reason.
 */
const D = "-----";
const begin = (label: string) => `${D}BEGIN ${label}${D}`;
const end = (label: string) => `${D}END ${label}${D}`;

/** Deterministic bytes that look random, named by a label. */
function bytes(label: string, n: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < n; i++)
    out.push(createHash("sha256").update(`${label}/${i}`).digest());
  return Buffer.concat(out).subarray(0, n);
}

function wrap(b64: string, width: number): string {
  return b64.match(new RegExp(`.{1,${width}}`, "g"))!.join("\n");
}

function armor(label: string, der: Buffer, headers = ""): string {
  return `${begin(label)}\n${headers}${wrap(der.toString("base64"), 64)}\n${end(label)}\n`;
}

const pem = (key: KeyObject, type: "pkcs1" | "pkcs8" | "sec1", cipher?: string) =>
  key.export(
    cipher ? { type, format: "pem", cipher, passphrase: "correct horse" } : { type, format: "pem" },
  ) as string;

const rsa1024 = generateKeyPairSync("rsa", { modulusLength: 1024 });
const rsa2048 = generateKeyPairSync("rsa", { modulusLength: 2048 });
const p256 = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const p384 = generateKeyPairSync("ec", { namedCurve: "secp384r1" });
const ed25519 = generateKeyPairSync("ed25519");
const ed25519b = generateKeyPairSync("ed25519");

// --- DER, for the DSA key OpenSSL writes in its traditional format (Node only writes PKCS#8) ---

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const b: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) b.unshift(v & 0xff);
  return Buffer.from([0x80 | b.length, ...b]);
}
const tlv = (tag: number, body: Buffer) =>
  Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);

function derInteger(v: bigint): Buffer {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let b = Buffer.from(hex, "hex");
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

/** Reads one TLV at `at`: its tag, where its content starts and ends. */
function readTlv(der: Buffer, at: number): { tag: number; start: number; end: number } {
  const tag = der[at]!;
  let len = der[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i]!;
    start += n;
  }
  return { tag, start, end: start + len };
}

function children(der: Buffer, start: number, end: number) {
  const out: ReturnType<typeof readTlv>[] = [];
  for (let at = start; at < end; ) {
    const t = readTlv(der, at);
    out.push(t);
    at = t.end;
  }
  return out;
}

const big = (b: Buffer) => BigInt(`0x${b.toString("hex") || "0"}`);

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let r = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % mod;
    b = (b * b) % mod;
  }
  return r;
}

/** PKCS#8 DSA -> OpenSSL's `DSA PRIVATE KEY`: SEQUENCE { 0, p, q, g, y, x }. */
function dsaTraditional(modulusLength: number, divisorLength: number): string {
  const { privateKey } = generateKeyPairSync("dsa", { modulusLength, divisorLength });
  const der = privateKey.export({ type: "pkcs8", format: "der" });
  const top = readTlv(der, 0);
  const [, algo, octets] = children(der, top.start, top.end);
  const [, params] = children(der, algo!.start, algo!.end);
  const [p, q, g] = children(der, params!.start, params!.end).map((t) =>
    big(der.subarray(t.start, t.end)),
  );
  const xTlv = readTlv(der, octets!.start);
  const x = big(der.subarray(xTlv.start, xTlv.end));
  const y = modPow(g!, x, p!);
  const seq = tlv(0x30, Buffer.concat([0n, p!, q!, g!, y, x].map(derInteger)));
  return armor("DSA PRIVATE KEY", seq);
}

// --- OpenSSH's container (PROTOCOL.key), unencrypted ---

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const sshString = (b: Buffer | string) => {
  const buf = typeof b === "string" ? Buffer.from(b) : b;
  return Buffer.concat([u32(buf.length), buf]);
};
const mpint = (b: Buffer) => sshString(b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
const jwkBytes = (s: string | undefined) => Buffer.from(s!, "base64url");

function openssh(publicBlob: Buffer, privateFields: Buffer, comment: string): string {
  const check = u32(0x1234abcd);
  let priv = Buffer.concat([check, check, privateFields, sshString(comment)]);
  const pad: number[] = [];
  for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
  priv = Buffer.concat([priv, Buffer.from(pad)]);
  const body = Buffer.concat([
    Buffer.from("openssh-key-v1\0", "latin1"),
    sshString("none"),
    sshString("none"),
    sshString(""),
    u32(1),
    sshString(publicBlob),
    sshString(priv),
  ]);
  const label = "OPENSSH PRIVATE KEY";
  return `${begin(label)}\n${wrap(body.toString("base64"), 70)}\n${end(label)}\n`;
}

function opensshEd25519(): string {
  const jwk = ed25519.privateKey.export({ format: "jwk" });
  const pub = jwkBytes(jwk.x);
  const blob = Buffer.concat([sshString("ssh-ed25519"), sshString(pub)]);
  const fields = Buffer.concat([
    sshString("ssh-ed25519"),
    sshString(pub),
    sshString(Buffer.concat([jwkBytes(jwk.d), pub])),
  ]);
  return openssh(blob, fields, "dev@drydock");
}

function opensshEcdsa(): string {
  const jwk = p256.privateKey.export({ format: "jwk" });
  const q = Buffer.concat([Buffer.from([4]), jwkBytes(jwk.x), jwkBytes(jwk.y)]);
  const type = "ecdsa-sha2-nistp256";
  const blob = Buffer.concat([sshString(type), sshString("nistp256"), sshString(q)]);
  const fields = Buffer.concat([blob, mpint(jwkBytes(jwk.d))]);
  return openssh(blob, fields, "ci@drydock");
}

// --- OpenPGP (RFC 4880): a v4 EdDSA Secret-Key packet and a User ID packet, armored ---

function crc24(data: Buffer): number {
  let crc = 0xb704ce;
  for (const byte of data) {
    crc ^= byte << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

function mpi(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const v = b.subarray(i);
  const bits = (v.length - 1) * 8 + (32 - Math.clz32(v[0]!));
  const head = Buffer.alloc(2);
  head.writeUInt16BE(bits);
  return Buffer.concat([head, v]);
}

function pgpPrivateBlock(oldFormat: boolean, headers: string): string {
  const jwk = ed25519b.privateKey.export({ format: "jwk" });
  const secret = mpi(jwkBytes(jwk.d));
  let sum = 0;
  for (const b of secret) sum = (sum + b) & 0xffff;
  const checksum = Buffer.alloc(2);
  checksum.writeUInt16BE(sum);
  const body = Buffer.concat([
    Buffer.from([4]),
    u32(1700000000),
    Buffer.from([22, 9, 0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x0f, 0x01]),
    mpi(Buffer.concat([Buffer.from([0x40]), jwkBytes(jwk.x)])),
    Buffer.from([0]),
    secret,
    checksum,
  ]);
  const header = oldFormat ? Buffer.from([0x95, 0, body.length]) : Buffer.from([0xc5, body.length]);
  const uid = Buffer.from("Dry Dock <dev@drydock.test>");
  const packets = Buffer.concat([header, body, Buffer.from([0xcd, uid.length]), uid]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc24(packets));
  const label = "PGP PRIVATE KEY BLOCK";
  return `${begin(label)}\n${headers}\n${wrap(packets.toString("base64"), 64)}\n=${crc.subarray(1).toString("base64")}\n${end(label)}\n`;
}

// --- ssh.com / Tectia SSH2 private key ---

function ssh2Key(label: string, headers: string): string {
  const payload = Buffer.concat([
    sshString("if-modn{sign{rsa-pkcs1-sha1},encrypt{rsa-pkcs1v2-oaep}}"),
    sshString("none"),
    sshString(bytes(label, 640)),
  ]);
  const body = Buffer.concat([
    Buffer.from([0x3f, 0x6f, 0xf9, 0xeb]),
    u32(payload.length + 8),
    payload,
  ]);
  const l = "SSH2 ENCRYPTED PRIVATE KEY";
  return `---- BEGIN ${l} ----\n${headers}${wrap(body.toString("base64"), 70)}\n---- END ${l} ----\n`;
}

// --- PuTTY .ppk ---

function ppk(version: 2 | 3, encryption: string): string {
  const jwk = ed25519.privateKey.export({ format: "jwk" });
  const pub = Buffer.concat([sshString("ssh-ed25519"), sshString(jwkBytes(jwk.x))]);
  const priv =
    encryption === "none" ? sshString(jwkBytes(jwk.d)) : bytes(`ppk-${version}-${encryption}`, 48);
  const pubLines = wrap(pub.toString("base64"), 64).split("\n");
  const privLines = wrap(priv.toString("base64"), 64).split("\n");
  const mac = createHmac(version === 3 ? "sha256" : "sha1", "k")
    .update(Buffer.concat([pub, priv]))
    .digest("hex");
  const kdf =
    version === 3 && encryption !== "none"
      ? "Key-Derivation: Argon2id\nArgon2-Memory: 8192\nArgon2-Passes: 13\nArgon2-Parallelism: 1\nArgon2-Salt: 0123456789abcdef0123456789abcdef\n"
      : "";
  return [
    `PuTTY-User-Key-File-${version}: ssh-ed25519`,
    `Encryption: ${encryption}`,
    `Comment: eddsa-key-20240101`,
    `Public-Lines: ${pubLines.length}`,
    ...pubLines,
    `${kdf}Private-Lines: ${privLines.length}`,
    ...privLines,
    `Private-MAC: ${mac}`,
    "",
  ].join("\n");
}

// --- age (bech32 with the age-secret-key- prefix) ---

function bech32Encode(hrp: string, data8: Buffer): string {
  const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  const data: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of data8) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      data.push((acc >> bits) & 31);
    }
  }
  if (bits > 0) data.push((acc << (5 - bits)) & 31);
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  const polymod = (values: number[]) => {
    let chk = 1;
    for (const v of values) {
      const top = chk >>> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ v;
      for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i]!;
    }
    return chk;
  };
  const expanded = [
    ...[...hrp].map((c) => c.charCodeAt(0) >> 5),
    0,
    ...[...hrp].map((c) => c.charCodeAt(0) & 31),
  ];
  const mod = polymod([...expanded, ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = [0, 1, 2, 3, 4, 5].map((i) => (mod >> (5 * (5 - i))) & 31);
  return `${hrp}1${[...data, ...checksum].map((v) => CHARSET[v]).join("")}`;
}

const ageKey = (label: string) => bech32Encode("age-secret-key-", bytes(label, 32)).toUpperCase();

function openvpnKey(label: string): string {
  const hex = bytes(label, 256).toString("hex");
  const l = "OpenVPN Static key V1";
  return `#\n# 2048 bit OpenVPN static key\n#\n${begin(l)}\n${wrap(hex, 32)}\n${end(l)}\n`;
}

// --- things that are not private keys ---

const rsaPublicPkcs1 = rsa2048.publicKey.export({ type: "pkcs1", format: "pem" }) as string;
const spki = (k: KeyObject) => k.export({ type: "spki", format: "pem" }) as string;
const certificate = armor("CERTIFICATE", tlv(0x30, bytes("cert", 600)));
const docs = (label: string) => `${begin(label)}\nMIIEpAIBAAKCAQEA...\n...\n${end(label)}\n`;
const filler = (label: string) =>
  `${begin(label)}\n${"X".repeat(64)}\n${"X".repeat(64)}\n${end(label)}\n`;
const jsonEscaped = (text: string) => JSON.stringify({ private_key: text });

interface Case {
  id: string;
  found: string[];
  notFound: string[];
}

const CASES: Case[] = [
  {
    id: "private-key-rsa",
    found: [
      pem(rsa1024.privateKey, "pkcs1"),
      `config:\n  key: |\n    ${pem(rsa2048.privateKey, "pkcs1").trim().split("\n").join("\n    ")}\n`,
      jsonEscaped(pem(rsa1024.privateKey, "pkcs1")),
    ],
    notFound: [
      docs("RSA PRIVATE KEY"),
      filler("RSA PRIVATE KEY"),
      spki(rsa2048.publicKey),
      certificate,
      // BEGIN and END labels disagree
      pem(rsa1024.privateKey, "pkcs1").replace(end("RSA PRIVATE KEY"), end("EC PRIVATE KEY")),
      // the body is cut short (no END line)
      pem(rsa2048.privateKey, "pkcs1").slice(0, 400),
      // base64 that is not one DER structure
      armor("RSA PRIVATE KEY", bytes("not-der", 600)),
    ],
  },
  {
    id: "private-key-ec",
    found: [pem(p256.privateKey, "sec1"), pem(p384.privateKey, "sec1")],
    notFound: [docs("EC PRIVATE KEY"), spki(p256.publicKey), filler("EC PRIVATE KEY")],
  },
  {
    id: "private-key-dsa",
    found: [dsaTraditional(1024, 160), dsaTraditional(2048, 224)],
    notFound: [docs("DSA PRIVATE KEY"), filler("DSA PRIVATE KEY"), certificate],
  },
  {
    id: "private-key-pkcs8",
    found: [
      pem(rsa2048.privateKey, "pkcs8"),
      pem(ed25519.privateKey, "pkcs8"),
      jsonEscaped(pem(p256.privateKey, "pkcs8")),
    ],
    notFound: [
      docs("PRIVATE KEY"),
      rsaPublicPkcs1,
      spki(ed25519.publicKey),
      filler("PRIVATE KEY"),
      // an encrypted PKCS#8 key is its own rule
      pem(rsa1024.privateKey, "pkcs8", "aes-256-cbc"),
    ],
  },
  {
    id: "private-key-pkcs8-encrypted",
    found: [
      pem(rsa1024.privateKey, "pkcs8", "aes-256-cbc"),
      pem(p256.privateKey, "pkcs8", "aes-128-cbc"),
    ],
    notFound: [
      docs("ENCRYPTED PRIVATE KEY"),
      pem(rsa1024.privateKey, "pkcs8"),
      filler("ENCRYPTED PRIVATE KEY"),
    ],
  },
  {
    id: "private-key-pem-encrypted",
    found: [
      pem(rsa1024.privateKey, "pkcs1", "aes-128-cbc"),
      pem(p256.privateKey, "sec1", "aes-256-cbc"),
    ],
    notFound: [
      pem(rsa1024.privateKey, "pkcs1"),
      `${begin("RSA PRIVATE KEY")}\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,...\n\n...\n${end("RSA PRIVATE KEY")}\n`,
    ],
  },
  {
    id: "private-key-openssh",
    found: [opensshEd25519(), opensshEcdsa()],
    notFound: [
      docs("OPENSSH PRIVATE KEY"),
      `ssh-ed25519 ${Buffer.concat([sshString("ssh-ed25519"), bytes("pub", 32)]).toString("base64")} dev@host\n`,
      // the right label, but not the openssh-key-v1 container
      armor("OPENSSH PRIVATE KEY", bytes("not-openssh", 400)),
    ],
  },
  {
    id: "private-key-pgp",
    found: [
      pgpPrivateBlock(false, ""),
      pgpPrivateBlock(true, "Version: GnuPG v2\nComment: drydock test key\n"),
    ],
    notFound: [
      docs("PGP PRIVATE KEY BLOCK"),
      // a public key block is never reported
      pgpPrivateBlock(false, "").replaceAll("PRIVATE KEY BLOCK", "PUBLIC KEY BLOCK"),
      // a PGP message in a private-key frame is not a Secret-Key packet
      armor("PGP PRIVATE KEY BLOCK", Buffer.concat([Buffer.from([0xc1]), bytes("msg", 300)])),
    ],
  },
  {
    id: "private-key-ssh2",
    found: [
      ssh2Key("ssh2-a", ""),
      ssh2Key(
        "ssh2-b",
        'Subject: dev\nComment: "2048-bit rsa, dev@host, Mon Jan 01 2024 \\\n12:00:00 +0000"\n',
      ),
    ],
    notFound: [
      '---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "docs"\nP2/56wAAA...\n---- END SSH2 ENCRYPTED PRIVATE KEY ----\n',
      "---- BEGIN SSH2 PUBLIC KEY ----\nAAAAB3NzaC1yc2EAAAADAQABAAAAgQ\n---- END SSH2 PUBLIC KEY ----\n",
      ssh2Key("ssh2-d", "").replace("P2/56w", "AAAAAA"),
    ],
  },
  {
    id: "private-key-putty",
    found: [ppk(3, "none"), ppk(2, "aes256-cbc"), ppk(3, "aes256-cbc")],
    notFound: [
      "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: docs\nPublic-Lines: 2\n...\nPrivate-Lines: 1\n...\nPrivate-MAC: ...\n",
      // a public key export in the SSH2 format PuTTYgen writes
      ppk(3, "none").split("Private-Lines")[0]!,
    ],
  },
  {
    id: "age-secret-key",
    found: [
      `# created: 2024-01-01T00:00:00Z\n# public key: age1...\n${ageKey("age-a")}\n`,
      `AGE_IDENTITY=${ageKey("age-b")}`,
    ],
    notFound: [
      // one character changed: the bech32 checksum fails
      ageKey("age-c").slice(0, -1) + (ageKey("age-c").endsWith("Q") ? "P" : "Q"),
      "AGE-SECRET-KEY-1...",
      // an age recipient (public key) is not a secret
      bech32Encode("age", bytes("age-d", 32)),
    ],
  },
  {
    id: "openvpn-static-key",
    found: [
      openvpnKey("ovpn-a"),
      `<tls-auth>\n${openvpnKey("ovpn-b")}</tls-auth>\nkey-direction 1\n`,
    ],
    notFound: [
      docs("OpenVPN Static key V1"),
      openvpnKey("ovpn-c").replace(/[0-9a-f]{32}\n/, ""), // 15 lines: not 2048 bits
      `${begin("OpenVPN Static key V1")}\n${"0".repeat(32).concat("\n").repeat(16)}${end("OpenVPN Static key V1")}\n`,
    ],
  },
];

describe("private-keys rules", () => {
  test("every rule has a table", () => {
    assert.deepEqual(CASES.map((c) => c.id).sort(), rules.map((r) => r.meta.id).sort());
  });

  for (const c of CASES) {
    const rule = rules.find((r) => r.meta.id === c.id)!;
    test(`${c.id}: finds`, () => {
      assert.ok(c.found.length >= 2);
      for (const [i, text] of c.found.entries()) assert.ok(ruleFinds(rule, text), `found[${i}]`);
    });
    test(`${c.id}: does not find`, () => {
      assert.ok(c.notFound.length >= 2);
      for (const [i, text] of c.notFound.entries())
        assert.ok(!ruleFinds(rule, text), `notFound[${i}]`);
    });
  }

  test("the secret is the whole block, from BEGIN to END", () => {
    const key = pem(p256.privateKey, "sec1").trim();
    const rule = rules.find((r) => r.meta.id === "private-key-ec")!;
    const m = new RegExp(rule.pattern.source, "g").exec(`key = """\n${key}\n"""`);
    assert.equal(m?.[0], key);
  });

  test("a PEM bundle (certificate + public key + private key) reports only the private key", () => {
    const bundle = certificate + spki(p256.publicKey) + pem(p256.privateKey, "pkcs8");
    const hits = rules.filter((r) => ruleFinds(r, bundle)).map((r) => r.meta.id);
    assert.deepEqual(hits, ["private-key-pkcs8"]);
  });

  test("each generated key is reported by exactly one rule", () => {
    for (const c of CASES)
      for (const text of c.found) {
        const hits = rules.filter((r) => ruleFinds(r, text)).map((r) => r.meta.id);
        assert.deepEqual(hits, [c.id]);
      }
  });
});
