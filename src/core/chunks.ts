import type { Readable } from "node:stream";

/** A layer's bytes could not be read whole (the stream broke off, or its compression is broken). */
export class LayerStreamError extends Error {}

/** Inflated bytes a layer's chunks are read ahead of their consumer (whatever the format). */
export const READ_AHEAD = 8 * 1024 * 1024;

/**
 * A readable's chunks as they were pushed, through 'data' events: async iteration would call
 * read(), which concatenates (copies) whatever is buffered.
 */
export async function* chunksOf(stream: Readable, ahead: number): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  stream.on("data", (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued >= ahead) stream.pause();
    notify();
  });
  stream.on("end", () => {
    ended = true;
    notify();
  });
  stream.on("error", (err) => {
    failure = err;
    notify();
  });
  stream.on("close", () => {
    // Destroyed without 'end' or 'error': the data stopped early.
    if (!ended && !failure) failure = new LayerStreamError("layer stream ended early (truncated)");
    notify();
  });
  stream.resume();
  for (;;) {
    if (queue.length > 0) {
      const chunk = queue.shift()!;
      queued -= chunk.length;
      if (stream.isPaused() && queued < ahead / 2) stream.resume();
      yield chunk;
      continue;
    }
    if (failure) throw failure;
    if (ended) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}
