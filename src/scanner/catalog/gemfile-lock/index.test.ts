import assert from "node:assert/strict";
import { test } from "node:test";
import { lockfileKit, type ProblemCase, type ReadCase } from "../test-kit.ts";
import { reader } from "./index.ts";

const LOCK = "/src/app/Gemfile.lock";
const { read, assertWants, assertReads, assertProblems } = lockfileKit(reader, LOCK);

test("is a directory-only reader wanting Gemfile.lock and gems.locked", () => {
  assertWants([
    ["/src/app/Gemfile.lock", true],
    ["/Gemfile.lock", true],
    ["/src/app/gems.locked", true],
    ["/src/app/Gemfile", false],
    ["/src/app/gemfile.lock", false],
    ["/usr/local/bundle/gems/rack-3.0.8/Gemfile.lock", false],
    ["/src/app/vendor/bundle/ruby/3.2.0/bundler/gems/rails-abc123/Gemfile.lock", false],
    ["/var/lib/gems/3.1.0/gems/nokogiri-1.15.4-x86_64-linux/Gemfile.lock", false],
  ]);
});

// Bundler 2.4: a git source, the app's own gemspec (PATH), platform-specific gems, and a second
// gem server in its own GEM section.
const BUNDLER_2 = `GIT
  remote: https://github.com/rails/rails.git
  revision: 2d4c1a3e8f0b9c7d6e5f4a3b2c1d0e9f8a7b6c5d
  branch: 7-1-stable
  specs:
    activesupport (7.1.3.2)
      base64
      concurrent-ruby (~> 1.0, >= 1.0.2)
      i18n (>= 1.6, < 2)

PATH
  remote: .
  specs:
    myapp (0.1.0)
      activesupport
      nokogiri (~> 1.15)

GEM
  remote: https://rubygems.org/
  specs:
    base64 (0.2.0)
    concurrent-ruby (1.2.3)
    i18n (1.14.4)
      concurrent-ruby (~> 1.0)
    mini_portile2 (2.8.5)
    nokogiri (1.15.4)
      mini_portile2 (~> 2.8.2)
      racc (~> 1.4)
    nokogiri (1.15.4-arm64-darwin)
      racc (~> 1.4)
    nokogiri (1.15.4-x86_64-linux)
      racc (~> 1.4)
    racc (1.7.3)
    rake (13.1.0)

GEM
  remote: https://gems.example.com/
  specs:
    internal-client (3.2.1)

PLATFORMS
  arm64-darwin-22
  ruby
  x86_64-linux

DEPENDENCIES
  activesupport!
  internal-client!
  myapp!
  rake (~> 13.0)

RUBY VERSION
   ruby 3.2.2p53

BUNDLED WITH
   2.4.19
`;

// Bundler 2.5+: a CHECKSUMS section (two-space entries that look like specs).
const BUNDLER_2_5 = `GEM
  remote: https://rubygems.org/
  specs:
    rack (3.0.9.1)
    sinatra (4.0.0)
      mustermann (~> 3.0)
      rack (>= 3.0.0, < 4)

PLATFORMS
  ruby

DEPENDENCIES
  sinatra

CHECKSUMS
  rack (3.0.9.1) sha256=c9d2a0e0c0b5f5e4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0
  sinatra (4.0.0) sha256=0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0

BUNDLED WITH
   2.5.6
`;

test("reads Bundler lockfiles", () => {
  const cases: ReadCase[] = [
    {
      name: "bundler 2.4: GIT, PATH skipped, platforms, two GEM servers",
      text: BUNDLER_2,
      want: [
        'pkg:gem/activesupport@7.1.3.2 {"source":{"type":"git","remote":"https://github.com/rails/rails.git","revision":"2d4c1a3e8f0b9c7d6e5f4a3b2c1d0e9f8a7b6c5d","branch":"7-1-stable"}}',
        "pkg:gem/base64@0.2.0",
        "pkg:gem/concurrent-ruby@1.2.3",
        "pkg:gem/i18n@1.14.4",
        'pkg:gem/internal-client@3.2.1 {"source":{"type":"gem","remote":"https://gems.example.com/"}}',
        "pkg:gem/mini_portile2@2.8.5",
        "pkg:gem/nokogiri@1.15.4",
        'pkg:gem/nokogiri@1.15.4?platform=arm64-darwin {"platform":"arm64-darwin"}',
        'pkg:gem/nokogiri@1.15.4?platform=x86_64-linux {"platform":"x86_64-linux"}',
        "pkg:gem/racc@1.7.3",
        "pkg:gem/rake@13.1.0",
      ],
    },
    {
      name: "bundler 2.5 with CHECKSUMS",
      text: BUNDLER_2_5,
      want: ["pkg:gem/rack@3.0.9.1", "pkg:gem/sinatra@4.0.0"],
    },
    {
      name: "CRLF line ends",
      text: BUNDLER_2_5.replace(/\n/g, "\r\n"),
      want: ["pkg:gem/rack@3.0.9.1", "pkg:gem/sinatra@4.0.0"],
    },
    { name: "empty", text: "", want: [] },
  ];
  assertReads(cases, "gem");
  const linux = read(BUNDLER_2).packages.find((p) => p.purl.includes("x86_64-linux"));
  assert.equal(linux?.version, "1.15.4", "the platform is not part of the version");
});

test("malformed content is a problem naming the line; good entries are kept", () => {
  const cases: ProblemCase[] = [
    {
      name: "a merge conflict",
      text: "GEM\n  remote: https://rubygems.org/\n  specs:\n<<<<<<< HEAD\n    rack (3.0.9)\n=======\n    rack (3.0.8)\n>>>>>>> main\n    rake (13.1.0)\n",
      reasons: [
        /^line 4: merge conflict marker/,
        /^line 6: merge conflict marker/,
        /^line 8: merge conflict marker/,
      ],
      want: [],
    },
    {
      name: "unreadable specs and options",
      text: "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack 3.0.9\n    rake ()\n    rails (7.1.0\n    thor (1.3.0)\n  this is not an option\n",
      reasons: [
        /^line 4: unreadable spec "rack 3.0.9"/,
        /^line 5: unreadable spec "rake \(\)"/,
        /^line 6: unreadable spec "rails \(7.1.0"/,
        /^line 8: unreadable GEM line "this is not an option"/,
      ],
      want: ["pkg:gem/thor@1.3.0"],
    },
    {
      name: "not a lockfile",
      text: "source 'https://rubygems.org'\ngem 'rails'\n",
      reasons: [/^line 1: expected a section header/, /^line 2: expected a section header/],
      want: [],
    },
    { name: "binary", text: Buffer.from([0x1f, 0x8b, 8, 0]), reasons: [/binary/], want: [] },
  ];
  assertProblems(cases);
});

test("hostile content: many specs, long lines", () => {
  let big = "GEM\n  remote: https://rubygems.org/\n  specs:\n";
  for (let i = 0; i < 50_000; i++) big += `    g${i} (1.0.${i})\n      dep (>= 0)\n`;
  const r = read(big);
  assert.deepEqual(r.problems, []);
  assert.equal(r.packages.length, 50_000);
  const long = read(`GEM\n  specs:\n    ${"a".repeat(3_000_000)} (1.0\n`);
  assert.equal(long.packages.length, 0);
  assert.equal(long.problems.length, 1);
  assert.ok(long.problems[0]!.reason.length < 200);
});
