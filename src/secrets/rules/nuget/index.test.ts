import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const LOWER = "0123456789abcdefghijklmnopqrstuvwxyz";
const key = `oy${"2"}${rand(LOWER, 43)}`;

const cases: Case[] = [
  {
    id: "nuget-api-key",
    finds: [
      [`NUGET_API_KEY=${key}`, key],
      [
        `dotnet nuget push pkg.nupkg --api-key ${key} --source https://api.nuget.org/v3/index.json`,
        key,
      ],
    ],
    ignores: [
      `API_KEY=${key}`,
      `NUGET_API_KEY=oy${"2"}${rand(LOWER, 30)}`,
      `NUGET_API_KEY=oy${"2"}${rand(LOWER, 43).toUpperCase()}`,
      `nuget\nAPI_KEY=${key}`,
    ],
  },
];

runCases(rules, cases);
