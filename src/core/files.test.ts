import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { makeDirs, makeDirsSync } from "./files.ts";

/** `mkdir -p` both ways: what a user's --cache-dir, --data-dir or --db may point at. */
const variants: [string, (path: string, mode?: number) => Promise<void>][] = [
  ["makeDirs", makeDirs],
  ["makeDirsSync", async (path, mode) => makeDirsSync(path, mode)],
];

for (const [name, make] of variants) {
  describe(name, () => {
    const temp = () => mkdtempSync(join(tmpdir(), "drydock-dirs-"));

    it("makes every missing level, each with the mode asked", async (t) => {
      const dir = temp();
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      await make(join(dir, "a/b/c"), 0o700);
      for (const level of ["a", "a/b", "a/b/c"]) {
        const st = statSync(join(dir, level));
        assert.ok(st.isDirectory(), level);
        assert.equal(st.mode & 0o777, 0o700, level);
      }
    });

    it("a folder that exists already is fine, and so are two callers at once", async (t) => {
      const dir = temp();
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      await make(dir);
      await Promise.all([make(join(dir, "x/y")), make(join(dir, "x/y")), make(join(dir, "x"))]);
      assert.ok(statSync(join(dir, "x/y")).isDirectory());
    });

    it("a file in the way is an error naming the path", async (t) => {
      const dir = temp();
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      writeFileSync(join(dir, "file"), "x");
      await assert.rejects(make(join(dir, "file")), (err: NodeJS.ErrnoException) => {
        assert.equal(err.code, "EEXIST");
        assert.match(err.message, /file/);
        return true;
      });
      await assert.rejects(make(join(dir, "file/below")), (err: NodeJS.ErrnoException) => {
        assert.equal(err.code, "ENOTDIR");
        return true;
      });
    });

    // Node's recursive mkdir loops forever here (mkdir says ENOENT though /proc exists).
    it("a path under /proc is an error, not a hang", {
      skip: !existsSync("/proc/self") && "no /proc here",
      timeout: 20_000,
    }, async () => {
      await assert.rejects(make("/proc/drydock-no-such-folder/x"), { code: "ENOENT" });
    });
  });
}
