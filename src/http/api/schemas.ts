import { z } from "zod";
import { ERROR_CODES, type ErrorCode } from "../../core/errors.ts";

/**
 * The shapes of the management API. Request bodies are strict (an unknown or misspelt field
 * is a 400, not silently ignored); answers are parsed through their schema before they are
 * sent, so a field not named here (a hash, say) never leaves the server. Times are RFC 3339.
 * Each schema listed in COMPONENTS becomes a named schema of the OpenAPI document.
 */

const time = z.iso.datetime().describe("RFC 3339 time (UTC)");
const name = (what: string) => z.string().min(1).max(256).describe(what);

export const RoleName = z.enum(["owner", "maintainer", "developer", "viewer"]);
export const ActionName = z.enum(["pull", "push", "delete"]);

export const Permission = z
  .object({
    repositories: z
      .string()
      .min(1)
      .max(256)
      .describe(
        "Repositories in the namespace, a glob: `*` is any run of characters except `/`, `**` anything",
      ),
    actions: z.array(ActionName).min(1).max(3),
  })
  .describe("What a robot or a workload may do on matching repositories");

// --- answers ---------------------------------------------------------------------------------

export const ErrorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
  }),
});

export const Me = z.object({
  name: z.string(),
  kind: z.enum(["user", "robot", "workload", "anonymous"]),
  admin: z.boolean(),
  namespaces: z.array(z.object({ name: z.string(), role: RoleName })),
});

export const User = z.object({
  name: z.string(),
  admin: z.boolean(),
  canCreateNamespaces: z.boolean(),
  disabled: z.boolean(),
  createdAt: time,
});

export const UserCreated = z.object({
  user: User,
  password: z
    .string()
    .optional()
    .describe("The generated password, when none was given; shown only in this answer"),
});

export const Namespace = z.object({
  name: z.string(),
  public: z.boolean(),
  createdAt: time,
  createdBy: z.string(),
  role: RoleName.nullable().describe("The caller's role in the namespace (null: none)"),
});

export const Member = z.object({ user: z.string(), role: RoleName, createdAt: time });

const DeliveryView = z
  .object({
    kind: z.enum(["webhook", "docker-config", "k8s-secret"]),
    url: z.string().optional(),
    path: z.string().optional(),
    secretName: z.string().optional(),
    k8sNamespace: z.string().optional(),
  })
  .nullable()
  .describe(
    "Where rotated secrets are delivered (only its kind unless the caller owns the namespace)",
  );

export const Robot = z.object({
  namespace: z.string(),
  name: z.string(),
  username: z.string().describe("The user name the robot signs in with: robot$<namespace>+<name>"),
  description: z.string(),
  permissions: z.array(Permission),
  secretTtlSeconds: z.number(),
  overlapSeconds: z.number(),
  autoRotate: z.boolean(),
  delivery: DeliveryView,
  createdAt: time,
  createdBy: z.string(),
  revokedAt: time.nullable(),
  secretExpiresAt: time.nullable(),
  secretCreatedAt: time.nullable(),
});

export const IssuedSecret = z.object({
  username: z.string(),
  secret: z.string().describe("Shown only in this answer"),
  expiresAt: time,
});

export const RobotCreated = z.object({
  robot: Robot,
  credential: IssuedSecret,
  webhookSigningKey: z
    .string()
    .optional()
    .describe("Base64 HMAC key the webhook receiver checks signatures with; shown only here"),
});

export const TrustPolicy = z.object({
  id: z.string(),
  namespace: z.string(),
  issuer: z.string(),
  audience: z.string(),
  claims: z.record(z.string(), z.string()),
  permissions: z.array(Permission),
  createdAt: time,
  createdBy: z.string(),
});

export const Token = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: time,
  expiresAt: time,
  revokedAt: time.nullable(),
  lastUsedAt: time.nullable(),
});

export const TokenCreated = z.object({
  id: z.string(),
  name: z.string(),
  token: z.string().describe("The personal access token (ddp_...); shown only in this answer"),
  expiresAt: time,
});

export const AuditEvent = z.object({
  id: z.number().int(),
  at: time,
  actor: z.string(),
  actorKind: z.string(),
  source: z.string(),
  userAgent: z.string(),
  action: z.string(),
  target: z.string(),
  result: z.enum(["success", "failure", "denied"]),
  detail: z.record(z.string(), z.unknown()),
});

export const AuditPage = z.object({
  events: z.array(AuditEvent),
  next: z
    .number()
    .int()
    .nullable()
    .describe("Pass as `after` for the next page; null when this page is the last"),
});

export const OpenApiDocument = z.record(z.string(), z.unknown());

// --- request bodies --------------------------------------------------------------------------

export const CreateUser = z.strictObject({
  name: z.string().min(1).max(64),
  password: z
    .string()
    .min(1)
    .max(1024)
    .optional()
    .describe("Generated and answered once when absent"),
  admin: z.boolean().optional(),
  canCreateNamespaces: z.boolean().optional(),
});

export const UpdateUser = z.strictObject({
  disabled: z.boolean().optional(),
  admin: z.boolean().optional(),
  canCreateNamespaces: z.boolean().optional(),
  password: z.string().min(1).max(1024).optional(),
});

export const CreateNamespace = z.strictObject({
  name: z.string().min(1).max(64),
  public: z.boolean().optional(),
});

export const UpdateNamespace = z.strictObject({ public: z.boolean() });

export const SetMember = z.strictObject({ role: RoleName });

export const DeliveryTarget = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("webhook"), url: z.string().min(1).max(2048) }),
  z.strictObject({ kind: z.literal("docker-config"), path: z.string().min(1).max(4096) }),
  z.strictObject({
    kind: z.literal("k8s-secret"),
    path: z.string().min(1).max(4096),
    secretName: z.string().min(1).max(253),
    k8sNamespace: z.string().min(1).max(63),
  }),
]);

export const CreateRobot = z.strictObject({
  name: z.string().min(1).max(64),
  description: z.string().max(1024).optional(),
  permissions: z.array(z.strictObject(Permission.shape)).min(1).max(100),
  ttlSeconds: z.number().int().positive().optional(),
  overlapSeconds: z.number().int().nonnegative().optional(),
  delivery: DeliveryTarget.optional().describe(
    "Rotate automatically and deliver each new secret here (webhook urls are https; paths absolute)",
  ),
});

export const CreateTrustPolicy = z.strictObject({
  issuer: z.string().min(1).max(2048),
  audience: z.string().min(1).max(1024),
  claims: z.record(z.string().min(1).max(256), z.string().max(1024)),
  permissions: z.array(z.strictObject(Permission.shape)).min(1).max(100),
});

export const CreateToken = z.strictObject({
  name: z.string().min(1).max(64),
  expiresInSeconds: z.number().int().positive(),
});

// --- path and query --------------------------------------------------------------------------

export const NsParams = z.object({ ns: name("Namespace") });
export const UserParams = z.object({ name: name("User name") });
export const MemberParams = z.object({ ns: name("Namespace"), user: name("User name") });
export const RobotParams = z.object({ ns: name("Namespace"), name: name("Robot name") });
export const PolicyParams = z.object({ ns: name("Namespace"), id: name("Trust policy id") });
export const TokenParams = z.object({ id: name("Token id") });

const rfc3339 = z.iso
  .datetime({ offset: true })
  .transform((s) => Date.parse(s))
  .describe("RFC 3339 time");

export const AuditFilters = z.object({
  actor: z.string().min(1).max(256).optional().describe("Exactly this actor name"),
  action: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .describe("An action (`robot.create`), or a prefix ending in `*` (`robot.*`)"),
  target: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .describe(
      "A target and everything below it (`team-a` matches `team-a/app`); needed unless admin",
    ),
  result: z.enum(["success", "failure", "denied"]).optional(),
  since: rfc3339.optional().describe("Events at or after this RFC 3339 time"),
  until: rfc3339.optional().describe("Events before this RFC 3339 time"),
  after: z.coerce
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe("Events with an id greater than this (the previous page's `next`)"),
});

export const AuditQuery = AuditFilters.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe("At most 1000"),
});

/** Named schemas of the OpenAPI document: request bodies are shown as input, answers as output. */
export const COMPONENTS = {
  input: {
    CreateUser,
    UpdateUser,
    CreateNamespace,
    UpdateNamespace,
    SetMember,
    CreateRobot,
    CreateTrustPolicy,
    CreateToken,
  },
  output: {
    Error: ErrorBody,
    Me,
    User,
    UserCreated,
    Namespace,
    Member,
    Robot,
    RobotCreated,
    IssuedSecret,
    TrustPolicy,
    Token,
    TokenCreated,
    AuditEvent,
    AuditPage,
    OpenApiDocument,
  },
} as const;
