/**
 * Secrets in git history: every commit reachable from any ref (branches merged or not, tags,
 * notes, every stash entry), its commit message and the lines it ADDED. A secret is reported
 * once, at the commit where it first appeared: commits are walked oldest first (parents before
 * children, then by commit date) and a fingerprint already seen is dropped.
 *
 * The system `git` does the walking and the diffing; its output is streamed through a child
 * process and parsed line by line, so memory holds one file's added lines of one commit (cut
 * into slices of a few MiB) and never the history. Binary diffs carry no lines and are skipped.
 */
import { spawn } from "node:child_process";
import { DrydockError } from "../core/errors.ts";
import type { Finding, Origin } from "./types.ts";

/** What the history scan needs of the engine (`SecretEngine` fits). */
export interface TextScanner {
  scanText(text: string, origin: Origin): Finding[];
}

export interface GitScanResult {
  findings: Finding[];
  /** `bytes`: the added lines and commit messages handed to the engine. */
  stats: { commits: number; bytes: number };
  errors: { path: string; reason: string }[];
}

export interface GitScanOptions {
  onProgress?(p: { commits: number; totalCommits?: number }): void;
}

/** The `origin.path` of a secret found in a commit message. */
export const COMMIT_MESSAGE_PATH = "(commit message)";

/** Added lines of one file are scanned in slices of about this many characters. */
const SLICE_CHARS = 4 * 1024 * 1024;
/** A longer line (a minified bundle) is scanned up to here; the rest is reported as skipped. */
const MAX_LINE_CHARS = 8 * 1024 * 1024;

/**
 * Options that make `git log -p` / `git diff` print the same thing whatever the user's
 * configuration: no colour, no external diff or textconv driver, `a/` and `b/` prefixes,
 * paths unquoted except for control characters, quotes and backslashes (see `unquote`),
 * no context lines.
 */
const DIFF_ARGS = [
  "-U0",
  "--no-color",
  "--no-ext-diff",
  "--no-textconv",
  "--full-index",
  "-M",
  "--src-prefix=a/",
  "--dst-prefix=b/",
];
const GIT_CONFIG = ["-c", "core.quotePath=false", "-c", "log.showSignature=false"];

/** Starts a commit header: NUL, C, NUL, then the fields (see LOG_FORMAT). */
const HEADER = "\0C\0";
const HEADER_END = "\0E";
const LOG_FORMAT = "--format=%x00C%x00%H%x00%an%x00%ae%x00%aI%x00%B%x00E";

export async function scanGitHistory(
  dir: string,
  engine: TextScanner,
  opts: GitScanOptions = {},
): Promise<GitScanResult> {
  const stashes = await stashCommits(dir);
  const totalCommits = Number.parseInt(
    (await gitOutput(dir, ["rev-list", "--all", "--count", "--stdin"], stashes)).trim(),
    10,
  );
  const parser = new DiffParser(engine, { dedup: true });
  const args = [
    ...GIT_CONFIG,
    "log",
    "--all",
    "--stdin",
    "--reverse",
    "--date-order",
    // A merge shows what it changed against its first parent: an evil merge's own lines, and
    // a stash's working-tree changes (a stash entry is a merge). Lines a merge brings from its
    // other parent were seen at their own commits and are dropped as duplicates.
    "--diff-merges=first-parent",
    "-p",
    ...DIFF_ARGS,
    LOG_FORMAT,
  ];
  const total = Number.isFinite(totalCommits) ? totalCommits : undefined;
  await streamGit(dir, args, stashes, parser, () =>
    opts.onProgress?.({
      commits: parser.commits,
      ...(total !== undefined ? { totalCommits: total } : {}),
    }),
  );
  return parser.result();
}

/**
 * The staged changes only (`git diff --cached`): what the next commit would add, for a
 * pre-commit hook. Every finding is reported (no commit yet, no deduplication across history).
 */
export async function scanStaged(dir: string, engine: TextScanner): Promise<GitScanResult> {
  const parser = new DiffParser(engine, { dedup: false });
  parser.startDiffOnly();
  await streamGit(dir, [...GIT_CONFIG, "diff", "--cached", ...DIFF_ARGS], "", parser);
  return parser.result();
}

/** Every stash entry (`refs/stash` and its reflog): `--all` alone sees only the newest one. */
async function stashCommits(dir: string): Promise<string> {
  try {
    return await gitOutput(dir, ["reflog", "show", "--format=%H", "refs/stash", "--"], "");
  } catch {
    return ""; // no stash
  }
}

type CommitInfo = NonNullable<Origin["commit"]>;

/**
 * The parser of `git log -p -U0` (and `git diff -U0`) output. Hunk headers give the counts of
 * old and new lines, so a hunk's body is read by counting and can never be mistaken for a
 * header, whatever the added lines say.
 */
class DiffParser {
  commits = 0;
  bytes = 0;
  readonly findings: Finding[] = [];
  readonly errors: { path: string; reason: string }[] = [];
  private readonly seen = new Set<string>();
  private commit: CommitInfo | undefined;
  /** Set while a commit header (which may span lines: the message) is being read. */
  private header: string[] | null = null;
  private path: string | null = null;
  private oldLeft = 0;
  private newLeft = 0;
  private nextLine = 0;
  private added: string[] = [];
  private lineNumbers: number[] = [];
  private addedChars = 0;

  constructor(
    private readonly engine: TextScanner,
    private readonly opts: { dedup: boolean },
  ) {}

  startDiffOnly(): void {
    this.commit = undefined;
  }

  /** One line of git's output, without its newline. */
  line(line: string, truncated: boolean): void {
    if (this.header) {
      this.header.push(line);
      if (line.endsWith(HEADER_END)) this.endHeader();
      return;
    }
    if (this.oldLeft > 0 || this.newLeft > 0) {
      this.hunkLine(line, truncated);
      return;
    }
    if (line.startsWith(HEADER)) {
      this.flush();
      this.path = null;
      this.header = [line];
      if (line.endsWith(HEADER_END)) this.endHeader();
    } else if (line.startsWith("diff --git ")) {
      this.flush();
      this.path = null;
    } else if (line.startsWith("+++ ")) {
      this.path = parsePath(line.slice(4));
    } else if (line.startsWith("@@ ")) {
      const m = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) return;
      // Slices end at hunk boundaries where possible, so a key block stays in one piece.
      if (this.addedChars > SLICE_CHARS) this.flush();
      this.oldLeft = m[1] === undefined ? 1 : Number(m[1]);
      this.nextLine = Number(m[2]);
      this.newLeft = m[3] === undefined ? 1 : Number(m[3]);
    }
    // Anything else ("index ...", "new file mode", "Binary files ... differ", the blank line
    // after a message, "\ No newline at end of file") carries no added text.
  }

  end(): void {
    if (this.header) this.endHeader();
    this.flush();
  }

  result(): GitScanResult {
    return {
      findings: this.findings,
      stats: { commits: this.commits, bytes: this.bytes },
      errors: this.errors,
    };
  }

  private hunkLine(line: string, truncated: boolean): void {
    const sign = line.charCodeAt(0);
    if (sign === 43 /* + */) {
      if (this.path !== null) {
        const text = line.slice(1);
        this.added.push(text);
        this.lineNumbers.push(this.nextLine);
        this.addedChars += text.length + 1;
        if (truncated)
          this.errors.push({
            path: this.where(),
            reason: `line ${this.nextLine} is longer than ${MAX_LINE_CHARS} characters; only its start was scanned`,
          });
        if (this.addedChars > 4 * SLICE_CHARS) this.flush();
      }
      this.nextLine++;
      this.newLeft--;
    } else if (sign === 45 /* - */) {
      this.oldLeft--;
    } else if (sign === 32 /* space: context, only with -U1 or more */) {
      this.nextLine++;
      this.oldLeft--;
      this.newLeft--;
    } else if (sign !== 92 /* \ No newline at end of file */) {
      // Not a hunk line: the counts were wrong. Stop the hunk and read the line as a header.
      this.oldLeft = 0;
      this.newLeft = 0;
      this.line(line, truncated);
    }
  }

  private endHeader(): void {
    const text = this.header!.join("\n");
    this.header = null;
    // \0C\0 sha \0 author \0 email \0 date \0 message \0E
    const fields = text.slice(HEADER.length, text.length - HEADER_END.length).split("\0");
    const [sha = "", author = "", email = "", date = ""] = fields;
    const message = fields.slice(4).join("\0");
    this.commit = { sha, author, email, date };
    this.commits++;
    this.scan(message, COMMIT_MESSAGE_PATH, null);
  }

  private flush(): void {
    if (this.added.length === 0 || this.path === null) {
      this.added = [];
      this.lineNumbers = [];
      this.addedChars = 0;
      return;
    }
    const text = this.added.join("\n");
    const lines = this.lineNumbers;
    this.added = [];
    this.lineNumbers = [];
    this.addedChars = 0;
    this.scan(text, this.path, lines);
  }

  /** Scans `text`; `lines[i]` is the line number in the new file of the text's line i + 1. */
  private scan(text: string, path: string, lines: number[] | null): void {
    this.bytes += Buffer.byteLength(text);
    if (text.length === 0) return;
    const origin: Origin = this.commit ? { path, commit: this.commit } : { path };
    for (const f of this.engine.scanText(text, origin)) {
      if (this.opts.dedup) {
        if (this.seen.has(f.fingerprint)) continue;
        this.seen.add(f.fingerprint);
      }
      const line = lines ? (lines[f.line - 1] ?? f.line) : f.line;
      this.findings.push({ ...f, origin, line });
    }
  }

  private where(): string {
    return this.commit ? `${this.commit.sha.slice(0, 12)}:${this.path}` : (this.path ?? "");
  }
}

/** The path of a `+++ ` line: `b/dir/file`, `"b/with\"quote"`, or `/dev/null` (deleted). */
function parsePath(raw: string): string | null {
  let p = raw.endsWith("\t") ? raw.slice(0, -1) : raw; // git adds a tab after names with spaces
  if (p === "/dev/null") return null;
  if (p.startsWith('"') && p.endsWith('"')) p = unquote(p.slice(1, -1));
  return p.startsWith("b/") ? p.slice(2) : p;
}

/** Undoes git's C-style quoting of a path (`\"`, `\\`, `\t`, `\n`, octal bytes `\303\251`). */
export function unquote(s: string): string {
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13 };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== "\\") {
      bytes.push(...Buffer.from(c, "utf8"));
      continue;
    }
    const next = s[i + 1] ?? "";
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(s.slice(i + 1, i + 4), 8) & 0xff);
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Runs git and feeds its output, line by line, to the parser (with back-pressure). */
async function streamGit(
  dir: string,
  args: string[],
  stdin: string,
  parser: DiffParser,
  onCommit?: () => void,
): Promise<void> {
  const child = spawn("git", ["-C", dir, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  const stderr = collectStderr(child.stderr);
  const exit = exitOf(child);
  child.stdin.on("error", () => {}); // git may exit before reading all of stdin
  child.stdin.end(stdin);
  child.stdout.setEncoding("utf8");
  let carry: string[] = [];
  let carryChars = 0;
  let truncated = false;
  let commits = parser.commits;
  const add = (piece: string) => {
    if (carryChars >= MAX_LINE_CHARS) {
      truncated = true;
      return;
    }
    const room = MAX_LINE_CHARS - carryChars;
    if (piece.length > room) truncated = true;
    const kept = piece.length > room ? piece.slice(0, room) : piece;
    carry.push(kept);
    carryChars += kept.length;
  };
  try {
    for await (const chunk of child.stdout as AsyncIterable<string>) {
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf("\n", start);
        if (nl === -1) {
          if (start < chunk.length) add(chunk.slice(start));
          break;
        }
        let line: string;
        if (carry.length === 0) line = chunk.slice(start, nl);
        else {
          add(chunk.slice(start, nl));
          line = carry.join("");
        }
        parser.line(line, truncated);
        carry = [];
        carryChars = 0;
        truncated = false;
        start = nl + 1;
        if (parser.commits !== commits) {
          commits = parser.commits;
          onCommit?.();
        }
      }
    }
    if (carry.length > 0) parser.line(carry.join(""), truncated);
    parser.end();
  } catch (err) {
    child.kill();
    await exit.catch(() => {});
    throw err;
  }
  const code = await exit;
  if (code !== 0) throw gitFailed(dir, args, code, await stderr);
}

/** A short command's whole output (rev-list --count, reflog). */
async function gitOutput(dir: string, args: string[], stdin: string): Promise<string> {
  const child = spawn("git", ["-C", dir, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  const stderr = collectStderr(child.stderr);
  const exit = exitOf(child);
  child.stdin.on("error", () => {});
  child.stdin.end(stdin);
  const out: Buffer[] = [];
  for await (const c of child.stdout) out.push(c as Buffer);
  const code = await exit;
  if (code !== 0) throw gitFailed(dir, args, code, await stderr);
  return Buffer.concat(out).toString("utf8");
}

function exitOf(child: ReturnType<typeof spawn>): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "ENOENT"
          ? new DrydockError("UNSUPPORTED", "git is not installed (it is needed to read history)")
          : err,
      ),
    );
    child.once("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** The first 4 KiB of standard error, for the message. */
async function collectStderr(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const c of stream) {
    if (text.length < 4096) text += String(c);
  }
  return text.slice(0, 4096);
}

function gitFailed(dir: string, args: string[], code: number, stderr: string): DrydockError {
  const verb = args.find((a) => !a.startsWith("-") && !a.includes("=")) ?? "git";
  const reason = stderr.trim().split("\n")[0] || `exit code ${code}`;
  return new DrydockError("INVALID", `${dir}: git ${verb} failed: ${reason}`);
}
