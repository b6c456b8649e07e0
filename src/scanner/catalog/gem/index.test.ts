import assert from "node:assert/strict";
import { test } from "node:test";
import type { ImageFile, Package, ReadResult } from "../types.ts";
import { reader } from "./index.ts";

const ctx = { os: null, source: "image" } as const;
const SPECS = "/usr/local/bundle/specifications";
const file = (path: string, content: string | Buffer): ImageFile => ({
  path,
  content: typeof content === "string" ? Buffer.from(content) : content,
  layer: "sha256:cc",
  mode: 0o100644,
});
const read = (files: ImageFile[]) => reader.read(files, ctx) as ReadResult;

test("wants installed gemspecs only", () => {
  const cases: [string, boolean][] = [
    [`${SPECS}/rake-13.0.6.gemspec`, true],
    ["/usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec", true],
    ["/var/lib/gems/3.1.0/specifications/nokogiri-1.15.0-x86_64-linux.gemspec", true],
    ["/usr/local/bundle/gems/rake-13.0.6/rake.gemspec", false],
    ["/app/my.gemspec", false],
    [`${SPECS}/rake-13.0.6.gemspec.bak`, false],
    ["/x/notspecifications/a-1.gemspec", false],
    [`${SPECS}/sub/a-1.gemspec`, false],
  ];
  for (const [path, want] of cases) assert.equal(reader.wants(path, Buffer.alloc(0)), want, path);
});

// What RubyGems' Gem::Specification#to_ruby writes into specifications/.
const RAKE = `# -*- encoding: utf-8 -*-
# stub: rake 13.0.6 ruby lib

Gem::Specification.new do |s|
  s.name = "rake".freeze
  s.version = "13.0.6"

  s.required_rubygems_version = Gem::Requirement.new(">= 1.3.2".freeze) if s.respond_to? :required_rubygems_version=
  s.metadata = { "bug_tracker_uri" => "https://github.com/ruby/rake/issues" } if s.respond_to? :metadata=
  s.require_paths = ["lib".freeze]
  s.authors = ["Hiroshi SHIBATA".freeze, "Eric Hodel".freeze]
  s.date = "2021-07-09"
  s.licenses = ["MIT".freeze]
  s.required_ruby_version = Gem::Requirement.new(">= 2.2".freeze)
  s.rubygems_version = "3.3.26".freeze
  s.summary = "Rake is a Make-like program implemented in Ruby".freeze

  s.installed_by_version = "3.3.26" if s.respond_to? :installed_by_version
end
`;

const NOKOGIRI = `# -*- encoding: utf-8 -*-
Gem::Specification.new do |spec|
  spec.name = "nokogiri".freeze
  spec.version = "1.15.0"
  spec.platform = "x86_64-linux".freeze
  spec.licenses = ["MIT".freeze, "Apache-2.0".freeze]
  spec.add_runtime_dependency(%q<racc>.freeze, ["~> 1.4"])
end
`;

test("reads gemspecs", () => {
  const cases: { name: string; path: string; text: string; want: Partial<Package> }[] = [
    {
      name: "generated spec with .freeze",
      path: `${SPECS}/rake-13.0.6.gemspec`,
      text: RAKE,
      want: { name: "rake", version: "13.0.6", purl: "pkg:gem/rake@13.0.6", licenses: ["MIT"] },
    },
    {
      name: "platform gem, other block variable, two licenses",
      path: `${SPECS}/nokogiri-1.15.0-x86_64-linux.gemspec`,
      text: NOKOGIRI,
      want: {
        name: "nokogiri",
        purl: "pkg:gem/nokogiri@1.15.0?platform=x86_64-linux",
        licenses: ["MIT", "Apache-2.0"],
        metadata: { platform: "x86_64-linux" },
      },
    },
    {
      name: "single quotes, license singular, ruby platform",
      path: `${SPECS}/a-1.0.0.pre.gemspec`,
      text: "Gem::Specification.new do |s|\n  s.name    =  'a'\n  s.version = '1.0.0.pre'\n  s.license = 'BSD-2-Clause'\n  s.platform = 'ruby'\nend\n",
      want: { purl: "pkg:gem/a@1.0.0.pre", licenses: ["BSD-2-Clause"], metadata: undefined },
    },
    {
      name: "two-argument constructor",
      path: `${SPECS}/b-2.0.gemspec`,
      text: 'Gem::Specification.new "b", "2.0" do |s|\n  s.summary = "x"\nend\n',
      want: { name: "b", version: "2.0", purl: "pkg:gem/b@2.0", licenses: undefined },
    },
    {
      name: "CRLF and another variable's assignments ignored",
      path: `${SPECS}/c-3.gemspec`,
      text: 'other.name = "nope"\r\nGem::Specification.new do |s|\r\n  t.name = "nope"\r\n  s.name = "c".freeze\r\n  s.version = "3"\r\nend\r\n',
      want: { name: "c", purl: "pkg:gem/c@3" },
    },
  ];
  for (const c of cases) {
    const r = read([file(c.path, c.text)]);
    assert.deepEqual(r.problems, [], c.name);
    assert.equal(r.packages.length, 1, c.name);
    const p = r.packages[0]!;
    assert.equal(p.type, "gem");
    assert.equal(p.path, c.path);
    assert.equal(p.layer, "sha256:cc");
    for (const [k, v] of Object.entries(c.want))
      assert.deepEqual(p[k as keyof Package], v, `${c.name}: ${k}`);
  }
});

test("malformed gemspecs are problems; good ones are kept", () => {
  const bad: [string, string | Buffer, RegExp][] = [
    ["empty", "", /no `Gem::Specification.new/],
    ["no block", 's.name = "x"\ns.version = "1"\n', /no `Gem::Specification.new/],
    [
      "no version",
      'Gem::Specification.new do |s|\n  s.name = "x"\nend\n',
      /^line 1: gemspec of x has no `version`/,
    ],
    [
      "no name",
      'Gem::Specification.new do |s|\n  s.version = "1"\nend\n',
      /^line 1: gemspec has no `name`/,
    ],
    [
      "computed version",
      'Gem::Specification.new do |s|\n  s.name = "x"\n  s.version = X::VERSION\nend\n',
      /no `version`/,
    ],
    ["binary", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), /binary/],
  ];
  for (const [name, content, reason] of bad) {
    const path = `${SPECS}/${name.replace(/ /g, "_")}-1.gemspec`;
    const r = read([file(path, content), file(`${SPECS}/rake-13.0.6.gemspec`, RAKE)]);
    assert.equal(r.problems.length, 1, name);
    assert.equal(r.problems[0]!.path, path, name);
    assert.match(r.problems[0]!.reason, reason, name);
    assert.deepEqual(
      r.packages.map((p) => p.purl),
      ["pkg:gem/rake@13.0.6"],
      name,
    );
  }
});

test("hostile content: long lines and many lines", () => {
  const long = `Gem::Specification.new do |s|\n  s.name = "${"x".repeat(1_000_000)}"\n  s.name = "ok"\n  s.version = "1"\n  s.summary = "${"Gem::Specification.new ".repeat(50_000)}"\nend\n`;
  const t = Date.now();
  const r = read([file(`${SPECS}/ok-1.gemspec`, long)]);
  assert.ok(Date.now() - t < 2_000, "fast");
  assert.equal(r.packages[0]?.purl, "pkg:gem/ok@1");
  const many = `Gem::Specification.new do |s|\n${'  s.files = ["a"]\n'.repeat(200_000)}  s.name = "m"\n  s.version = "2"\nend\n`;
  assert.equal(read([file(`${SPECS}/m-2.gemspec`, many)]).packages[0]?.purl, "pkg:gem/m@2");
});
