import { CliError } from "./api-client.ts";

/** Durations on the command line: token lifetimes, rotation overlaps, audit windows, cache ages. */

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `30m`, `12h`, `7d`, `1h30m`, `2w` (or plain seconds) -> seconds; null when unreadable or not positive. */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t) > 0 ? Number(t) : null;
  if (!/^(\d+[smhdw])+$/.test(t)) return null;
  let total = 0;
  for (const m of t.matchAll(/(\d+)([smhdw])/g)) total += Number(m[1]) * UNITS[m[2]!]!;
  return total > 0 && Number.isSafeInteger(total) ? total : null;
}

/** A duration option's value in seconds, or a CliError naming the option. */
export function durationOption(flag: string, text: string): number {
  const seconds = parseDuration(text);
  if (seconds === null)
    throw new CliError(
      `drydock: ${flag}: "${text.slice(0, 40)}" is not a duration (e.g. 30m, 12h, 7d)`,
      2,
    );
  return seconds;
}
