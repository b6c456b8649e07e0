import assert from "node:assert/strict";
import { test } from "node:test";
import { parseToml } from "./toml-file.ts";

test("reads the TOML the lockfiles use, and the rest of the language", () => {
  const cases: [string, string, unknown][] = [
    [
      "bare, quoted and dotted keys",
      "a = 1\n\"b c\" = 2\n'd' = 3\ne.f = 4\n",
      {
        a: 1,
        "b c": 2,
        d: 3,
        e: { f: 4 },
      },
    ],
    [
      "strings",
      's = "tab\\tq\\"\\u00e9\\U0001F600"\nl = \'C:\\x\'\nm = """\nline1\\\n   line2\n"""\nn = \'\'\'\nraw\\n\'\'\'\n',
      { s: 'tab\tq"é😀', l: "C:\\x", m: "line1line2\n", n: "raw\\n" },
    ],
    ["quotes before the closing delimiter", 'q = """a""""\n', { q: 'a"' }],
    [
      "numbers, booleans, dates",
      "i = +1_000\nh = 0xff\no = 0o17\nb = 0b101\nf = -1.5e3\ninf = -inf\nt = true\nd = 1979-05-27T07:32:00Z\nld = 1979-05-27\nsp = 1979-05-27 07:32:00\ntm = 07:32:00\n",
      {
        i: 1000,
        h: 255,
        o: 15,
        b: 5,
        f: -1500,
        inf: Number.NEGATIVE_INFINITY,
        t: true,
        d: "1979-05-27T07:32:00Z",
        ld: "1979-05-27",
        sp: "1979-05-27 07:32:00",
        tm: "07:32:00",
      },
    ],
    [
      "arrays with comments and trailing commas; inline tables",
      'a = [\n  1, # one\n  [2, "x"],\n  { k = "v", n.m = 1 },\n]\nt = { a = 1, b = { c = [] } }\n',
      { a: [1, [2, "x"], { k: "v", n: { m: 1 } }], t: { a: 1, b: { c: [] } } },
    ],
    [
      "tables, sub-tables and arrays of tables",
      '[a]\nx = 1\n[a.b]\ny = 2\n[[p]]\nn = "1"\n[p.dep]\nz = 3\n[[p]]\nn = "2"\n[[p.list]]\nq = 1\n',
      {
        a: { x: 1, b: { y: 2 } },
        p: [
          { n: "1", dep: { z: 3 } },
          { n: "2", list: [{ q: 1 }] },
        ],
      },
    ],
    ["an implicit table defined later", "[a.b]\nx = 1\n[a]\ny = 2\n", { a: { b: { x: 1 }, y: 2 } }],
    ["indented headers and CRLF", "  [a]\r\n  x = 1\r\n", { a: { x: 1 } }],
  ];
  for (const [name, text, want] of cases) {
    const doc = parseToml(text);
    assert.deepEqual(doc.errors, [], name);
    assert.deepEqual(
      JSON.parse(
        JSON.stringify(doc.root, (_k, v) => (v === Number.NEGATIVE_INFINITY ? "-inf" : v)),
      ),
      JSON.parse(JSON.stringify(want, (_k, v) => (v === Number.NEGATIVE_INFINITY ? "-inf" : v))),
      name,
    );
  }
});

test("records header lines", () => {
  const doc = parseToml('x = 1\n\n[[package]]\nname = "a"\n\n[[package]]\nname = "b"\n');
  const list = doc.root["package"] as Record<string, unknown>[];
  assert.deepEqual(
    list.map((t) => doc.lineOf(t as never)),
    [3, 6],
  );
  assert.equal(doc.lineOf(doc.root), 0);
});

test("errors name their line; reading resumes at the next header", () => {
  const cases: [string, string, string[], unknown][] = [
    [
      "bad values",
      'a = 1\nb = nope\nc = 2\n[t]\nd = "x\ne = 3\n[u]\nf = 4\n',
      ['2: invalid value "nope"', "5: unterminated string"],
      { a: 1, t: {}, u: { f: 4 } },
    ],
    ["duplicate keys", "a = 1\na = 2\n", ["2: duplicate key a"], { a: 1 }],
    [
      "a table defined twice, and a table that is a value",
      "[a]\nx = 1\n[a]\ny = 2\n[b]\nc = 1\n[b.c]\n",
      ["3: [a] is defined more than once", "7: [b.c]: c is already a value, not a table"],
      { a: { x: 1 }, b: { c: 1 } },
    ],
    [
      "an array of tables over a plain array",
      "p = [1]\n[[p]]\nx = 1\n",
      ["2: [[p]] extends a key that is not an array of tables"],
      { p: [1] },
    ],
    ["missing =", "a 1\n", ['1: expected "=" after the key a'], {}],
    ["text after a value", "a = 1 2\n", ['1: unexpected "2" before the end of the line'], { a: 1 }],
    ["a bad escape", 'a = "\\q"\n', ['1: invalid escape "\\q"'], {}],
    [
      "a surrogate escape",
      '[t]\nb = "\\uD800"\n',
      ["2: invalid escape: U+D800 is not a Unicode scalar value"],
      { t: {} },
    ],
    ["unterminated multi-line", 'a = """\nx\n', ["1: unterminated multi-line string"], {}],
    ["a header left open", "[a\nx = 1\n", ['1: expected "]" to close the header'], {}],
  ];
  for (const [name, text, errors, root] of cases) {
    const doc = parseToml(text);
    assert.deepEqual(
      doc.errors.map((e) => `${e.line}: ${e.message}`),
      errors,
      name,
    );
    assert.deepEqual(JSON.parse(JSON.stringify(doc.root)), root, name);
  }
});

test("stops after too many errors", () => {
  const doc = parseToml("[a\n".repeat(1_000));
  assert.equal(doc.errors.length, 51);
  assert.match(doc.errors[50]!.message, /too many errors/);
});
