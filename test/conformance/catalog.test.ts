/**
 * Catalog: GET /v2/_catalog with n/last pagination and Link (Docker Registry HTTP API V2
 * "Listing Repositories", the same pagination rules the spec gives for tags).
 * This file's registry holds only the repositories created here, so lists are exact.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startRegistry, type TestRegistry } from "../helpers/server.ts";
import { assertClientError, Client, nextLink, type Res, SPEC_ERROR_CODES, show } from "./client.ts";

let reg: TestRegistry;
let c: Client;

const REPOS = [
  "zeta",
  "alpha/nested/deep",
  "alpha",
  "beta-1",
  "beta.2",
  "beta_3",
  "m/x",
  "m/a",
  "0num",
];
const SORTED = [...REPOS].sort();

before(async () => {
  reg = await startRegistry();
  c = new Client(reg.url, reg.admin);
  for (const repo of REPOS) await c.pushImage(repo, "latest");
});
after(async () => {
  await reg?.close();
});

function catalog(res: Res): string[] {
  assert.equal(res.status, 200, show(res));
  const body = res.json<{ repositories: string[] }>();
  assert.ok(Array.isArray(body.repositories), `repositories is not an array: ${show(res)}`);
  return body.repositories;
}

describe("GET /v2/_catalog", () => {
  test("lists every repository in lexical order, no Link", async () => {
    const res = await c.get("/v2/_catalog");
    assert.deepEqual(catalog(res), SORTED);
    assert.equal(nextLink(res), null);
  });

  test("n=3: pages of at most 3 with Link rel=next; following Links gives the whole list once", async () => {
    const seen: string[] = [];
    let url: string | null = "/v2/_catalog?n=3";
    let pages = 0;
    for (; url !== null && pages < 20; pages++) {
      const res = await c.get(url);
      const page = catalog(res);
      assert.ok(page.length <= 3);
      seen.push(...page);
      url = nextLink(res);
      if (url !== null) {
        assert.ok(page.length > 0);
        assert.equal(c.url(url).pathname, "/v2/_catalog");
      }
    }
    assert.deepEqual(seen, SORTED);
    assert.ok(pages >= 3, `expected at least 3 pages, got ${pages}`);
  });

  test("first page of n=4 has exactly 4 and a Link", async () => {
    const res = await c.get("/v2/_catalog", { query: { n: "4" } });
    assert.deepEqual(catalog(res), SORTED.slice(0, 4));
    assert.ok(nextLink(res));
  });

  const rows = [
    { name: "n and last", n: "2", last: SORTED[1]!, expect: SORTED.slice(2, 4) },
    { name: "last only", n: undefined, last: SORTED[5]!, expect: SORTED.slice(6) },
    {
      name: "last inside a nested name",
      n: "10",
      last: "alpha/nested",
      expect: SORTED.filter((r) => r > "alpha/nested"),
    },
    { name: "last after all", n: "5", last: "zzz", expect: [] },
    { name: "n larger than the count", n: "100", last: undefined, expect: SORTED },
    { name: "n equal to the count", n: String(SORTED.length), last: undefined, expect: SORTED },
  ];
  for (const row of rows) {
    test(`pagination: ${row.name}`, async () => {
      const query: Record<string, string> = {};
      if (row.n !== undefined) query["n"] = row.n;
      if (row.last !== undefined) query["last"] = row.last;
      const res = await c.get("/v2/_catalog", { query });
      const page = catalog(res);
      if (page.length < row.expect.length) {
        assert.ok(nextLink(res), "short page without Link");
        assert.deepEqual(page, row.expect.slice(0, page.length));
      } else {
        assert.deepEqual(page, row.expect);
      }
      const remaining = SORTED.filter((r) => row.last === undefined || r > row.last).length;
      if (remaining <= page.length) assert.equal(nextLink(res), null, "Link on the last page");
      else assert.ok(nextLink(res), "more repositories remain: Link rel=next expected");
    });
  }

  test("the last page has no Link", async () => {
    const res = await c.get("/v2/_catalog", {
      query: { n: "3", last: SORTED[SORTED.length - 4]! },
    });
    assert.deepEqual(catalog(res), SORTED.slice(-3));
    assert.equal(nextLink(res), null);
  });

  test("n=0 -> empty list and no Link", async () => {
    const res = await c.get("/v2/_catalog", { query: { n: "0" } });
    assert.deepEqual(catalog(res), []);
    assert.equal(nextLink(res), null);
  });

  for (const n of ["-5", "x", "1e3", "99999999999999999999"]) {
    test(`n=${n} -> 200 or 4xx with a spec error code, never 5xx`, async () => {
      const res = await c.get("/v2/_catalog", { query: { n } });
      assert.ok(res.status < 500, show(res));
      // _catalog comes from the Docker Registry HTTP API V2, which defines PAGINATION_NUMBER_INVALID
      if (res.status >= 400)
        assertClientError(res, [...SPEC_ERROR_CODES, "PAGINATION_NUMBER_INVALID"]);
    });
  }

  test("last= that is not a valid name never gives a 5xx", async () => {
    for (const last of ["", "UPPER", "../x", "a".repeat(300), "😀"]) {
      const res = await c.get(`/v2/_catalog?n=2&last=${encodeURIComponent(last)}`);
      assert.ok(res.status < 500, show(res));
      if (res.status >= 400)
        assertClientError(res, [...SPEC_ERROR_CODES, "PAGINATION_NUMBER_INVALID"]);
    }
  });

  test("a repository created later shows up in order", async () => {
    await c.pushImage("beta-0", "t");
    const list = catalog(await c.get("/v2/_catalog"));
    assert.deepEqual(list, [...SORTED, "beta-0"].sort());
  });
});
