import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import {
  ALLOW_WITHOUT_REASON,
  fingerprint,
  globToRegExp,
  looksBinary,
  redact,
  SecretEngine,
} from "./engine.ts";
import { KeywordAutomaton } from "./prefilter.ts";
import { RULES } from "./rules/api.ts";
import type { Finding, SecretRule } from "./types.ts";

// Secrets are built at test time from a hash, so no credential-shaped literal is in the source.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function fake(label: string, length: number, alphabet = ALPHABET): string {
  let out = "";
  for (let i = 0; out.length < length; i++) {
    for (const b of createHash("sha256").update(`${label}:${i}`).digest()) {
      if (out.length < length) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}

function rule(
  id: string,
  keywords: string[],
  pattern: RegExp,
  extra: Partial<SecretRule> = {},
): SecretRule {
  return {
    meta: { id, title: id, severity: "high", keywords, docsUrl: "https://example.invalid/docs" },
    pattern,
    ...extra,
  };
}

const TOKEN = rule("test-token", ["tkn_"], /\b(?<secret>tkn_[A-Za-z0-9]{24})\b/g);
const KEY_ID = rule("test-key-id", ["kid"], /\b(?<secret>KID[A-Z0-9]{16})\b/g);
const KEY_SECRET = rule(
  "test-key-secret",
  ["keysecret"],
  /keysecret\s*=\s*"(?<secret>[A-Za-z0-9/+]{40})"/gi,
  { pair: { ruleId: "test-key-id", withinLines: 3 } },
);
const GENERIC = rule(
  "generic-test-secret",
  ["secret"],
  /secret\s*[:=]\s*"?(?<secret>[A-Za-z0-9_]{16,64})"?/gi,
  { minEntropy: 3 },
);
const PEM = rule(
  "test-pem",
  ["-----begin test key-----"],
  /-----BEGIN TEST KEY-----[A-Za-z0-9+/=\s]{16,8192}?-----END TEST KEY-----/g,
);
const TEST_RULES = [TOKEN, KEY_ID, KEY_SECRET, GENERIC, PEM];

const token = (label: string) => `tkn_${fake(label, 24)}`;
const keyId = (label: string) => `KID${fake(label, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}`;
const keySecret = (label: string) => fake(label, 40);

function engine(opts: ConstructorParameters<typeof SecretEngine>[0] = {}): SecretEngine {
  return new SecretEngine({ rules: TEST_RULES, ...opts });
}

function scan(text: string, e = engine()): Finding[] {
  return e.scanText(text, { path: "app/config.txt" });
}

test("the prefilter finds every keyword of every rule, in any case, anywhere", () => {
  for (const rules of [RULES, TEST_RULES]) {
    const automaton = new KeywordAutomaton(rules.map((r) => r.meta.keywords));
    for (const [g, r] of rules.entries()) {
      for (const k of r.meta.keywords) {
        for (const variant of [k, k.toUpperCase(), mixCase(k)]) {
          const text = `${"x".repeat(g % 7)} ${variant}`;
          const hits = automaton.scan(text).groups.get(g);
          assert.ok(hits, `${r.meta.id}: keyword ${JSON.stringify(variant)} not found`);
          assert.equal(hits[0], text.length - k.length, r.meta.id);
        }
      }
    }
  }
});

test("the prefilter agrees with a naive search on random texts", () => {
  const keywords = [["abc", "bcd"], ["c"], ["abcd", "zz"], ["dab"]];
  const automaton = new KeywordAutomaton(keywords);
  for (let round = 0; round < 300; round++) {
    const text = fake(`text-${round}`, 40, "abcdzABCDZ ");
    const hits = automaton.scan(text).groups;
    const lower = text.toLowerCase();
    for (const [g, ks] of keywords.entries()) {
      // Ranges cover exactly the characters of the keyword occurrences (adjacent ones merge).
      const expected = new Array<boolean>(text.length).fill(false);
      for (let i = 0; i < lower.length; i++)
        for (const k of ks) if (lower.startsWith(k, i)) expected.fill(true, i, i + k.length);
      const got = new Array<boolean>(text.length).fill(false);
      const ranges = hits.get(g) ?? [];
      for (let i = 0; i < ranges.length; i += 2) got.fill(true, ranges[i]!, ranges[i + 1]!);
      assert.deepEqual(got, expected, `${text} group ${g}`);
    }
    assert.equal(automaton.anyInBytes(Buffer.from(text)), hits.size > 0);
  }
});

test("a finding: rule, 1-based line and column, redacted text, fingerprint", () => {
  const secret = token("one");
  const text = `first line\n  value: ${secret}\n`;
  const [f, ...rest] = scan(text);
  assert.equal(rest.length, 0);
  assert.ok(f);
  assert.equal(f.ruleId, "test-token");
  assert.equal(f.line, 2);
  assert.equal(f.column, 10);
  assert.equal(f.secret, secret);
  assert.equal(f.redacted, `${secret.slice(0, 2)}…${secret.slice(-2)}`);
  assert.equal(f.fingerprint, fingerprint("test-token", secret));
  assert.deepEqual(f.origin, { path: "app/config.txt" });
});

test("columns count from the start of the line, also on the first and last line, CRLF or not", () => {
  const a = token("a");
  const b = token("b");
  const found = scan(`${a}\r\nx\r\n\r\n   ${b}`);
  assert.deepEqual(
    found.map((f) => [f.line, f.column]),
    [
      [1, 1],
      [4, 4],
    ],
  );
});

test("no keyword, no pattern: a text without keywords is not matched at all", () => {
  let ran = false;
  const spy = rule("spy", ["neverthere"], /x/g, {
    validate: () => {
      ran = true;
      return true;
    },
  });
  assert.deepEqual(engine({ rules: [spy] }).scanText("x x x", { path: "a" }), []);
  assert.equal(ran, false);
});

test("identical (rule, secret, line) is reported once; another line is another finding", () => {
  const s = token("dup");
  const found = scan(`${s} ${s}\n${s}`);
  assert.deepEqual(
    found.map((f) => f.line),
    [1, 2],
  );
});

test("pairs: a key id within range folds into its secret's finding", () => {
  const id = keyId("pair");
  const secret = keySecret("pair");
  const near = scan(`key_id = "${id}"\n\nkeysecret = "${secret}"\n`);
  assert.equal(near.length, 1);
  assert.equal(near[0]!.ruleId, "test-key-secret");
  assert.equal(near[0]!.paired, "test-key-id");
  assert.equal(near[0]!.secret, secret);

  const far = scan(`key_id = "${id}"\n\n\n\n\nkeysecret = "${secret}"\n`);
  assert.deepEqual(far.map((f) => [f.ruleId, f.paired]).sort(), [
    ["test-key-id", undefined],
    ["test-key-secret", undefined],
  ]);
});

test("overlapping spans: the specific rule wins over the generic one", () => {
  const t = token("overlap");
  const found = scan(`secret = "${t}"`);
  assert.deepEqual(
    found.map((f) => f.ruleId),
    ["test-token"],
  );
  // Without the specific rule the generic one still reports it.
  const generic = engine({ rules: [GENERIC] }).scanText(`secret = "${t}"`, { path: "x" });
  assert.deepEqual(
    generic.map((f) => f.ruleId),
    ["generic-test-secret"],
  );
});

test("a multi-line secret (PEM-like block) is found and located at its first line", () => {
  const body = fake("pem", 64 * 12)
    .match(/.{1,64}/g)!
    .join("\n");
  const text = `x = 1\n-----BEGIN TEST KEY-----\n${body}\n-----END TEST KEY-----\n`;
  const found = scan(text);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.ruleId, "test-pem");
  assert.equal(found[0]!.line, 2);
});

test("inline allows: with a reason they suppress their line and the next; without, they are reported", () => {
  const s = token("allow");
  const allowedSame = scan(`k = "${s}" # drydock:allow test fixture, revoked\n`);
  assert.deepEqual(allowedSame, []);
  const allowedBefore = scan(`// drydock:allow: documented sample\nk = "${s}"\n`);
  assert.deepEqual(allowedBefore, []);
  const tooFar = scan(`// drydock:allow documented sample\n\nk = "${s}"\n`);
  assert.deepEqual(
    tooFar.map((f) => f.ruleId),
    ["test-token"],
  );

  const noReason = scan(`k = "${s}" /* drydock:allow */\n`);
  assert.deepEqual(noReason.map((f) => f.ruleId).sort(), [ALLOW_WITHOUT_REASON, "test-token"]);
  const marker = noReason.find((f) => f.ruleId === ALLOW_WITHOUT_REASON)!;
  assert.equal(marker.severity, "low");
  assert.equal(marker.line, 1);
  assert.ok(!marker.redacted.includes(s) && !marker.secret.includes(s));

  // Other words that begin with the marker are not markers, nor is the marker in a string.
  assert.deepEqual(
    scan(`see drydock:allowlist\nk = "${s}"`).map((f) => f.ruleId),
    ["test-token"],
  );
  assert.deepEqual(scan('const MARKER = "drydock:allow";\n'), []);
  // Comment styles: #, //, /* */, <!-- -->, --, ;
  for (const line of [
    `k = "${s}" #drydock:allow fixture`,
    `k = "${s}" <!-- drydock:allow fixture -->`,
    `k = "${s}" -- drydock:allow fixture`,
    `k = "${s}" ; drydock:allow fixture`,
  ])
    assert.deepEqual(scan(line), [], line);
});

test("allowInline false: no inline allow counts (and none is reported)", () => {
  const s = token("central");
  const strict = engine({ allowInline: false });
  assert.deepEqual(
    scan(`k = "${s}" # drydock:allow because I said so\n`, strict).map((f) => f.ruleId),
    ["test-token"],
  );
  assert.deepEqual(
    scan(`k = "${s}" # drydock:allow\n`, strict).map((f) => f.ruleId),
    ["test-token"],
  );
});

test("allowlist: paths (globs, archive members), rules, fingerprints", () => {
  const s = token("list");
  const e = engine({ allowlist: { paths: ["fixtures/**", "*.snap", "vendor/"] } });
  for (const path of ["fixtures/a.txt", "src/x/y.snap", "vendor/lib/a.js", "fixtures/b.zip!c"])
    assert.deepEqual(e.scanText(s, { path }), [], path);
  assert.equal(e.scanText(s, { path: "src/fixtures.txt" }).length, 1);

  assert.deepEqual(scan(s, engine({ allowlist: { rules: ["test-token"] } })), []);
  assert.deepEqual(
    scan(s, engine({ allowlist: { fingerprints: [fingerprint("test-token", s)] } })),
    [],
  );
});

test("globs", () => {
  const cases: [string, string, boolean][] = [
    ["*.pem", "a/b/key.pem", true],
    ["*.pem", "key.pem", true],
    ["/*.pem", "a/key.pem", false],
    ["docs/**/*.md", "docs/a/b/c.md", true],
    ["docs/**/*.md", "docs/c.md", true],
    ["docs/*.md", "docs/a/c.md", false],
    ["test/fixtures/", "test/fixtures/x/y", true],
    ["{a,b}/x?.txt", "b/x1.txt", true],
    ["[!a]*.txt", "b.txt", true],
    ["[!a]*.txt", "a.txt", false],
    ["a.b", "aXb", false],
  ];
  for (const [glob, path, expected] of cases)
    assert.equal(globToRegExp(glob).test(path), expected, `${glob} ${path}`);
});

test("redaction: first and last two characters; short secrets are all stars", () => {
  assert.equal(redact("abcdefghijklmnop"), "ab…op");
  assert.equal(redact("short"), "****");
  assert.equal(redact("elevenchars"), "****");
  assert.equal(redact("😀bcdefghijk😀"), "😀b…k😀");
});

test("fingerprints are stable: sha256 of rule id, colon, secret", () => {
  assert.equal(
    fingerprint("test-token", "not-a-secret-value"),
    "c8d2a41d045156609de5f893ceb2585d8810a597fb8f7dceb62713e49588b4d0",
  );
  const s = token("stable");
  const a = scan(`x ${s}`)[0]!;
  const b = engine().scanText(`\n\n\n  ${s}`, { path: "other/place" })[0]!;
  assert.equal(a.fingerprint, b.fingerprint);
});

test("binary sniffing: NUL bytes or mostly non-text is skipped; UTF-8 text is not", () => {
  const e = engine();
  const s = token("bin");
  const withNul = Buffer.concat([Buffer.from(`${s}\n`), Buffer.from([0, 1, 2])]);
  assert.deepEqual(e.scanBuffer(withNul, { path: "a.bin" }), { skipped: "binary" });
  const noisy = Buffer.alloc(1000);
  for (let i = 0; i < noisy.length; i++) noisy[i] = i % 2 === 0 ? 0xff : 0x01;
  assert.equal(looksBinary(noisy), true);
  // Some invalid bytes in text (a Latin-1 file, say) are still text.
  const latin1 = Buffer.from("caf\xe9 cr\xe8me, na\xefve r\xe9sum\xe9\n".repeat(40), "latin1");
  assert.equal(looksBinary(latin1), false);
  // Valid UTF-8 with terminal escapes (a log) is text.
  assert.equal(looksBinary(Buffer.from("\x1b[31merror\x1b[0m\f\n".repeat(100))), false);
  assert.equal(looksBinary(Buffer.from("grüße, 日本語のテキスト, ümlauts\n".repeat(50))), false);
  assert.equal(looksBinary(new Uint8Array(0)), false);
  // A NUL byte after the first 8 KiB is not looked at.
  const lateNul = Buffer.concat([Buffer.from(`${"a".repeat(9000)} ${s}`), Buffer.from([0])]);
  assert.equal((e.scanBuffer(lateNul, { path: "late" }) as Finding[]).length, 1);
});

test("invalid UTF-8 is decoded with replacement characters and still scanned", () => {
  const s = token("utf8");
  const buf = Buffer.concat([Buffer.from([0xc3, 0x28, 0xff, 0x0a]), Buffer.from(`é = "${s}"`)]);
  const found = engine().scanBuffer(buf, { path: "bad.txt" }) as Finding[];
  assert.equal(found.length, 1);
  assert.equal(found[0]!.line, 2);
  assert.equal(found[0]!.column, 6);
});

test("UTF-8 with other characters: the byte prefilter's offsets match the decoded text", () => {
  const e = engine();
  for (const prefix of [
    Buffer.from([0xef, 0xbb, 0xbf]), // a byte-order mark
    Buffer.from("日本語 😀 grüße\n"),
    Buffer.from([0x41, 0xc3, 0x0a, 0xf0, 0x80, 0x80, 0x20]), // broken sequences
    Buffer.from([0xe2, 0x82]), // cut right before the keyword
  ]) {
    const s = token(`utf8-${prefix.toString("hex")}`);
    const buf = Buffer.concat([
      prefix,
      Buffer.from(`ä = "${s}" ✓ and ${s.toLowerCase()}\nzweite Zeile ${s} \ufeff ${s}`),
    ]);
    const viaBytes = e.scanBuffer(buf, { path: "u.txt" }) as Finding[];
    const viaText = e.scanText(new TextDecoder().decode(buf), { path: "u.txt" });
    assert.ok(viaBytes.length >= 3, prefix.toString("hex"));
    assert.deepEqual(viaBytes, viaText, prefix.toString("hex"));
  }
});

test("UTF-16 text with a byte-order mark is decoded, not taken for binary", () => {
  const s = token("utf16");
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`a = ${s}\r\n`, "utf16le")]);
  const found = engine().scanBuffer(le, { path: "w.ps1" }) as Finding[];
  assert.deepEqual(
    found.map((f) => [f.secret, f.column]),
    [[s, 5]],
  );
});

test("scanBuffer skips buffers over maxBytes", () => {
  const e = engine({ maxBytes: 10 });
  assert.deepEqual(e.scanBuffer(Buffer.from("x".repeat(11)), { path: "big" }), {
    skipped: "too-large",
  });
});

test("a long single line: the pattern runs near the keyword only, and still finds it", () => {
  const s = token("long");
  const filler = "a9/".repeat(1_000_000); // 3 MB, one line, minified-looking
  const text = `${filler}"${s}"${filler}`;
  const found = scan(text);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.line, 1);
  assert.equal(found[0]!.column, filler.length + 2);
});

test("a match cut at a region edge inside a long line is not reported in pieces", () => {
  // A generic secret far longer than any region: never half-reported as a shorter one.
  const long = `secret = "${fake("giant", 40)}${"Z".repeat(200_000)}"`;
  const padded = `${"y".repeat(100_000)} ${long}`;
  for (const f of scan(padded)) assert.ok(f.secret.length <= 64);
});

test("scanStream finds secrets across window edges once, with the right positions", async () => {
  const s = token("stream");
  const e = engine();
  // Put the secret exactly across the 1 Mi-character window edge.
  const before = "b".repeat(1024 * 1024 - 20);
  const text = `line one\n${before} ${s} tail\nlast ${s}\n`;
  const bytes = Buffer.from(text);
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += 65536) yield bytes.subarray(i, i + 65536);
  }
  const found = (await e.scanStream(chunks(), { path: "big.txt" })) as Finding[];
  assert.deepEqual(
    found.map((f) => [f.line, f.column]),
    [
      [2, before.length + 2],
      [3, 6],
    ],
  );
  const expected = e.scanText(text, { path: "big.txt" });
  assert.deepEqual(found, expected);
});

test("scanStream sniffs binary content", async () => {
  async function* chunks() {
    yield Buffer.from([1, 2, 0, 3]);
  }
  assert.deepEqual(await engine().scanStream(chunks(), { path: "b" }), { skipped: "binary" });
});

test("spec: an engine over RULES can be rebuilt from plain data; custom rules cannot", () => {
  const e = new SecretEngine({ allowInline: false, allowlist: { paths: ["x/**"] } });
  const spec = e.spec();
  assert.ok(spec);
  const again = SecretEngine.fromSpec(JSON.parse(JSON.stringify(spec)));
  assert.deepEqual(
    again.rules.map((r) => r.meta.id),
    e.rules.map((r) => r.meta.id),
  );
  assert.equal(again.allowInline, false);
  assert.equal(engine().spec(), null);
});

function mixCase(s: string): string {
  return [...s].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c)).join("");
}

test("prefilter throughput over every rule's keywords (reported, loosely bounded)", (t) => {
  const automaton = new KeywordAutomaton(
    RULES.map((r) => r.meta.keywords),
    16 * 1024,
  );
  // 8 MiB of source-like text: identifiers, punctuation, now and then a common keyword.
  const line = "const value = compute(items[index], { retries: 3, timeout: 250 }); // ok\n";
  const bytes = Buffer.from(line.repeat(Math.ceil((8 * 1024 * 1024) / line.length)));
  const text = bytes.toString("latin1");
  const rate = (f: () => unknown) => {
    let best = 0;
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      f();
      best = Math.max(best, bytes.length / 1e6 / ((performance.now() - start) / 1000));
    }
    return best;
  };
  const onBytes = rate(() => automaton.scanBytes(bytes));
  const onText = rate(() => automaton.scan(text));
  t.diagnostic(
    `${RULES.length} rules: prefilter ${onBytes.toFixed(0)} MB/s on bytes, ${onText.toFixed(0)} MB/s on text`,
  );
  // A loose floor: catches an accidental quadratic loop, not a slow machine.
  assert.ok(onBytes > 10 && onText > 10);
});
