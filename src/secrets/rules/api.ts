import type { SecretRule } from "../types.ts";
import { RULES_A } from "./list-a.ts";
import { RULES_B } from "./list-b.ts";
import { RULES_C } from "./list-c.ts";

/** Every secret rule, in a fixed order (ids are unique; a test checks it). */
export const RULES: readonly SecretRule[] = [...RULES_A, ...RULES_B, ...RULES_C];
