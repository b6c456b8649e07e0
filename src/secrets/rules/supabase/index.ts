import type { SecretRule } from "../../types.ts";

const KEYS = "https://supabase.com/docs/guides/api/api-keys";

/** The legacy service_role key is a JWT whose payload says role=service_role, iss=supabase. */
function isServiceRoleJwt(secret: string): boolean {
  const payload = secret.split(".")[1];
  if (payload === undefined) return false;
  try {
    const json: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (typeof json !== "object" || json === null) return false;
    const claims = json as Record<string, unknown>;
    // `supabase-demo` is the self-hosting demo key, published on purpose.
    return claims["role"] === "service_role" && claims["iss"] === "supabase";
  } catch {
    return false;
  }
}

export const rules: SecretRule[] = [
  {
    meta: {
      id: "supabase-management-token",
      title: "Supabase management API personal access token",
      severity: "high",
      keywords: ["sbp_"],
      docsUrl: "https://supabase.com/docs/reference/api/introduction",
    },
    pattern: /\bsbp_[a-f0-9]{40}\b/g,
    minEntropy: 3,
  },
  {
    meta: {
      id: "supabase-secret-key",
      title: "Supabase secret API key",
      severity: "high",
      keywords: ["sb_secret_"],
      docsUrl: KEYS,
    },
    pattern: /\bsb_secret_[A-Za-z0-9_-]{20,64}(?![A-Za-z0-9_-])/g,
    minEntropy: 3.5,
  },
  {
    meta: {
      id: "supabase-service-role-key",
      title: "Supabase service_role key (legacy JWT)",
      severity: "high",
      keywords: ["supabase", "service_role", "servicerole", "service-role"],
      docsUrl: KEYS,
    },
    pattern:
      /(?:supabase[\w.-]{0,30}?(?:service[_.-]?role|secret|key)|service[_.-]?role[_.-]?key)[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>eyJ[A-Za-z0-9_-]{10,500}\.eyJ[A-Za-z0-9_-]{10,1000}\.[A-Za-z0-9_-]{20,500})(?![A-Za-z0-9_-])/gi,
    validate: isServiceRoleJwt,
  },
];
