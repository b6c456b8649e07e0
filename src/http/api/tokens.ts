import { type ApiRoute, emptyRoute, jsonRoute } from "./route-table.ts";
import { CreateToken, Token, TokenCreated, TokenParams } from "./schemas.ts";
import { type ApiDeps, iso, tokenView } from "./views.ts";

/** The caller's personal access tokens (people only). */
export function tokenRoutes({ management }: ApiDeps): ApiRoute[] {
  return [
    jsonRoute({
      method: "GET",
      path: "/tokens",
      operationId: "listTokens",
      summary: "The caller's personal access tokens (never the tokens themselves)",
      tag: "tokens",
      response: Token.array(),
      handle: async ({ principal }) => (await management.listPats(principal)).map(tokenView),
    }),
    jsonRoute({
      method: "POST",
      path: "/tokens",
      operationId: "createToken",
      summary: "Create a personal access token; answered once",
      description:
        "Use it as `Authorization: Bearer <token>`, or as the password of Basic credentials (also with docker login).",
      tag: "tokens",
      errors: [403],
      body: CreateToken,
      status: 201,
      response: TokenCreated,
      handle: async ({ principal, ctx, body }) => {
        const { pat, token } = await management.createPat(principal, body, ctx);
        return { id: pat.id, name: pat.name, token, expiresAt: iso(pat.expiresAt) };
      },
    }),
    emptyRoute({
      method: "DELETE",
      path: "/tokens/{id}",
      operationId: "revokeToken",
      summary: "Revoke one of the caller's personal access tokens",
      tag: "tokens",
      errors: [404],
      params: TokenParams,
      handle: ({ principal, ctx, params }) => management.revokePat(principal, params.id, ctx),
    }),
  ];
}
