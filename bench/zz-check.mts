import { readdirSync, existsSync } from "node:fs";
import { GENERATORS, seeded } from "../test/fixtures/secrets-corpus.ts";
import { keywordHit, ruleCandidates } from "../src/secrets/rules/match.ts";
const base = "/work/main/src/secrets/rules";
const all: any[] = [];
for (const fam of readdirSync(base).sort()) {
  const f = `${base}/${fam}/index.ts`;
  if (!existsSync(f)) continue;
  const m = await import(f);
  for (const r of m.rules ?? []) all.push({ fam, r });
}
const byId = new Map(all.map((x) => [x.r.meta.id, x.r]));
let ok = 0, bad = 0; const missing: string[] = [];
for (const { fam, r } of all) {
  const g = GENERATORS[r.meta.id];
  if (!g) { missing.push(`${fam}/${r.meta.id}`); continue; }
  for (let seed = 1; seed <= 30; seed++) {
    const p = g(seeded(seed * 7919));
    const text = p.lines.join("\n");
    const found = p.expect.rules.some((id) => {
      const rule = byId.get(id);
      if (!rule || !keywordHit(rule, text.toLowerCase())) return false;
      return ruleCandidates(rule, text).some((c) => text.slice(0, c.index).split("\n").length - 1 === p.expect.line);
    });
    if (found) ok++; else { bad++; console.log("MISS", r.meta.id, seed, text.slice(0, 300)); }
  }
}
console.log({ ok, bad }); for (const m of missing) console.log("MISSING", m);
