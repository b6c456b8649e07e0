/**
 * The prefilter: one pass over a text for the keywords of every rule at once (an Aho–Corasick
 * automaton over the lowercase keywords, compiled into a dense transition table), so that a
 * rule's pattern runs only on texts, and only near the places, where one of its keywords
 * occurs. Matching is ASCII case-insensitive: `A`-`Z` fold to `a`-`z` on the fly, so neither
 * the text nor a lowercased copy of it is ever allocated.
 */

/** Hits of one group (a rule), merged into ranges: `[start0, end0, start1, end1, ...]`. */
export type HitRanges = number[];

export interface PrefilterHits {
  /** Group index -> the ranges (keyword start .. keyword end) where its keywords occur. */
  readonly groups: Map<number, HitRanges>;
}

export class KeywordAutomaton {
  /**
   * Transitions, `delta[state + class]`. States are stored pre-multiplied by the number of
   * classes (one add per character in the hot loop) and negated where a keyword ends there
   * (one sign test instead of a second table lookup); the root, 0, never accepts.
   */
  private readonly delta: Int32Array;
  /** Keyword-class of every UTF-16 code unit (0: no keyword has it). */
  private readonly classOf: Uint16Array;
  /** The classes of code units 0-255 (and bytes): a table small enough for the L1 cache. */
  private readonly byteClassOf: Uint16Array;
  /** For an accepting (pre-multiplied, positive) state: the keyword ids ending there. */
  private readonly outputs: Map<number, number[]>;
  private readonly keywordLength: number[];
  private readonly keywordGroups: number[][];
  private readonly mergeGaps: number[];
  /** Every keyword is ASCII, so a byte scan sees exactly what a string scan would. */
  readonly asciiOnly: boolean;
  readonly groupCount: number;

  /**
   * `groups[i]` is the keyword list of group i (a rule). Keywords are lowercase literals; an
   * empty keyword is ignored (a group without a usable keyword never fires).
   */
  constructor(
    groups: readonly (readonly string[])[],
    /** Hits of one group closer than this are merged into one range (one number, or per group). */
    mergeGap: number | readonly number[] = 0,
  ) {
    this.mergeGaps = groups.map((_, g) =>
      typeof mergeGap === "number" ? mergeGap : (mergeGap[g] ?? 0),
    );
    this.groupCount = groups.length;
    const ids = new Map<string, number>();
    this.keywordLength = [];
    this.keywordGroups = [];
    for (const [g, keywords] of groups.entries()) {
      for (const raw of keywords) {
        const k = raw.toLowerCase();
        if (k.length === 0) continue;
        let id = ids.get(k);
        if (id === undefined) {
          id = this.keywordLength.length;
          ids.set(k, id);
          this.keywordLength.push(k.length);
          this.keywordGroups.push([]);
        }
        const owners = this.keywordGroups[id]!;
        if (!owners.includes(g)) owners.push(g);
      }
    }
    const keywords = [...ids.keys()];
    this.asciiOnly = keywords.every((k) => [...k].every((ch) => ch.charCodeAt(0) < 0x80));

    // Alphabet: one class per distinct keyword character; upper case folds onto lower case.
    this.classOf = new Uint16Array(65536);
    let classes = 1;
    for (const k of keywords) {
      for (let i = 0; i < k.length; i++) {
        const c = k.charCodeAt(i);
        if (this.classOf[c] !== 0) continue;
        const cls = classes++;
        this.classOf[c] = cls;
        const ch = String.fromCharCode(c);
        for (const variant of [ch.toUpperCase(), ch.toLowerCase()]) {
          if (variant.length === 1 && this.classOf[variant.charCodeAt(0)] === 0)
            this.classOf[variant.charCodeAt(0)] = cls;
        }
      }
    }
    this.byteClassOf = new Uint16Array(256);
    for (let b = 0; b < 256; b++) this.byteClassOf[b] = this.classOf[b]!;

    // The trie.
    const goto: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    for (const [id, k] of keywords.entries()) {
      let s = 0;
      for (let i = 0; i < k.length; i++) {
        const cls = this.classOf[k.charCodeAt(i)]!;
        let next = goto[s]!.get(cls);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map());
          out.push([]);
          goto[s]!.set(cls, next);
        }
        s = next;
      }
      out[s]!.push(id);
    }

    // Failure links by breadth-first search, folded into a complete DFA.
    const n = goto.length;
    const delta = new Int32Array(n * classes);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (let c = 0; c < classes; c++) {
      const next = goto[0]!.get(c);
      if (next !== undefined) {
        delta[c] = next;
        fail[next] = 0;
        queue.push(next);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      const f = fail[s]!;
      if (out[f]!.length > 0) out[s] = [...out[s]!, ...out[f]!];
      for (let c = 0; c < classes; c++) {
        const next = goto[s]!.get(c);
        if (next !== undefined) {
          fail[next] = delta[f * classes + c]!;
          delta[s * classes + c] = next;
          queue.push(next);
        } else {
          delta[s * classes + c] = delta[f * classes + c]!;
        }
      }
    }
    // Pre-multiply the states; negate the accepting ones.
    for (let i = 0; i < delta.length; i++) {
      const t = delta[i]!;
      delta[i] = out[t]!.length > 0 ? -t * classes : t * classes;
    }
    this.delta = delta;
    this.outputs = new Map();
    for (let s = 0; s < n; s++) if (out[s]!.length > 0) this.outputs.set(s * classes, out[s]!);
  }

  /** Every place where a keyword of a group occurs in `text`, merged into ranges per group. */
  scan(text: string, from = 0, to = text.length): PrefilterHits {
    const groups = new Map<number, HitRanges>();
    const { delta, classOf, byteClassOf } = this;
    let s = 0;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      // The small table for Latin-1 stays in the L1 cache; the 128 KiB one is for the rest.
      s = delta[s + (c < 256 ? byteClassOf[c]! : classOf[c]!)]!;
      if (s >= 0) continue;
      s = -s;
      this.record(groups, s, i + 1);
    }
    return { groups };
  }

  /**
   * The same over bytes read as Latin-1: offsets are those of the text when the bytes are
   * ASCII (or Latin-1). For UTF-8 with multi-byte characters, scan the decoded text instead.
   */
  scanBytes(bytes: Uint8Array): PrefilterHits {
    const groups = new Map<number, HitRanges>();
    const { delta, byteClassOf } = this;
    let s = 0;
    for (let i = 0; i < bytes.length; i++) {
      s = delta[s + byteClassOf[bytes[i]!]!]!;
      if (s >= 0) continue;
      s = -s;
      this.record(groups, s, i + 1);
    }
    return { groups };
  }

  private record(groups: Map<number, HitRanges>, state: number, end: number): void {
    for (const id of this.outputs.get(state)!) {
      const start = end - this.keywordLength[id]!;
      for (const g of this.keywordGroups[id]!) {
        const ranges = groups.get(g);
        if (ranges === undefined) groups.set(g, [start, end]);
        else if (start <= ranges[ranges.length - 1]! + this.mergeGaps[g]!) {
          if (end > ranges[ranges.length - 1]!) ranges[ranges.length - 1] = end;
        } else ranges.push(start, end);
      }
    }
  }

  /**
   * Whether any keyword occurs in `bytes`, read as ASCII (a UTF-8 text's non-ASCII bytes
   * never match an ASCII keyword). Only meaningful when `asciiOnly`; stops at the first hit.
   */
  anyInBytes(bytes: Uint8Array): boolean {
    const { delta, byteClassOf } = this;
    let s = 0;
    for (let i = 0; i < bytes.length; i++) {
      s = delta[s + byteClassOf[bytes[i]!]!]!;
      if (s < 0) return true;
    }
    return false;
  }
}
