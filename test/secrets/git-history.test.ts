import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { SecretEngine } from "../../src/secrets/engine.ts";
import { COMMIT_MESSAGE_PATH, scanGitHistory, scanStaged } from "../../src/secrets/git.ts";
import type { Finding } from "../../src/secrets/types.ts";
import { GENERATORS, seeded } from "../fixtures/secrets-corpus.ts";

/**
 * Secrets that live only in a repository's history, in a repository generated here (git init,
 * fixed authors and dates): a file added then deleted, an unmerged branch, a commit reachable
 * only from a tag, a commit message, a secret committed twice, a binary file, and a staged
 * change for the pre-commit mode. Every finding must name the commit where the secret FIRST
 * appeared, its author and date, the path and the line in that commit's version of the file.
 */
let dir: string;
let repo: string;
const engine = new SecretEngine();
const r = seeded(42);
const line = (id: string) => GENERATORS[id]!(r).lines[0]!;

// One secret of a different rule per place, so each finding says where it came from.
const deleted = line("slack-bot-token");
const twice = line("stripe-live-secret-key");
const onBranch = line("github-pat");
const tagOnly = line("gitlab-pat");
const inMessage = line("npm-access-token");
const inBinary = line("sendgrid-api-key");
const staged = line("datadog-api-key");
const unstaged = line("linear-api-key");
const key = GENERATORS["private-key-openssh"]!(r).lines;

interface Made {
  sha: string;
  author: string;
  email: string;
  date: string;
}
const commits: Record<string, Made> = {};

function git(args: string[], env: Record<string, string> = {}): string {
  return execFileSync("git", ["-C", repo, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
}

async function put(path: string, text: string | Buffer) {
  await mkdir(dirname(join(repo, path)), { recursive: true });
  await writeFile(join(repo, path), text);
}

let day = 0;
function commit(name: string, author: string, message: string): Made {
  day++;
  const date = `2024-03-${String(day).padStart(2, "0")}T09:30:00+00:00`;
  const email = `${author.toLowerCase()}@example.org`;
  git(["-c", `user.name=${author}`, "-c", `user.email=${email}`, "commit", "-q", "-m", message], {
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  });
  const made = { sha: git(["rev-parse", "HEAD"]).trim(), author, email, date };
  commits[name] = made;
  return made;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-git-history-"));
  repo = join(dir, "repo");
  execFileSync("git", ["init", "-q", "-b", "main", repo]);
  await put(
    "src/app.js",
    ["'use strict';", "", "export function main() {", "  return 1;", "}", ""].join("\n"),
  );
  git(["add", "."]);
  commit("init", "Alice", "Initial commit");

  // A secret in a file that the next commit deletes; an SSH key; a secret in a binary file.
  await put("deploy/.env", ["# deploy settings", "REGION=eu-west-1", deleted, ""].join("\n"));
  await put("keys/id_ed25519", `${key.join("\n")}\n`);
  await put(
    "assets/blob.bin",
    Buffer.concat([Buffer.from([0, 1, 2, 3, 0]), Buffer.from(`\n${inBinary}\n`)]),
  );
  git(["add", "."]);
  commit("added", "Bob", "Add deployment settings");

  await unlink(join(repo, "deploy/.env"));
  git(["rm", "-q", "--cached", "keys/id_ed25519"]);
  git(["add", "-A"]);
  commit("removed", "Alice", "Remove secrets from the tree");

  // The same secret twice: first in app.js (line 5), later in another file.
  await put(
    "src/app.js",
    ["'use strict';", "", "export function main() {", "  return 1;", `  // ${twice}`, "}", ""].join(
      "\n",
    ),
  );
  git(["add", "."]);
  commit("first", "Carol", "Wire up payments");
  await put("lib/copy.js", `${twice}\n`);
  git(["add", "."]);
  commit("again", "Dave", "Copy the payment settings");

  // A secret in a commit message (third line of the message).
  git(
    ["commit", "-q", "--allow-empty", "-m", `Rotate the publish token\n\nold one: ${inMessage}`],
    {
      GIT_AUTHOR_DATE: "2024-03-20T12:00:00+00:00",
      GIT_COMMITTER_DATE: "2024-03-20T12:00:00+00:00",
    },
  );
  commits.message = {
    sha: git(["rev-parse", "HEAD"]).trim(),
    author: execFileSync("git", ["-C", repo, "log", "-1", "--format=%an"], {
      encoding: "utf8",
    }).trim(),
    email: execFileSync("git", ["-C", repo, "log", "-1", "--format=%ae"], {
      encoding: "utf8",
    }).trim(),
    date: "2024-03-20T12:00:00+00:00",
  };

  // An unmerged branch.
  git(["checkout", "-q", "-b", "feature/ci"]);
  await put("ci.yml", ["steps:", `  - run: echo ${onBranch.split("=")[1]}`, ""].join("\n"));
  git(["add", "."]);
  commit("branch", "Erin", "CI experiment");
  git(["checkout", "-q", "main"]);

  // A commit only a tag reaches.
  git(["checkout", "-q", "--detach"]);
  await put("notes/release.txt", ["release notes", "", tagOnly, ""].join("\n"));
  git(["add", "."]);
  commit("tagged", "Frank", "Release candidate");
  git(["tag", "v0.9-rc"]);
  git(["checkout", "-q", "main"]);

  // Staged for the next commit, and a change that is not staged.
  await put("config/prod.env", `${staged}\n`);
  git(["add", "config/prod.env"]);
  await put("src/app.js", `${unstaged}\n`);
});
after(async () => rm(dir, { recursive: true, force: true }));

const at = (findings: Finding[], ruleId: string) => {
  const found = findings.filter((f) => f.ruleId === ruleId);
  assert.equal(found.length, 1, `${ruleId}: ${found.length} findings`);
  return found[0]!;
};

test("history: every secret once, at the commit that first added it, with path and line", async () => {
  const seen: number[] = [];
  const result = await scanGitHistory(repo, engine, { onProgress: (p) => seen.push(p.commits) });
  const expect = (ruleId: string, made: Made, path: string, lineNo: number) => {
    const f = at(result.findings, ruleId);
    assert.deepEqual(
      { path: f.origin.path, line: f.line, commit: f.origin.commit },
      { path, line: lineNo, commit: made },
      ruleId,
    );
  };
  expect("slack-bot-token", commits.added!, "deploy/.env", 3);
  expect("private-key-openssh", commits.added!, "keys/id_ed25519", 1);
  expect("stripe-live-secret-key", commits.first!, "src/app.js", 5);
  expect("npm-access-token", commits.message!, COMMIT_MESSAGE_PATH, 3);
  expect("github-pat", commits.branch!, "ci.yml", 2);
  expect("gitlab-pat", commits.tagged!, "notes/release.txt", 3);
  // The binary file is not read; nothing staged or unstaged is history.
  assert.deepEqual(result.findings.map((f) => f.ruleId).sort(), [
    "github-pat",
    "gitlab-pat",
    "npm-access-token",
    "private-key-openssh",
    "slack-bot-token",
    "stripe-live-secret-key",
  ]);
  assert.equal(result.stats.commits, 8);
  assert.equal(seen.at(-1), 8);
  assert.ok(result.stats.bytes > 0);
  assert.deepEqual(result.errors, []);
});

test("staged: only what is staged, with no commit", async () => {
  const result = await scanStaged(repo, engine);
  assert.deepEqual(
    result.findings.map((f) => ({
      ruleId: f.ruleId,
      path: f.origin.path,
      line: f.line,
      commit: f.origin.commit,
    })),
    [{ ruleId: "datadog-api-key", path: "config/prod.env", line: 1, commit: undefined }],
  );
  assert.equal(result.stats.commits, 0);
});

test("the stash is history too: every entry", async () => {
  const clone = join(dir, "stash");
  execFileSync("git", ["clone", "-q", repo, clone]);
  const g = (...args: string[]) =>
    execFileSync(
      "git",
      ["-C", clone, "-c", "user.name=S", "-c", "user.email=s@example.org", ...args],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
  await writeFile(join(clone, "stashed.env"), `${line("groq-api-key")}\n`);
  g("add", "stashed.env");
  g("stash", "-q");
  await writeFile(join(clone, "src/app.js"), `${line("openai-legacy-api-key")}\n`);
  g("stash", "-q");
  const result = await scanGitHistory(clone, engine);
  const rules = result.findings.map((f) => `${f.ruleId} ${f.origin.path}:${f.line}`);
  assert.ok(rules.includes("groq-api-key stashed.env:1"), rules.join("\n"));
  assert.ok(rules.includes("openai-legacy-api-key src/app.js:1"), rules.join("\n"));
});
