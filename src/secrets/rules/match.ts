import type { SecretRule } from "../types.ts";
import { isPlaceholder } from "./placeholders.ts";

export interface Candidate {
  secret: string;
  /** Offset of the secret in the text. */
  index: number;
  match: RegExpExecArray;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Whether any of the rule's keywords occurs in `lowerText` (the text, lowercased). */
export function keywordHit(rule: SecretRule, lowerText: string): boolean {
  return rule.meta.keywords.some((k) => lowerText.includes(k));
}

/**
 * The candidates one rule finds in `text`: its pattern, then its offline checks (validate,
 * minimum entropy), then the placeholder filter. The engine runs this only where the
 * prefilter saw a keyword; rule tests call it directly.
 */
export function ruleCandidates(rule: SecretRule, text: string): Candidate[] {
  const out: Candidate[] = [];
  if (rule.screen && !safe(() => rule.screen!(text))) return out;
  const re = withIndices(rule.pattern);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const secret = m.groups?.secret ?? m[0];
    const index = m.indices?.groups?.secret?.[0] ?? m.index;
    if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) continue;
    if (rule.validate && !safe(() => rule.validate!(secret, m))) continue;
    if (isPlaceholder(secret)) continue;
    out.push({ secret, index, match: m });
  }
  return out;
}

/** The rule's pattern with the `d` flag (match indices), made once per pattern. */
const WITH_INDICES = new WeakMap<RegExp, RegExp>();
function withIndices(pattern: RegExp): RegExp {
  let re = WITH_INDICES.get(pattern);
  if (!re) {
    re = new RegExp(
      pattern.source,
      pattern.flags.includes("d") ? pattern.flags : `${pattern.flags}d`,
    );
    WITH_INDICES.set(pattern, re);
  }
  re.lastIndex = 0;
  return re;
}

function safe(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}

/** For table tests: whether `rule` reports anything in `text` (keywords included). */
export function ruleFinds(rule: SecretRule, text: string): boolean {
  return keywordHit(rule, text.toLowerCase()) && ruleCandidates(rule, text).length > 0;
}
