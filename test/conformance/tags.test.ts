/**
 * Listing tags: spec.md "Content Discovery / Listing Tags" (end-8a, end-8b): lexical order,
 * `n` and `last`, `Link: <...>; rel="next"` (RFC 5988), n=0, unknown repository.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startRegistry, type TestRegistry } from "../helpers/server.ts";
import {
  assertClientError,
  assertError,
  Client,
  nextLink,
  type Res,
  show,
  uniqueRepo,
} from "./client.ts";

let reg: TestRegistry;
let c: Client;

before(async () => {
  reg = await startRegistry();
  c = new Client(reg.url, reg.admin);
});
after(async () => {
  await reg?.close();
});

interface TagList {
  name: string;
  tags: string[];
}

function tagList(res: Res): TagList {
  assert.equal(res.status, 200, show(res));
  const body = res.json<TagList>();
  assert.ok(Array.isArray(body.tags), `tags is not an array: ${show(res)}`);
  return body;
}

/** Tags in a scrambled push order; lowercase only, so lexical and ASCII order agree. */
const TAGS = [
  "v1.10",
  "latest",
  "0.1",
  "b_1",
  "v1.2",
  "a",
  "b-1",
  "b1",
  "z",
  "v1.2-rc.1",
  "_x",
  "9",
];
const SORTED = [...TAGS].sort();

/** A repository with TAGS, all on one image (tags are cheap). */
async function repoWithTags(tags: string[] = TAGS): Promise<string> {
  const repo = uniqueRepo("tags");
  const img = await c.pushImage(repo, tags[0]);
  for (const t of tags.slice(1)) await c.pushManifest(repo, t, img.manifest, img.mediaType);
  return repo;
}

describe("GET /v2/<name>/tags/list", () => {
  let repo: string;
  before(async () => {
    repo = await repoWithTags();
  });

  test("returns {name, tags} with every tag in lexical order and no Link", async () => {
    const res = await c.get(`/v2/${repo}/tags/list`);
    const body = tagList(res);
    assert.equal(body.name, repo);
    assert.deepEqual(body.tags, SORTED);
    assert.equal(nextLink(res), null);
    assert.match(res.headers.get("content-type") ?? "", /json/);
  });

  test("n smaller than the count: at most n tags and a Link rel=next; following Links yields all tags", async () => {
    const n = 5;
    const seen: string[] = [];
    let url: string | null = `/v2/${repo}/tags/list?n=${n}`;
    let pages = 0;
    for (; url !== null && pages < 20; pages++) {
      const res = await c.get(url);
      const body = tagList(res);
      assert.ok(body.tags.length <= n, `page has ${body.tags.length} > ${n} tags`);
      seen.push(...body.tags);
      url = nextLink(res);
      if (url === null) break;
      assert.ok(body.tags.length > 0, "a page with a next Link must not be empty");
    }
    assert.deepEqual(seen, SORTED);
    assert.ok(pages >= 2, "expected several pages");
  });

  test("first page holds exactly n tags when n < count (or fewer only with a Link)", async () => {
    const res = await c.get(`/v2/${repo}/tags/list`, { query: { n: "3" } });
    const body = tagList(res);
    if (body.tags.length < 3) assert.ok(nextLink(res), "fewer than n tags without a Link header");
    assert.deepEqual(body.tags, SORTED.slice(0, body.tags.length));
    assert.ok(nextLink(res), "more tags remain: a Link rel=next is expected");
  });

  test("the last page carries no Link header", async () => {
    const res = await c.get(`/v2/${repo}/tags/list`, {
      query: { n: "4", last: SORTED[SORTED.length - 5]! },
    });
    const body = tagList(res);
    assert.deepEqual(body.tags, SORTED.slice(-4));
    assert.equal(nextLink(res), null, "no more tags: no Link expected");
  });

  const lastCases = [
    { name: "n and last", n: "3", last: SORTED[2]!, expect: SORTED.slice(3, 6) },
    { name: "last only (n optional)", n: undefined, last: SORTED[7]!, expect: SORTED.slice(8) },
    { name: "last after every tag", n: "3", last: "zzzz", expect: [] },
    { name: "last before every tag", n: "2", last: "0", expect: SORTED.slice(0, 2) },
    {
      name: "last not itself a tag",
      n: "2",
      last: "b0",
      expect: SORTED.filter((t) => t > "b0").slice(0, 2),
    },
    { name: "n larger than the count", n: "1000", last: undefined, expect: SORTED },
    { name: "n equal to the count", n: String(SORTED.length), last: undefined, expect: SORTED },
  ];
  for (const row of lastCases) {
    test(`pagination: ${row.name}`, async () => {
      const query: Record<string, string> = {};
      if (row.n !== undefined) query["n"] = row.n;
      if (row.last !== undefined) query["last"] = row.last;
      const res = await c.get(`/v2/${repo}/tags/list`, { query });
      const body = tagList(res);
      if (body.tags.length < row.expect.length) {
        // allowed only with a Link header; the page must be a prefix
        assert.ok(nextLink(res), `short page without Link: ${show(res)}`);
        assert.deepEqual(body.tags, row.expect.slice(0, body.tags.length));
      } else {
        assert.deepEqual(body.tags, row.expect);
      }
      const remaining = SORTED.filter((t) => row.last === undefined || t > row.last).length;
      if (remaining <= body.tags.length) assert.equal(nextLink(res), null, "Link on the last page");
    });
  }

  test("n=0 -> empty list and no Link header", async () => {
    const res = await c.get(`/v2/${repo}/tags/list`, { query: { n: "0" } });
    const body = tagList(res);
    assert.deepEqual(body.tags, []);
    assert.equal(nextLink(res), null);
  });

  test("the Link target is a usable URL that keeps n", async () => {
    const res = await c.get(`/v2/${repo}/tags/list`, { query: { n: "2" } });
    const link = nextLink(res);
    assert.ok(link, "Link missing");
    const url = c.url(link);
    assert.equal(url.pathname, `/v2/${repo}/tags/list`);
    assert.equal(url.searchParams.get("n"), "2");
    const next = tagList(await c.get(url.toString()));
    assert.deepEqual(next.tags, SORTED.slice(2, 4));
  });

  test("an empty last= is the same as no last", async () => {
    const res = await c.get(`/v2/${repo}/tags/list?last=`);
    assert.ok(res.status < 500, show(res));
    if (res.status === 200) assert.deepEqual(tagList(res).tags, SORTED);
  });

  test("last= that is not a valid tag never gives a 5xx", async () => {
    for (const last of ["%00", "a".repeat(300), "../x", "😀"]) {
      const res = await c.get(`/v2/${repo}/tags/list?n=2&last=${encodeURIComponent(last)}`);
      assert.ok(res.status < 500, show(res));
      if (res.status >= 400) assertClientError(res);
    }
  });

  for (const n of ["-1", "abc", "1.5", "99999999999999999999999"]) {
    test(`n=${n} -> 200 or 4xx with a spec error code, never 5xx`, async () => {
      const res = await c.get(`/v2/${repo}/tags/list`, { query: { n } });
      assert.ok(res.status < 500, show(res));
      // the spec's code table is closed: any error must use one of its codes
      if (res.status >= 400) assertClientError(res);
    });
  }
});

describe("tags and repository state", () => {
  test("unknown repository -> 404 NAME_UNKNOWN", async () => {
    assertError(await c.get(`/v2/${uniqueRepo("ghost")}/tags/list`), 404, "NAME_UNKNOWN");
  });

  test("repository whose only manifest is untagged -> 200 with an empty list", async () => {
    const repo = uniqueRepo("tags");
    await c.pushImage(repo); // pushed by digest
    const body = tagList(await c.get(`/v2/${repo}/tags/list`));
    assert.equal(body.name, repo);
    assert.deepEqual(body.tags, []);
  });

  test("a deleted tag disappears from the list; a re-pushed one comes back", async () => {
    const repo = await repoWithTags(["a", "b", "c"]);
    assert.equal((await c.del(`/v2/${repo}/manifests/b`)).status, 202);
    assert.deepEqual(tagList(await c.get(`/v2/${repo}/tags/list`)).tags, ["a", "c"]);
    const img = await c.get(`/v2/${repo}/manifests/a`);
    await c.pushManifest(repo, "b", img.body, img.headers.get("content-type")!);
    assert.deepEqual(tagList(await c.get(`/v2/${repo}/tags/list`)).tags, ["a", "b", "c"]);
  });

  test("tags of other repositories never show up (including a prefix-named repository)", async () => {
    const repo = await repoWithTags(["mine"]);
    const sub = `${repo}/sub`;
    await c.pushImage(sub, "theirs");
    await c.pushImage(`${repo}x`, "theirs2");
    assert.deepEqual(tagList(await c.get(`/v2/${repo}/tags/list`)).tags, ["mine"]);
    assert.deepEqual(tagList(await c.get(`/v2/${sub}/tags/list`)).tags, ["theirs"]);
  });

  test("re-pushing a tag does not duplicate it", async () => {
    const repo = await repoWithTags(["dup"]);
    await c.pushImage(repo, "dup");
    await c.pushImage(repo, "dup");
    assert.deepEqual(tagList(await c.get(`/v2/${repo}/tags/list`)).tags, ["dup"]);
  });

  test("mixed-case tags are listed in ASCII (Go sort.Strings) or case-insensitive order", async () => {
    const tags = ["beta", "Alpha", "alpha", "Beta", "GAMMA"];
    const repo = await repoWithTags(tags);
    const got = tagList(await c.get(`/v2/${repo}/tags/list`)).tags;
    const ascii = [...tags].sort();
    const folded = [...tags].sort(
      (x, y) => x.toLowerCase().localeCompare(y.toLowerCase()) || (x < y ? -1 : 1),
    );
    assert.ok(
      JSON.stringify(got) === JSON.stringify(ascii) ||
        JSON.stringify(got) === JSON.stringify(folded),
      `unexpected order ${JSON.stringify(got)}`,
    );
    assert.equal(new Set(got).size, tags.length);
  });
});
