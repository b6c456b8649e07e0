import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  COMMIT_MESSAGE_PATH,
  scanGitHistory,
  scanStaged,
  type TextScanner,
  unquote,
} from "./git.ts";
import type { Finding, Origin } from "./types.ts";

/**
 * The history walk and the diff parser, with a scanner that is part of the test's input: it
 * reports every `tok_` followed by ten lowercase letters or digits, so the assertions see
 * exactly which added text, at which line of which file, reached the engine.
 */
const tokens: TextScanner = {
  scanText(text: string, origin: Origin): Finding[] {
    const out: Finding[] = [];
    const lines = text.split("\n");
    for (const [i, line] of lines.entries()) {
      for (const m of line.matchAll(/tok_[a-z0-9]{10}/g)) {
        out.push({
          ruleId: "tok",
          title: "token",
          severity: "high",
          origin,
          line: i + 1,
          column: m.index + 1,
          secret: m[0],
          redacted: "t…",
          fingerprint: m[0],
        });
      }
    }
    return out;
  },
};

let dir: string;
let n = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-git-unit-"));
});
after(async () => rm(dir, { recursive: true, force: true }));

function repo(): { path: string; git: (...args: string[]) => string } {
  const path = join(dir, `r${++n}`);
  execFileSync("git", ["init", "-q", "-b", "main", path]);
  let tick = 0;
  const git = (...args: string[]) => {
    tick++;
    const date = `2024-01-01T00:00:${String(tick).padStart(2, "0")}Z`;
    return execFileSync(
      "git",
      ["-C", path, "-c", "user.name=T", "-c", "user.email=t@example.org", ...args],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      },
    );
  };
  return { path, git };
}

const where = (f: Finding) => `${f.secret} ${f.origin.path}:${f.line}`;

test("unquote undoes git's C-style path quoting", () => {
  const cases: [string, string][] = [
    ["plain", "plain"],
    ['b/with\\"quote', 'b/with"quote'],
    ["back\\\\slash", "back\\slash"],
    ["tab\\there", "tab\there"],
    ["caf\\303\\251", "café"],
  ];
  for (const [input, want] of cases) assert.equal(unquote(input), want, input);
});

test("line numbers come from the hunk headers: edits in the middle of a file", async () => {
  const { path, git } = repo();
  const body = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`);
  await writeFile(join(path, "f.txt"), `${body.join("\n")}\n`);
  git("add", ".");
  git("commit", "-q", "-m", "base");
  body.splice(9, 1, "x tok_aaaaaaaaaa", "y");
  body.splice(39, 0, "z", "w", "tok_bbbbbbbbbb");
  await writeFile(join(path, "f.txt"), `${body.join("\n")}\n`);
  git("commit", "-q", "-am", "edit");
  const r = await scanGitHistory(path, tokens);
  assert.deepEqual(r.findings.map(where), ["tok_aaaaaaaaaa f.txt:10", "tok_bbbbbbbbbb f.txt:42"]);
  assert.equal(r.findings[0]!.column, 3);
  assert.equal(r.stats.commits, 2);
  assert.deepEqual(r.errors, []);
});

test("odd paths: spaces, quotes, non-ASCII; renames are not new lines", async () => {
  const { path, git } = repo();
  await writeFile(join(path, "a b.txt"), "tok_cccccccccc\n");
  await writeFile(join(path, 'q"é.txt'), "one\ntok_dddddddddd\n");
  git("add", ".");
  git("commit", "-q", "-m", "odd");
  git("mv", "a b.txt", "moved.txt");
  git("commit", "-q", "-m", "rename");
  const r = await scanGitHistory(path, tokens);
  assert.deepEqual(r.findings.map(where), ["tok_cccccccccc a b.txt:1", 'tok_dddddddddd q"é.txt:2']);
});

test("messages, evil merges and every stash entry are scanned; progress counts commits", async () => {
  const { path, git } = repo();
  await writeFile(join(path, "f"), "a\n");
  git("add", ".");
  git("commit", "-q", "-m", "subject\n\nbody line\nkey tok_eeeeeeeeee");
  git("checkout", "-q", "-b", "side");
  await writeFile(join(path, "g"), "side\n");
  git("add", ".");
  git("commit", "-q", "-m", "side");
  git("checkout", "-q", "main");
  git("merge", "-q", "--no-ff", "--no-commit", "side");
  await writeFile(join(path, "h"), "evil tok_ffffffffff\n");
  git("add", "h");
  git("commit", "-q", "-m", "merge");
  await writeFile(join(path, "f"), "a\nstash one tok_gggggggggg\n");
  git("stash", "-q");
  await writeFile(join(path, "f"), "a\nstash two tok_hhhhhhhhhh\n");
  git("stash", "-q");
  const seen: { commits: number; totalCommits?: number }[] = [];
  const r = await scanGitHistory(path, tokens, { onProgress: (p) => seen.push(p) });
  assert.deepEqual(r.findings.map(where), [
    `tok_eeeeeeeeee ${COMMIT_MESSAGE_PATH}:4`,
    "tok_ffffffffff h:1",
    "tok_gggggggggg f:2",
    "tok_hhhhhhhhhh f:2",
  ]);
  // first, side, merge; two commits per stash entry (index and working tree).
  assert.equal(r.stats.commits, 7);
  assert.equal(seen.at(-1)?.commits, 7);
  assert.equal(seen.at(-1)?.totalCommits, 7);
});

test("an empty repository has nothing; a directory that is not one is an error", async () => {
  const { path } = repo();
  const r = await scanGitHistory(path, tokens);
  assert.deepEqual(r, { findings: [], stats: { commits: 0, bytes: 0 }, errors: [] });
  const plain = join(dir, "plain");
  execFileSync("mkdir", ["-p", plain]);
  await assert.rejects(scanGitHistory(plain, tokens), /not a git repository/);
});

test("a line longer than the limit is scanned up to it and reported", async () => {
  const { path, git } = repo();
  await writeFile(join(path, "big.js"), `tok_iiiiiiiiii${"x".repeat(9 * 1024 * 1024)}\nend\n`);
  git("add", ".");
  git("commit", "-q", "-m", "big");
  const r = await scanGitHistory(path, tokens);
  assert.deepEqual(r.findings.map(where), ["tok_iiiiiiiiii big.js:1"]);
  assert.match(r.errors[0]?.reason ?? "", /line 1 is longer than/);
});

test("staged: only what the next commit adds, also before the first commit", async () => {
  const { path, git } = repo();
  await writeFile(join(path, "s"), "tok_jjjjjjjjjj\n");
  git("add", ".");
  let r = await scanStaged(path, tokens);
  assert.deepEqual(r.findings.map(where), ["tok_jjjjjjjjjj s:1"]);
  git("commit", "-q", "-m", "first");
  await writeFile(join(path, "s"), "tok_jjjjjjjjjj\ntok_kkkkkkkkkk\n");
  await writeFile(join(path, "unstaged"), "tok_llllllllll\n");
  git("add", "s");
  r = await scanStaged(path, tokens);
  assert.deepEqual(r.findings.map(where), ["tok_kkkkkkkkkk s:2"]);
  assert.equal(r.findings[0]!.origin.commit, undefined);
  assert.equal(r.stats.commits, 0);
});
