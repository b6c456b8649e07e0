/**
 * The secret engine: decides which rules run on a text, where, and what becomes a finding.
 *
 * 1. The prefilter (prefilter.ts) passes once over the text for every rule's keywords.
 * 2. Only the rules whose keywords occur run their pattern (`ruleCandidates`), and on large
 *    texts only on regions around the keyword hits: at least CONTEXT characters each side,
 *    widened to whole lines when a line boundary is near, cut otherwise (a minified file or a
 *    50 MB single line costs a few KiB of pattern work per hit, never a pass over the line).
 * 3. Candidates of two rules that overlap: the specific rule wins over a `generic-*` one.
 * 4. Positions become 1-based lines and columns (UTF-16 code units, as editors and SARIF count).
 * 5. Identical (rule, secret, line) are reported once; pairs fold into one finding; inline
 *    `drydock:allow <reason>` comments and the allowlist drop findings.
 */
import { isAscii, isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { type HitRanges, KeywordAutomaton, type PrefilterHits } from "./prefilter.ts";
import { RULES } from "./rules/api.ts";
import { ruleCandidates } from "./rules/match.ts";
import type { Finding, Origin, RuleMeta, SecretRule } from "./types.ts";

export interface EngineOptions {
  /** The rules to run (default: every rule, RULES). */
  rules?: readonly SecretRule[];
  /** Whether `drydock:allow <reason>` comments suppress findings (default true). */
  allowInline?: boolean;
  allowlist?: {
    /** Globs over the scanned path (`**`, `*`, `?`, `[...]`, `{a,b}`); see `globToRegExp`. */
    paths?: string[];
    /** Rule ids never reported. */
    rules?: string[];
    /** Fingerprints (see `fingerprint`) never reported. */
    fingerprints?: string[];
  };
  /** scanBuffer skips larger buffers as `too-large` (default 10 MiB); scanStream has no limit. */
  maxBytes?: number;
}

/**
 * The extension point for checking a found credential against its provider (is this key
 * live?). drydock registers no verifier: verification needs network egress to the provider,
 * which a self-hosted scanner must not assume. An implementation answers for `ruleIds` only.
 */
export interface Verifier {
  ruleIds: string[];
  verify(f: Finding): Promise<"valid" | "invalid" | "unknown">;
}

/** What the engine was built from, as plain data: enough for a worker thread to rebuild it. */
export interface EngineSpec {
  ruleIds: string[];
  allowInline: boolean;
  allowlist: { paths: string[]; rules: string[]; fingerprints: string[] };
  maxBytes: number;
}

export type ScanResult = Finding[] | { skipped: "binary" | "too-large" };

export const ALLOW_MARKER = "drydock:allow";
export const ALLOW_WITHOUT_REASON = "allow-without-reason";
/** The finding an inline allow without a reason turns into (it suppresses nothing). */
export const ALLOW_WITHOUT_REASON_META: RuleMeta = {
  id: ALLOW_WITHOUT_REASON,
  title: "drydock:allow without a reason (suppresses nothing)",
  severity: "low",
  keywords: [ALLOW_MARKER],
  docsUrl: "",
};
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** Characters the pattern sees (at least) on each side of a keyword hit in a large text. */
const CONTEXT = 8 * 1024;
/** A region edge this close to a line boundary moves to it (whole lines where lines are short). */
const SNAP = 4 * 1024;
/** Texts up to this size run the patterns on the whole text. */
const WHOLE_TEXT = 64 * 1024;
/** Bytes looked at to tell text from binary. */
const SNIFF = 8 * 1024;
/** scanStream: characters scanned at a time, and carried over into the next window. */
const STREAM_WINDOW = 1024 * 1024;
const STREAM_OVERLAP = 2 * CONTEXT;

/** `ab…yz`: the first and last two characters; secrets shorter than 12 characters: `****`. */
export function redact(secret: string): string {
  const chars = Array.from(secret);
  if (chars.length < 12) return "****";
  return `${chars.slice(0, 2).join("")}…${chars.slice(-2).join("")}`;
}

/** sha256 (hex) of `${ruleId}:${secret}`: stable across runs, paths and line moves. */
export function fingerprint(ruleId: string, secret: string): string {
  return createHash("sha256").update(`${ruleId}:${secret}`).digest("hex");
}

/**
 * Rules that find a credential by where it stands (a URL's userinfo, an Authorization header,
 * a connection string, a CLI flag, a JWT's shape) rather than by its own format. On the same
 * text a provider's rule says more (`github-pat` in `https://x:ghp_...@github.com`), so these
 * yield to it, as the `generic-*` catch-alls do: one secret, one finding.
 */
const STRUCTURAL_RULES = new Set([
  "url-credentials",
  "git-credentials",
  "database-url-credentials",
  "message-broker-url-credentials",
  "mongodb-connection-string",
  "mysql-connection-string",
  "postgres-connection-string",
  "bearer-auth-header",
  "basic-auth-header",
  "curl-user-credentials",
  "registry-login-password",
  "jwt",
]);

/** Whether a rule is a catch-all (`generic-*` or structural) that yields to a specific rule on overlap. */
export function isGenericRule(ruleId: string): boolean {
  return ruleId.startsWith("generic-") || STRUCTURAL_RULES.has(ruleId);
}

/**
 * Binary, not text: a NUL byte in the first 8 KiB, or, where those bytes are not well-formed
 * UTF-8, more than 30% of them neither printable ASCII, common whitespace and controls (tab,
 * newlines, form feed, backspace, escape) nor part of a well-formed UTF-8 sequence. The common
 * cases (a NUL; valid UTF-8) are decided by native code.
 */
export function looksBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, SNIFF);
  if (n === 0) return false;
  const sample = Buffer.from(buf.buffer, buf.byteOffset, n);
  if (sample.indexOf(0) >= 0) return true;
  // A multi-byte character cut by the end of the sample is not held against the text.
  let end = n;
  if (n < buf.length) {
    let k = n - 1;
    while (k > n - 4 && k > 0 && (sample[k]! & 0xc0) === 0x80) k--;
    if (sample[k]! >= 0xc0) end = k;
  }
  if (isUtf8(sample.subarray(0, end))) return false;
  let bad = 0;
  let i = 0;
  while (i < n) {
    const b = buf[i]!;
    if (b < 0x80) {
      if ((b < 0x20 && !TEXT_CONTROLS.has(b)) || b === 0x7f) bad++;
      i++;
      continue;
    }
    const len =
      b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) {
      bad++;
      i++;
      continue;
    }
    if (i + len > n) {
      if (n < buf.length) break;
      bad += n - i;
      break;
    }
    let ok = true;
    for (let k = 1; k < len; k++) if ((buf[i + k]! & 0xc0) !== 0x80) ok = false;
    if (ok) i += len;
    else {
      bad++;
      i++;
    }
  }
  return bad / n > 0.3;
}
const TEXT_CONTROLS = new Set([8, 9, 10, 11, 12, 13, 27]);

/** A byte-order mark for UTF-16 (whose text is full of NUL bytes): the decoder to use. */
function utf16Encoding(buf: Uint8Array): "utf-16le" | "utf-16be" | null {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return "utf-16le";
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return "utf-16be";
  return null;
}

/**
 * A path glob as a regular expression over `/`-separated paths: `**` any number of segments,
 * `*` and `?` within a segment, `[abc]`/`[!abc]` classes, `{a,b}` alternatives. A glob without
 * a `/` matches the name in any directory (`*.pem`); a glob ending in `/` matches everything
 * below that directory (`vendor/`); a leading `/` anchors at the root.
 */
export function globToRegExp(glob: string): RegExp {
  let g = glob.trim();
  let anchored = false;
  if (g.startsWith("/")) {
    anchored = true;
    g = g.slice(1);
  }
  if (g.endsWith("/")) g = `${g}**`;
  if (!g.includes("/") && !anchored) g = `**/${g}`;
  let re = "";
  let braces = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === "*") {
      if (g[i + 1] !== "*") re += "[^/]*";
      else if ((i === 0 || g[i - 1] === "/") && g[i + 2] === "/") {
        re += "(?:.*/)?"; // `**/`: any number of directories, none included
        i += 2;
      } else {
        re += ".*";
        i += 1;
      }
    } else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const close = g.indexOf("]", i + 2);
      if (close < 0) re += "\\[";
      else {
        let body = g.slice(i + 1, close);
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else if (c === "{") {
      braces++;
      re += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      re += ")";
    } else if (c === "," && braces > 0) re += "|";
    else re += c.replace(/[.+^$()|\\{}]/g, "\\$&");
  }
  while (braces-- > 0) re += ")";
  return new RegExp(`^${re}$`);
}

interface Region {
  start: number;
  end: number;
  /** The edge is a cut inside a line (or a stream window), not the text's own edge. */
  cutStart: boolean;
  cutEnd: boolean;
}

/** Where `text` starts in its file: complete lines before it, code units before it on its line. */
interface Base {
  line: number;
  column: number;
}

interface Located {
  /** Rule index, or -1 for an allow without a reason. */
  rule: number;
  secret: string;
  line: number;
  column: number;
  paired?: string;
}

interface Marker {
  line: number;
  column: number;
  hasReason: boolean;
}

/** What phase one (per text or stream window) hands to phase two (per origin). */
interface Collected {
  located: Located[];
  markers: Marker[];
}

interface Raw {
  rule: number;
  secret: string;
  start: number;
  end: number;
}

export class SecretEngine {
  readonly rules: readonly SecretRule[];
  readonly allowInline: boolean;
  readonly maxBytes: number;
  private readonly automaton: KeywordAutomaton;
  /** The automaton group of the inline-allow marker (after the rules' groups). */
  private readonly allowGroup: number;
  private readonly pathGlobs: RegExp[];
  private readonly droppedRules: Set<string>;
  private readonly droppedFingerprints: Set<string>;
  private readonly ruleIndex: Map<string, number>;
  private readonly options: EngineOptions;

  constructor(opts: EngineOptions = {}) {
    this.options = opts;
    this.droppedRules = new Set(opts.allowlist?.rules ?? []);
    this.rules = (opts.rules ?? RULES).filter((r) => !this.droppedRules.has(r.meta.id));
    this.allowInline = opts.allowInline ?? true;
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    this.pathGlobs = (opts.allowlist?.paths ?? []).map(globToRegExp);
    this.droppedFingerprints = new Set(opts.allowlist?.fingerprints ?? []);
    this.ruleIndex = new Map(this.rules.map((r, i) => [r.meta.id, i]));
    this.allowGroup = this.rules.length;
    const groups = [...this.rules.map((r) => r.meta.keywords), [ALLOW_MARKER]];
    // Rule hits closer than two contexts give overlapping regions: merge them up front.
    const gaps = groups.map((_, g) => (g === this.allowGroup ? 0 : 2 * CONTEXT));
    this.automaton = new KeywordAutomaton(groups, gaps);
  }

  /** Metadata of every rule this engine runs, plus the inline-allow pseudo-rule. */
  ruleMetas(): RuleMeta[] {
    return [...this.rules.map((r) => r.meta), ALLOW_WITHOUT_REASON_META];
  }

  /** Whether the allowlist excludes `path` (or the archive holding it, for `a.zip!b/c`). */
  isPathAllowed(path: string): boolean {
    if (this.pathGlobs.length === 0) return false;
    const candidates = [path];
    for (let i = path.indexOf("!"); i > 0; i = path.indexOf("!", i + 1))
      candidates.push(path.slice(0, i));
    return candidates.some((p) => this.pathGlobs.some((g) => g.test(p)));
  }

  /** Plain data to rebuild this engine elsewhere; null when its rules are not all from RULES. */
  spec(): EngineSpec | null {
    const known = new Set<SecretRule>(RULES);
    if (!this.rules.every((r) => known.has(r))) return null;
    return {
      ruleIds: this.rules.map((r) => r.meta.id),
      allowInline: this.allowInline,
      allowlist: {
        paths: [...(this.options.allowlist?.paths ?? [])],
        rules: [...this.droppedRules],
        fingerprints: [...this.droppedFingerprints],
      },
      maxBytes: this.maxBytes,
    };
  }

  static fromSpec(spec: EngineSpec): SecretEngine {
    const ids = new Set(spec.ruleIds);
    return new SecretEngine({
      rules: RULES.filter((r) => ids.has(r.meta.id)),
      allowInline: spec.allowInline,
      allowlist: spec.allowlist,
      maxBytes: spec.maxBytes,
    });
  }

  scanText(text: string, origin: Origin): Finding[] {
    if (this.isPathAllowed(origin.path)) return [];
    const out: Collected = { located: [], markers: [] };
    this.collect(text, { line: 0, column: 0 }, false, false, out);
    return this.finish(out, origin);
  }

  /**
   * A file's bytes: skipped when larger than `maxBytes` or binary (see looksBinary); UTF-8
   * (invalid sequences become U+FFFD and the rest is still scanned), or UTF-16 with a BOM.
   */
  scanBuffer(buf: Uint8Array, origin: Origin): ScanResult {
    if (buf.length > this.maxBytes) return { skipped: "too-large" };
    if (this.isPathAllowed(origin.path)) return [];
    const utf16 = utf16Encoding(buf);
    if (utf16) return this.scanText(new TextDecoder(utf16).decode(buf), origin);
    if (looksBinary(buf)) return { skipped: "binary" };
    // The prefilter runs on the bytes: a file without keywords (most files) is never turned
    // into a string at all.
    const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    if (isAscii(bytes)) {
      // Byte offsets are text offsets.
      const hits = this.automaton.scanBytes(bytes);
      if (hits.groups.size === 0) return [];
      const out: Collected = { located: [], markers: [] };
      this.collect(bytes.toString("latin1"), { line: 0, column: 0 }, false, false, out, hits);
      return this.finish(out, origin);
    }
    if (this.automaton.asciiOnly) {
      // UTF-8 with other characters: ASCII keywords are found on the bytes just the same;
      // their byte offsets become text offsets below.
      const hits = this.automaton.scanBytes(bytes);
      if (hits.groups.size === 0) return [];
      const out: Collected = { located: [], markers: [] };
      const text = new TextDecoder("utf-8").decode(bytes);
      this.collect(text, { line: 0, column: 0 }, false, false, out, utf8HitsToText(bytes, hits));
      return this.finish(out, origin);
    }
    return this.scanText(new TextDecoder("utf-8").decode(buf), origin);
  }

  /**
   * A text of any size in bounded memory: decoded and scanned in windows of 1 Mi characters,
   * each carrying the last 16 Ki characters of the one before (a secret across a window edge
   * is found in the next window; one inside the overlap is reported once).
   */
  async scanStream(
    source: AsyncIterable<Uint8Array>,
    origin: Origin,
  ): Promise<Finding[] | { skipped: "binary" }> {
    if (this.isPathAllowed(origin.path)) return [];
    const out: Collected = { located: [], markers: [] };
    const head: Uint8Array[] = [];
    let headBytes = 0;
    let pending = "";
    let base: Base = { line: 0, column: 0 };
    let first = true;
    const flush = (final: boolean) => {
      const text = pending;
      this.collect(text, base, !first, !final, out);
      first = false;
      if (final) return;
      let keepFrom = Math.max(0, text.length - STREAM_OVERLAP);
      // Never start the next window inside a surrogate pair.
      const c = text.charCodeAt(keepFrom);
      if (keepFrom > 0 && c >= 0xdc00 && c <= 0xdfff) keepFrom--;
      base = advance(base, text, keepFrom);
      pending = text.slice(keepFrom);
    };
    // The first 8 KiB decide text or binary (and UTF-8 or UTF-16), then decoding starts.
    const begin = (): TextDecoder | null => {
      const sample = concat(head, headBytes);
      const utf16 = utf16Encoding(sample);
      if (!utf16 && looksBinary(sample)) return null;
      const d = new TextDecoder(utf16 ?? "utf-8");
      pending = d.decode(sample, { stream: true });
      return d;
    };
    let decoder: TextDecoder | null = null;
    for await (const chunk of source) {
      if (decoder === null) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes < SNIFF) continue;
        decoder = begin();
        if (decoder === null) return { skipped: "binary" };
      } else pending += decoder.decode(chunk, { stream: true });
      if (pending.length >= STREAM_WINDOW) flush(false);
    }
    if (decoder === null) decoder = begin();
    if (decoder === null) return { skipped: "binary" };
    pending += decoder.decode();
    flush(true);
    return this.finish(out, origin);
  }

  /** Phase one: prefilter, patterns on regions, overlaps, positions; into `out`. */
  private collect(
    text: string,
    base: Base,
    cutStart: boolean,
    cutEnd: boolean,
    out: Collected,
    hits: PrefilterHits = this.automaton.scan(text),
  ) {
    if (hits.groups.size === 0) return;
    const lines = new LineIndex(text, base);
    const raws: Raw[] = [];
    for (const [g, ranges] of hits.groups) {
      if (g === this.allowGroup) {
        if (this.allowInline) this.markers(text, ranges, lines, out.markers);
        continue;
      }
      const rule = this.rules[g]!;
      for (const region of regionsOf(text, ranges, cutStart, cutEnd)) {
        const whole = region.start === 0 && region.end === text.length;
        const sub = whole ? text : text.slice(region.start, region.end);
        for (const c of ruleCandidates(rule, sub)) {
          const matchStart = c.match.index;
          const matchEnd = matchStart + c.match[0].length;
          // A match touching a cut may be a piece of something longer: not reported here.
          if ((region.cutStart && matchStart === 0) || (region.cutEnd && matchEnd === sub.length))
            continue;
          const start = region.start + c.index;
          raws.push({ rule: g, secret: c.secret, start, end: start + c.secret.length });
        }
      }
    }
    for (const r of this.resolveOverlaps(raws)) {
      const { line, column } = lines.locate(r.start);
      out.located.push({ rule: r.rule, secret: r.secret, line, column });
    }
  }

  /** Inline-allow markers: `drydock:allow` then a reason up to the end of the line. */
  private markers(text: string, ranges: number[], lines: LineIndex, out: Marker[]) {
    for (let i = 0; i < ranges.length; i += 2) {
      const at = ranges[i]!;
      const after = ranges[i + 1]!;
      // `drydock:allowed`, `drydock:allow-list`: some other word, not the marker. A marker
      // follows a comment opener or a space, not a quote (`"drydock:allow"` is code).
      if (/[\w-]/.test(text[after] ?? "")) continue;
      if (at > 0 && !/[\s#/*;!%(-]/.test(text[at - 1]!)) continue;
      let eol = after;
      while (eol < text.length && eol - after < 1024 && text.charCodeAt(eol) !== 10) eol++;
      const { line, column } = lines.locate(at);
      out.push({ line, column, hasReason: hasReason(text.slice(after, eol)) });
    }
  }

  /** Overlapping candidates of two rules: the specific rule beats a generic one. */
  private resolveOverlaps(raws: Raw[]): Raw[] {
    raws.sort((a, b) => a.start - b.start || b.end - a.end || a.rule - b.rule);
    const drop = new Uint8Array(raws.length);
    for (let i = 0; i < raws.length; i++) {
      const a = raws[i]!;
      for (let j = i + 1; j < raws.length && raws[j]!.start < a.end; j++) {
        const b = raws[j]!;
        if (a.rule === b.rule) {
          if (a.start === b.start && a.secret === b.secret) drop[j] = 1;
          continue;
        }
        const ga = isGenericRule(this.rules[a.rule]!.meta.id);
        const gb = isGenericRule(this.rules[b.rule]!.meta.id);
        if (ga && !gb) drop[i] = 1;
        else if (gb && !ga) drop[j] = 1;
        else if (ga && gb) {
          // Two catch-alls on the same text: keep the longer (the earlier rule on a tie).
          if (b.end - b.start > a.end - a.start) drop[i] = 1;
          else drop[j] = 1;
        }
      }
    }
    return raws.filter((_, i) => drop[i] === 0);
  }

  /** Phase two: dedupe, pairs, inline allows, allowlist; findings in line order. */
  private finish(c: Collected, origin: Origin): Finding[] {
    const seen = new Set<string>();
    let located = c.located
      .sort((a, b) => a.line - b.line || a.column - b.column || a.rule - b.rule)
      .filter((l) => {
        const key = `${l.rule}\u0000${l.line}\u0000${l.secret}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    located = this.foldPairs(located);

    if (this.allowInline) {
      const allowed = new Set<number>();
      const seenMarkers = new Set<string>();
      for (const m of c.markers) {
        const key = `${m.line}:${m.column}`;
        if (seenMarkers.has(key)) continue;
        seenMarkers.add(key);
        if (m.hasReason) {
          allowed.add(m.line);
          allowed.add(m.line + 1);
        } else located.push({ rule: -1, secret: ALLOW_MARKER, line: m.line, column: m.column });
      }
      located = located.filter((l) => l.rule === -1 || !allowed.has(l.line));
    }

    const findings: Finding[] = [];
    for (const l of located) {
      const meta = l.rule === -1 ? ALLOW_WITHOUT_REASON_META : this.rules[l.rule]!.meta;
      if (this.droppedRules.has(meta.id)) continue;
      const fp =
        l.rule === -1
          ? fingerprint(meta.id, `${origin.path}:${l.line}`)
          : fingerprint(meta.id, l.secret);
      if (this.droppedFingerprints.has(fp)) continue;
      const f: Finding = {
        ruleId: meta.id,
        title: meta.title,
        severity: meta.severity,
        origin: { ...origin },
        line: l.line,
        column: l.column,
        secret: l.secret,
        redacted: l.rule === -1 ? ALLOW_MARKER : redact(l.secret),
        fingerprint: fp,
      };
      if (l.paired !== undefined) f.paired = l.paired;
      findings.push(f);
    }
    return findings.sort((a, b) => a.line - b.line || a.column - b.column);
  }

  /** A rule with `pair` takes the nearest finding of its partner rule within range into itself. */
  private foldPairs(located: Located[]): Located[] {
    const consumed = new Set<Located>();
    for (const f of located) {
      const pair = this.rules[f.rule]?.pair;
      if (!pair || consumed.has(f)) continue;
      const partner = this.ruleIndex.get(pair.ruleId);
      if (partner === undefined) continue;
      let best: Located | null = null;
      for (const g of located) {
        if (g.rule !== partner || g === f || consumed.has(g)) continue;
        const d = Math.abs(g.line - f.line);
        if (d > pair.withinLines) continue;
        if (best === null || d < Math.abs(best.line - f.line)) best = g;
      }
      if (best) {
        consumed.add(best);
        f.paired = pair.ruleId;
      }
    }
    return consumed.size === 0 ? located : located.filter((l) => !consumed.has(l));
  }
}

/**
 * A reason is any letter or digit left after the comment closers (`*\/`, `-->`, `#}`, ...) and
 * separators (`:`, `-`, `=`) around it.
 */
function hasReason(rest: string): boolean {
  const r = rest
    .replace(/\r$/, "")
    .replace(/(\*\/|-->|#\}|%\}|\*\)|"""|''')\s*$/, "")
    .trim();
  return /[\p{L}\p{N}]/u.test(r);
}

/** The regions of `text` a rule's pattern runs on, given its merged keyword-hit ranges. */
function regionsOf(text: string, ranges: number[], cutStart: boolean, cutEnd: boolean): Region[] {
  const n = text.length;
  if (n <= WHOLE_TEXT) return [{ start: 0, end: n, cutStart, cutEnd }];
  const out: Region[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    const r: Region = {
      start: ranges[i]! - CONTEXT,
      end: ranges[i + 1]! + CONTEXT,
      cutStart: true,
      cutEnd: true,
    };
    if (r.start <= 0) {
      r.start = 0;
      r.cutStart = cutStart;
    } else {
      // Back to the start of its line, if that is near.
      for (let k = r.start - 1; k >= 0 && k >= r.start - SNAP; k--) {
        if (text.charCodeAt(k) === 10) {
          r.start = k + 1;
          r.cutStart = false;
          break;
        }
      }
    }
    if (r.end >= n) {
      r.end = n;
      r.cutEnd = cutEnd;
    } else {
      for (let k = r.end; k < n && k < r.end + SNAP; k++) {
        if (text.charCodeAt(k) === 10) {
          r.end = k + 1;
          r.cutEnd = false;
          break;
        }
      }
    }
    const prev = out[out.length - 1];
    if (prev && r.start <= prev.end) {
      if (r.end > prev.end) {
        prev.end = r.end;
        prev.cutEnd = r.cutEnd;
      }
    } else out.push(r);
  }
  return out;
}

/**
 * Byte offsets of hits in UTF-8 `bytes` as offsets in its decoded text. Every offset sits at
 * an ASCII byte (keywords are ASCII), which is never inside a multi-byte sequence, so the
 * bytes between two offsets decode on their own to exactly the code units they give in the
 * whole text (a broken sequence before an ASCII byte is one U+FFFD either way): the lengths
 * of those decoded segments, added up, are the text offsets. One native decode in all.
 */
function utf8HitsToText(bytes: Buffer, hits: PrefilterHits): PrefilterHits {
  const offsets = new Set<number>();
  for (const ranges of hits.groups.values()) for (const o of ranges) offsets.add(o);
  const sorted = [...offsets].sort((a, b) => a - b);
  const map = new Map<number, number>();
  // The whole text is decoded without its byte-order mark; the segments keep any they have.
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let byte = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let char = 0;
  for (const o of sorted) {
    char += decoder.decode(bytes.subarray(byte, o)).length;
    byte = o;
    map.set(o, char);
  }
  const groups = new Map<number, HitRanges>();
  for (const [g, ranges] of hits.groups)
    groups.set(
      g,
      ranges.map((o) => map.get(o)!),
    );
  return { groups };
}

/** 1-based line and column of an offset; the index of line starts is built on first use. */
class LineIndex {
  private starts: number[] | null = null;
  constructor(
    private readonly text: string,
    private readonly base: Base,
  ) {}

  locate(offset: number): { line: number; column: number } {
    if (this.starts === null) {
      const starts = [0];
      for (let i = this.text.indexOf("\n"); i >= 0; i = this.text.indexOf("\n", i + 1))
        starts.push(i + 1);
      this.starts = starts;
    }
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const column = offset - starts[lo]! + 1 + (lo === 0 ? this.base.column : 0);
    return { line: this.base.line + lo + 1, column };
  }
}

/** The base of the text that starts `consumed` code units into `text` (based at `base`). */
function advance(base: Base, text: string, consumed: number): Base {
  const lastNl = text.lastIndexOf("\n", consumed - 1);
  if (consumed === 0 || lastNl < 0) return { line: base.line, column: base.column + consumed };
  let count = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < consumed; i = text.indexOf("\n", i + 1)) count++;
  return { line: base.line + count, column: consumed - lastNl - 1 };
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
