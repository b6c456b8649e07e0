/**
 * The vocabulary of secret scanning, shared by the rules family (rules/<family>/index.ts),
 * the engine (engine.ts) and the sources that feed it (directory trees, git history, image
 * layers). Rules are data plus small functions; the engine decides when they run.
 */

export type Severity = "critical" | "high" | "medium" | "low";

export interface RuleMeta {
  /** Stable, kebab-case, unique across the family (e.g. `aws-access-key-id`). */
  id: string;
  title: string;
  severity: Severity;
  /**
   * Lowercase literals of which at least one must occur in the text (case-insensitively) for
   * the rule's pattern to run at all: the prefilter. Choose distinctive ones (`akia`, `ghp_`,
   * `-----begin`), never a common English word alone.
   */
  keywords: string[];
  /** Where the format is documented (the provider's page on its tokens, an RFC, ...). */
  docsUrl: string;
}

export interface SecretRule {
  meta: RuleMeta;
  /**
   * Matched against text where a keyword occurs. Must have the `g` flag. The named group
   * `secret` marks the secret itself (else the whole match is the secret). Keep patterns
   * linear: no nested quantifiers, bounded repetitions ({20,64} rather than +) so that a
   * 50 MB single line cannot make them backtrack.
   */
  pattern: RegExp;
  /**
   * Extra checks on a candidate, all offline: a checksum (GitHub, npm, drydock tokens), a
   * decodable structure (a JWT's header), a minimum Shannon entropy (bits per character) for
   * generic rules. Return false to drop the candidate. Never throws.
   */
  validate?: (secret: string, match: RegExpExecArray) => boolean;
  /** Minimum Shannon entropy (bits per char) of the secret; generic rules set one. */
  minEntropy?: number;
  /**
   * The id of a rule whose finding, within `pair.withinLines` lines, belongs to this one
   * (an AWS secret access key next to its key id): the two are reported as one finding.
   */
  pair?: { ruleId: string; withinLines: number };
  /**
   * A cheap necessary condition on the text, checked before the pattern runs (for rules whose
   * keywords occur in most files, like `http`): false means the pattern cannot match anywhere.
   */
  screen?: (text: string) => boolean;
}

/** Where scanned text came from. */
export interface Origin {
  /** A path relative to the scan root, or inside an image (`/etc/app.env`), or `archive.zip!inner/file`. */
  path: string;
  /** For git history: where the secret first appeared. */
  commit?: { sha: string; author: string; email: string; date: string };
  /** For images: the layer (blob digest) holding the file, or `config` / `history`. */
  layer?: string;
  /** What part of an image config (`Env`, `Labels`, `Cmd`, `Entrypoint`, `history`). */
  field?: string;
}

export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  origin: Origin;
  /** 1-based. */
  line: number;
  column: number;
  /** The secret itself: only ever printed with --show-secrets. */
  secret: string;
  /** First and last characters only, e.g. `AK…LE` (the default in every output). */
  redacted: string;
  /** sha256 of rule id + secret (never reversible to the secret): baselines and dedup. */
  fingerprint: string;
  /** The rule id of a second part folded into this finding (a pair), if any. */
  paired?: string;
}
