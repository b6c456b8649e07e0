import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";

export interface StaticServer {
  url: string;
  /** Requests seen, as `METHOD path status`. */
  log: string[];
  close(): Promise<void>;
}

/**
 * Serves a folder over real HTTP on 127.0.0.1, as an OSV mirror does: GET with ETag and
 * If-None-Match (304), 404 for what is not there. Paths are confined to the folder.
 */
export async function serveFolder(root: string): Promise<StaticServer> {
  const log: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(root, path));
    let status = 200;
    try {
      if (!file.startsWith(root)) throw new Error("outside");
      const data = await readFile(file);
      const etag = `"${createHash("sha256").update(data).digest("hex").slice(0, 16)}"`;
      if (req.headers["if-none-match"] === etag) {
        status = 304;
        res.writeHead(304, { etag });
        res.end();
      } else {
        res.writeHead(200, {
          etag,
          "content-type": "application/zip",
          "content-length": data.length,
        });
        res.end(data);
      }
    } catch {
      status = 404;
      res.writeHead(404);
      res.end("not found");
    }
    log.push(`${req.method} ${path} ${status}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
