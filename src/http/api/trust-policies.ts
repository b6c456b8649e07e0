import { type ApiRoute, emptyRoute, jsonRoute } from "./route-table.ts";
import { CreateTrustPolicy, NsParams, PolicyParams, TrustPolicy } from "./schemas.ts";
import { type ApiDeps, trustPolicyView } from "./views.ts";

/** OIDC trust policies: which workloads (CI jobs, pods) may act in a namespace, and how. */
export function trustPolicyRoutes({ management }: ApiDeps): ApiRoute[] {
  return [
    jsonRoute({
      method: "GET",
      path: "/namespaces/{ns}/trust-policies",
      operationId: "listTrustPolicies",
      summary: "The trust policies of a namespace",
      tag: "trust-policies",
      errors: [404],
      params: NsParams,
      response: TrustPolicy.array(),
      handle: async ({ principal, params }) =>
        (await management.listTrustPolicies(principal, params.ns)).map(trustPolicyView),
    }),
    jsonRoute({
      method: "POST",
      path: "/namespaces/{ns}/trust-policies",
      operationId: "createTrustPolicy",
      summary: "Trust OIDC tokens from an issuer whose claims match (owner)",
      description:
        "The issuer must be one of the server's trusted issuers (identity.oidcIssuers); claims are exact values or globs with `*`.",
      tag: "trust-policies",
      errors: [403, 404],
      params: NsParams,
      body: CreateTrustPolicy,
      status: 201,
      response: TrustPolicy,
      handle: async ({ principal, ctx, params, body }) =>
        trustPolicyView(await management.createTrustPolicy(principal, params.ns, body, ctx)),
    }),
    emptyRoute({
      method: "DELETE",
      path: "/namespaces/{ns}/trust-policies/{id}",
      operationId: "deleteTrustPolicy",
      summary: "Delete a trust policy (owner)",
      tag: "trust-policies",
      errors: [403, 404],
      params: PolicyParams,
      handle: ({ principal, ctx, params }) =>
        management.deleteTrustPolicy(principal, params.ns, params.id, ctx),
    }),
  ];
}
