import assert from "node:assert/strict";
import { test } from "node:test";
import { randomIds } from "./ids.ts";

test("random ids are 22 URL-safe characters, distinct, and never start like an option", () => {
  const seen = new Set<string>();
  // 1 in 32 draws starts with "-" or "_": 5,000 ids would show ~150 of them if not redrawn.
  for (let i = 0; i < 5000; i++) {
    const id = randomIds.next();
    assert.match(id, /^[A-Za-z0-9][A-Za-z0-9_-]{21}$/);
    seen.add(id);
  }
  assert.equal(seen.size, 5000);
});
