/**
 * The version schemes' family interface. Each member (one folder: `versioning/<id>/`) implements
 * one ecosystem's ordering exactly as its spec defines it, so that OSV ranges
 * (`introduced`/`fixed`/`last_affected`/`limit`) can be evaluated without false alarms.
 */
export interface VersionScheme {
  meta: {
    /** Folder name, e.g. "dpkg", "pep440". */
    id: string;
    title: string;
    /** Where the ordering is specified. */
    docsUrl: string;
  };
  /** True when `v` is a version this scheme can order. Never throws. */
  valid(v: string): boolean;
  /**
   * Negative, zero or positive as `a` sorts before, equal to or after `b`. A total order over
   * valid versions; never throws: an invalid version sorts before every valid one, and two
   * invalid versions compare as strings (the matcher checks `valid` first and reports the
   * package it cannot order instead of guessing).
   */
  compare(a: string, b: string): number;
}
