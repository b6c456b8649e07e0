import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { deflateRawSync } from "node:zlib";
import ajv from "ajv";
import addFormats from "ajv-formats";
import { SecretsJson } from "../../src/secrets/report/json.ts";
import { githubToken } from "../helpers/fake-secrets.ts";
import { runDrydock } from "../helpers/process.ts";

// `drydock scan secrets` as a user runs it, in a child process, with the shipped rules.
// Secrets are made at test time: GitHub classic tokens with a valid CRC-32 checksum, so the
// shipped rule (which checks it) reports them. None is written in this file.

let dir: string;
const first = githubToken("first");
const second = githubToken("second");
const later = githubToken("later");

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-secrets-cli-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tree(name: string, files: Record<string, string>): Promise<string> {
  const root = join(dir, name);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

const scan = (args: string[]) => runDrydock(["scan", "secrets", ...args], { timeoutMs: 120_000 });

test("exit codes: 0 clean, 1 findings, --exit-code N, 3 partial, 2 unreadable path or bad config", async () => {
  const clean = await tree("clean", { "a.txt": "nothing to see\n" });
  const dirty = await tree("dirty", { "src/app.env": `GITHUB_TOKEN=${first}\n` });

  const ok = await scan([clean]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /No secrets found/);

  const found = await scan([dirty]);
  assert.equal(found.code, 1, found.stderr);
  assert.match(found.stdout, /github-pat/);
  assert.match(found.stdout, /src\/app\.env:1/);

  assert.equal((await scan([dirty, "--exit-code", "7"])).code, 7);
  assert.equal((await scan([dirty, "--exit-code", "0"])).code, 0);

  // No findings, but a part that could not be scanned (a decompression bomb): 3.
  const bomb = await tree("bomb", { "ok.txt": "fine\n" });
  await writeFile(join(bomb, "bomb.zip"), zipOf("zeros.bin", new Uint8Array(60 * 1024 * 1024)));
  const partial = await scan([bomb]);
  assert.equal(partial.code, 3, partial.stderr);
  assert.match(partial.stderr, /bomb\.zip: decompression bomb/);

  const missing = await scan([join(dir, "does-not-exist")]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*does-not-exist: ENOENT/);

  const badConfig = join(dir, "bad.yaml");
  await writeFile(badConfig, "allowlist:\n  pathz: [x]\n");
  const bad = await scan([clean, "--config", badConfig]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bad\.yaml: allowlist\.pathz: unknown key/);

  await writeFile(badConfig, "maxFileBytes: -3\n");
  const negative = await scan([clean, "--config", badConfig]);
  assert.equal(negative.code, 2);
  assert.match(negative.stderr, /bad\.yaml: maxFileBytes: /);

  await writeFile(badConfig, "disableRules: [no-such-rule]\n");
  const unknown = await scan([clean, "--config", badConfig]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /disableRules\.0: unknown rule id "no-such-rule"/);
});

test("every format parses, and none prints the secret unless --show-secrets", async () => {
  const root = await tree("formats", {
    "config/prod.env": `A=1\nTOKEN=${first}\n`,
    'docs/<weird> & "name".md': `see ${second}\n`,
  });
  const schema = JSON.parse(
    await readFile(new URL("../fixtures/sarif-schema-2.1.0.json", import.meta.url), "utf8"),
  );
  const validator = new ajv.default({ strict: false, allErrors: true });
  addFormats.default(validator);
  const validate = validator.compile(schema);

  for (const format of ["table", "json", "sarif", "junit"]) {
    const r = await scan([root, "--format", format, "--no-progress"]);
    assert.equal(r.code, 1, `${format}: ${r.stderr}`);
    for (const s of [first, second]) {
      assert.ok(!r.stdout.includes(s), `${format} printed a secret on stdout`);
      assert.ok(!r.stderr.includes(s), `${format} printed a secret on stderr`);
    }
    assert.ok(r.stdout.includes(`${first.slice(0, 2)}…${first.slice(-2)}`), format);

    if (format === "json") {
      const doc = SecretsJson.parse(JSON.parse(r.stdout));
      assert.deepEqual(
        doc.findings.map((f) => [f.path, f.line, f.ruleId]),
        [
          ["config/prod.env", 2, "github-pat"],
          ['docs/<weird> & "name".md', 1, "github-pat"],
        ],
      );
      assert.equal(doc.findings[0]!.secret, undefined);
      assert.equal(doc.target.kind, "dir");
    }
    if (format === "sarif") {
      const log = JSON.parse(r.stdout) as SarifLog;
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      const run = log.runs[0]!;
      const rule = run.tool.driver.rules.find((x) => x.id === "github-pat")!;
      assert.ok(rule.helpUri && rule.shortDescription.text && rule.defaultConfiguration.level);
      assert.equal(run.results.length, 2);
      const [a, b] = run.results as [SarifResult, SarifResult];
      assert.equal(a.ruleId, "github-pat");
      assert.equal(a.level, "error");
      const where = a.locations[0]!.physicalLocation;
      assert.equal(where.artifactLocation.uri, "config/prod.env");
      assert.deepEqual([where.region.startLine, where.region.startColumn], [2, 7]);
      assert.match(a.partialFingerprints["drydockFingerprint/v1"] ?? "", /^[0-9a-f]{64}$/);
      assert.equal(
        b.locations[0]!.physicalLocation.artifactLocation.uri,
        "docs/%3Cweird%3E%20%26%20%22name%22.md",
      );
    }
    if (format === "junit") {
      assert.match(r.stdout, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
      assert.match(r.stdout, /name="docs\/&lt;weird&gt; &amp; &quot;name&quot;.md"/);
      assert.equal(wellFormed(r.stdout), true);
      assert.equal((r.stdout.match(/<failure /g) ?? []).length, 2);
    }
  }

  const shown = await scan([root, "--format", "json", "--show-secrets"]);
  const doc = SecretsJson.parse(JSON.parse(shown.stdout));
  assert.deepEqual(
    doc.findings.map((f) => f.secret),
    [first, second],
  );
});

test("baseline round trip: written without plaintext, then only new findings count", async () => {
  const root = await tree("baseline", { "a.env": `T=${first}\n`, "b.env": `T=${second}\n` });
  const file = join(dir, "baseline.json");

  const write = await scan([root, "--write-baseline", file]);
  assert.equal(write.code, 0, write.stderr);
  const text = await readFile(file, "utf8");
  for (const s of [first, second]) {
    assert.ok(!text.includes(s));
    assert.ok(!text.includes(s.slice(0, 10)));
  }
  const baseline = JSON.parse(text);
  assert.equal(baseline.version, 1);
  assert.deepEqual(
    baseline.fingerprints.map((f: { ruleId: string; path: string }) => [f.ruleId, f.path]),
    [
      ["github-pat", "a.env"],
      ["github-pat", "b.env"],
    ],
  );

  const quiet = await scan([root, "--baseline", file, "--format", "json"]);
  assert.equal(quiet.code, 0, quiet.stderr);
  const doc = SecretsJson.parse(JSON.parse(quiet.stdout));
  assert.deepEqual(doc.findings, []);
  assert.equal(doc.stats.suppressed.baseline, 2);

  // A baselined secret moved to another file stays baselined; a new one is reported.
  await writeFile(join(root, "c.env"), `MOVED=${first}\nNEW=${later}\n`);
  const again = await scan([root, "--baseline", file, "--format", "json"]);
  assert.equal(again.code, 1);
  assert.deepEqual(
    SecretsJson.parse(JSON.parse(again.stdout)).findings.map((f) => [f.path, f.line]),
    [["c.env", 2]],
  );

  await writeFile(file, '{"version": 1, "fingerprints": [{"fingerprint": "nope"}]}');
  const broken = await scan([root, "--baseline", file]);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /baseline .*baseline\.json: fingerprints\.0\.fingerprint/);
});

test("config file: allowlist paths and rules, inline allows refused by a central team", async () => {
  const root = await tree("config", {
    "src/app.env": `T=${first}\n`,
    "test/fixtures/x.env": `T=${second}\n`,
    "src/allowed.env": `T=${later} # drydock:allow revoked test token, see TICKET-1\n`,
    "src/lazy.env": "x = 1 # drydock:allow\n",
  });
  const json = async (args: string[]) => {
    const r = await scan([root, "--format", "json", ...args]);
    return { code: r.code, doc: SecretsJson.parse(JSON.parse(r.stdout)) };
  };

  // No configuration: inline allows count, an allow without a reason is reported.
  const plain = await json([]);
  assert.deepEqual(
    plain.doc.findings.map((f) => [f.path, f.ruleId]),
    [
      ["src/app.env", "github-pat"],
      ["src/lazy.env", "allow-without-reason"],
      ["test/fixtures/x.env", "github-pat"],
    ],
  );

  // .drydock-secrets.yaml in the scanned root is read by default.
  await writeFile(
    join(root, ".drydock-secrets.yaml"),
    'allowlist:\n  paths: ["test/fixtures/"]\n  rules: [allow-without-reason]\n',
  );
  const listed = await json([]);
  assert.deepEqual(
    listed.doc.findings.map((f) => f.path),
    ["src/app.env"],
  );

  // A central team's file given with --config: inline allows do not count.
  const central = join(dir, "central.yaml");
  await writeFile(central, "allowInlineAllows: false\ndisableRules: []\n");
  const strict = await json(["--config", central]);
  assert.deepEqual(
    strict.doc.findings.map((f) => f.path),
    ["src/allowed.env", "src/app.env", "test/fixtures/x.env"],
  );

  await writeFile(central, "disableRules: [github-pat]\n");
  const disabled = await json(["--config", central]);
  assert.deepEqual(
    disabled.doc.findings.map((f) => f.ruleId),
    ["allow-without-reason"],
  );
});

test("--git and --staged scan a repository through git.ts", async () => {
  const { execFileSync } = await import("node:child_process");
  const repo = await tree("repo", { "README.md": "hello\n" });
  const git = (...args: string[]) =>
    execFileSync(
      "git",
      ["-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args],
      {
        stdio: "pipe",
      },
    );
  git("init", "-q");
  await writeFile(join(repo, "old.env"), `T=${first}\n`);
  git("add", ".");
  git("commit", "-q", "-m", "add");
  git("rm", "-q", "old.env");
  git("commit", "-q", "-m", "remove");
  await writeFile(join(repo, "new.env"), `T=${second}\n`);
  git("add", "new.env");

  const history = await scan([repo, "--git", "--format", "json"]);
  assert.equal(history.code, 1, history.stderr);
  const h = SecretsJson.parse(JSON.parse(history.stdout));
  assert.deepEqual(
    h.findings.map((f) => f.path),
    ["old.env"],
  );
  assert.equal(h.target.kind, "git");
  assert.match(h.findings[0]!.commit?.sha ?? "", /^[0-9a-f]{40}$/);

  const staged = await scan([repo, "--staged", "--format", "json"]);
  assert.equal(staged.code, 1, staged.stderr);
  assert.deepEqual(
    SecretsJson.parse(JSON.parse(staged.stdout)).findings.map((f) => f.path),
    ["new.env"],
  );

  assert.equal((await scan([repo, "--git", "--staged"])).code, 2);
});

/** A one-member zip (deflated), enough for a bomb. */
function zipOf(name: string, data: Uint8Array): Buffer {
  const body = deflateRawSync(data);
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + n.length, 12);
  end.writeUInt32LE(local.length + n.length + body.length, 16);
  return Buffer.concat([local, n, body, central, n, end]);
}

interface SarifResult {
  ruleId: string;
  level: string;
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string };
      region: { startLine: number; startColumn: number };
    };
  }[];
  partialFingerprints: Record<string, string>;
}

interface SarifLog {
  runs: {
    tool: {
      driver: {
        rules: {
          id: string;
          helpUri?: string;
          shortDescription: { text: string };
          defaultConfiguration: { level: string };
        }[];
      };
    };
    results: SarifResult[];
  }[];
}

/** Tags balance and every `&` starts an entity: enough to catch broken escaping. */
function wellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml[^>]*\?>\n/, "");
  if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(body)) return false;
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, close, name, , selfClose] = m;
    if (selfClose) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name!);
  }
  const stripped = body.replace(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g, "");
  return stack.length === 0 && !stripped.includes("<") && !stripped.includes(">");
}
