import type { SingleBar } from "cli-progress";

/** Plain-text output helpers for commands: aligned tables and human sizes. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(headers.map((h) => h.toUpperCase())), ...rows.map(line)].join("\n");
}

export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * A progress bar on standard error, only for a person at a terminal (null otherwise): one
 * look for every long command. `format` uses cli-progress tokens; `payload` gives their
 * starting values. The library is loaded only for a terminal: it costs start-up time.
 */
export async function terminalBar(
  format: string,
  payload: Record<string, string> = {},
): Promise<SingleBar | null> {
  if (!process.stderr.isTTY) return null;
  const mod = await import("cli-progress");
  // CommonJS: node offers its exports by name and as `default`, a bundle only as `default`.
  const { SingleBar } = mod.default ?? mod;
  const bar = new SingleBar({
    stream: process.stderr,
    format,
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(0, 0, payload);
  return bar;
}
