import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { after, before, test } from "node:test";
import { SecretEngine } from "../../src/secrets/engine.ts";
import { RULES } from "../../src/secrets/rules/api.ts";
import { scanTree } from "../../src/secrets/tree.ts";
import type { Finding, SecretRule } from "../../src/secrets/types.ts";
import { GENERATORS, type Plant, seeded } from "../fixtures/secrets-corpus.ts";

/**
 * Recall and false hits on real third-party code: a deterministic 3,000-file subset of this
 * project's own node_modules is copied into a temporary tree, synthetic secrets of every rule
 * that has a generator (test/fixtures/secrets-corpus.ts) are planted at known files and lines
 * (two of each, one per file), and the tree is scanned with `scanTree` as `drydock scan
 * secrets` does. Recall = planted secrets reported at their place by an expected rule, over
 * all planted. A false hit = a finding at no planted place: real code, reported.
 */
const ROOT = join(import.meta.dirname, "..", "..");
const NODE_MODULES = join(ROOT, "node_modules");
const FILES = 3_000;
const PER_RULE = 2;
const MIN_RECALL = 0.96;
/**
 * At most this many findings in 3,000 files of real third-party code. The real ones seen
 * here are test keys and sample credentials that packages ship on purpose (a PEM key in a
 * TLS library's tests, an example connection string with a password in a driver's README):
 * the scanner is right to report them, and each one is printed below. Ten leaves room for a
 * dependency update to add a few, and fails on a rule that starts firing on ordinary code.
 */
const MAX_FALSE_HITS = 10;
const TEXT = /\.(?:[cm]?js|ts|json|md|ya?ml|txt)$/;

interface Placed {
  ruleId: string;
  path: string;
  /** 1-based line of the plant's first line in the final file. */
  start: number;
  lines: number;
  expect: { line: number; rules: string[] };
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-recall-"));
});
after(async () => rm(dir, { recursive: true, force: true }));

/** Every regular text file under node_modules (no symlinks), in a stable order. */
function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && TEXT.test(e.name) && statSync(full).size <= 512 * 1024) out.push(full);
    }
  };
  walk(root);
  return out;
}

/** The family folder of every rule id (src/secrets/rules/<family>/index.ts exports `rules`). */
async function families(): Promise<Map<string, string[]>> {
  const base = join(ROOT, "src", "secrets", "rules");
  const out = new Map<string, string[]>();
  for (const name of readdirSync(base).sort()) {
    const index = join(base, name, "index.ts");
    if (!existsSync(index)) continue;
    const mod = (await import(index)) as { rules?: SecretRule[] };
    out.set(
      name,
      (mod.rules ?? []).map((r) => r.meta.id),
    );
  }
  return out;
}

test("every rule family has a generator; the generators make what their rules find", async (t) => {
  const missingFamilies: string[] = [];
  for (const [family, ids] of await families()) {
    if (!ids.some((id) => GENERATORS[id])) missingFamilies.push(family);
  }
  assert.deepEqual(missingFamilies, [], "families without any generator");
  const without = RULES.map((r) => r.meta.id).filter((id) => !GENERATORS[id]);
  t.diagnostic(
    `rules: ${RULES.length}; without a generator: ${without.length} ${without.join(" ")}`,
  );
  // Each generator alone, through the whole engine (prefilter, overlaps, pairs).
  const engine = new SecretEngine();
  const misses: string[] = [];
  for (const rule of RULES) {
    const gen = GENERATORS[rule.meta.id];
    if (!gen) continue;
    const plant = gen(seeded(1));
    const found = engine.scanText(plant.lines.join("\n"), { path: "snippet.txt" });
    if (
      !found.some((f) => f.line === plant.expect.line + 1 && plant.expect.rules.includes(f.ruleId))
    )
      misses.push(
        `${rule.meta.id}: ${found.map((f) => `${f.ruleId}@${f.line}`).join(",") || "nothing"}`,
      );
  }
  assert.deepEqual(misses, []);
});

test(`recall >= ${MIN_RECALL} over planted secrets of every rule in ${FILES} files of real code`, async (t) => {
  assert.ok(existsSync(NODE_MODULES), "node_modules (npm ci) is needed");
  const all = listFiles(NODE_MODULES);
  assert.ok(all.length >= FILES, `only ${all.length} text files in node_modules`);
  // Every k-th file: spread over all packages, the same choice for the same lockfile.
  const step = all.length / FILES;
  const chosen = Array.from({ length: FILES }, (_, i) => all[Math.floor(i * step)]!);
  const tree = join(dir, "tree");
  const contents = new Map<string, string>();
  for (const src of chosen) {
    // No directory named node_modules in the copy: the tree is "a checkout with vendored code".
    const rel = relative(NODE_MODULES, src).split("node_modules").join("nm");
    contents.set(rel, readFileSync(src, "utf8"));
  }

  // Targets: files whose lines are short (not minified), in a seeded order.
  const r = seeded(20240601);
  const targets = [...contents.keys()].filter((p) =>
    contents
      .get(p)!
      .split("\n")
      .every((l) => l.length < 400),
  );
  for (let i = targets.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [targets[i], targets[j]] = [targets[j]!, targets[i]!];
  }
  const plants: { ruleId: string; plant: Plant }[] = [];
  for (const rule of RULES) {
    const gen = GENERATORS[rule.meta.id];
    if (!gen) continue;
    for (let k = 0; k < PER_RULE; k++)
      plants.push({ ruleId: rule.meta.id, plant: gen(seeded(1000 * plants.length + 17)) });
  }
  assert.ok(
    targets.length >= plants.length,
    `${targets.length} targets for ${plants.length} plants`,
  );
  const placed: Placed[] = [];
  for (const [i, { ruleId, plant }] of plants.entries()) {
    const path = targets[i]!;
    const lines = contents.get(path)!.split("\n");
    const at = Math.floor(r() * (lines.length + 1));
    lines.splice(at, 0, ...plant.lines);
    contents.set(path, lines.join("\n"));
    placed.push({ ruleId, path, start: at + 1, lines: plant.lines.length, expect: plant.expect });
  }
  for (const [rel, text] of contents) {
    const file = join(tree, rel);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }

  const started = performance.now();
  const result = await scanTree(tree, new SecretEngine());
  const seconds = (performance.now() - started) / 1000;

  const key = (path: string, line: number) => `${path}\0${line}`;
  const byPlace = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const k = key(f.origin.path, f.line);
    byPlace.set(k, [...(byPlace.get(k) ?? []), f]);
  }
  const planted = new Set<string>();
  const missed: string[] = [];
  for (const p of placed) {
    for (let l = 0; l < p.lines; l++) planted.add(key(p.path, p.start + l));
    const at = byPlace.get(key(p.path, p.start + p.expect.line)) ?? [];
    if (!at.some((f) => p.expect.rules.includes(p.ruleId) && p.expect.rules.includes(f.ruleId)))
      missed.push(
        `${p.ruleId} at ${p.path}:${p.start + p.expect.line} (found there: ${at.map((f) => f.ruleId).join(", ") || "nothing"})`,
      );
  }
  const falseHits = result.findings.filter((f) => !planted.has(key(f.origin.path, f.line)));
  const recall = (placed.length - missed.length) / placed.length;

  t.diagnostic(
    `${result.stats.files} files, ${(result.stats.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s; ` +
      `planted ${placed.length} (${placed.length / PER_RULE} rules x ${PER_RULE}); ` +
      `${result.findings.length} findings; recall ${(recall * 100).toFixed(2)}%; false hits ${falseHits.length}`,
  );
  for (const m of missed) t.diagnostic(`missed: ${m}`);
  for (const f of falseHits)
    t.diagnostic(`false hit: ${f.ruleId} at ${f.origin.path}:${f.line}:${f.column} ${f.redacted}`);
  assert.equal(result.stats.files, FILES);
  assert.deepEqual(result.errors, []);
  assert.ok(recall >= MIN_RECALL, `recall ${recall} < ${MIN_RECALL}`);
  assert.ok(falseHits.length <= MAX_FALSE_HITS, `${falseHits.length} false hits`);
  // For bench/secrets.sh, which reports recall next to speed.
  if (process.env.DRYDOCK_RECALL_OUT)
    await writeFile(
      process.env.DRYDOCK_RECALL_OUT,
      JSON.stringify({
        planted: placed.length,
        missed: missed.length,
        recall,
        falseHits: falseHits.length,
      }),
    );
});
