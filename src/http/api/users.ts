import { type ApiRoute, jsonRoute } from "./route-table.ts";
import { CreateUser, Me, UpdateUser, User, UserCreated, UserParams } from "./schemas.ts";
import { type ApiDeps, userView } from "./views.ts";

export function userRoutes({ management }: ApiDeps): ApiRoute[] {
  return [
    jsonRoute({
      method: "GET",
      path: "/me",
      operationId: "getMe",
      summary: "Who the caller is, and the namespaces where they hold a role",
      tag: "users",
      response: Me,
      handle: async ({ principal }) => ({
        name: principal.name,
        kind: principal.kind,
        admin: principal.kind === "user" && principal.admin,
        namespaces: (await management.listNamespaces(principal)).flatMap((ns) =>
          ns.role === null ? [] : [{ name: ns.name, role: ns.role }],
        ),
      }),
    }),
    jsonRoute({
      method: "GET",
      path: "/users",
      operationId: "listUsers",
      summary: "Every user (admin)",
      tag: "users",
      errors: [403],
      response: User.array(),
      handle: async ({ principal, ctx }) =>
        (await management.listUsers(principal, ctx)).map(userView),
    }),
    jsonRoute({
      method: "POST",
      path: "/users",
      operationId: "createUser",
      summary: "Create a user (admin); without a password, one is generated and answered once",
      tag: "users",
      errors: [403, 409],
      body: CreateUser,
      status: 201,
      response: UserCreated,
      handle: async ({ principal, ctx, body }) => {
        const { user, password } = await management.createUser(principal, body, ctx);
        return { user: userView(user), ...(password !== undefined ? { password } : {}) };
      },
    }),
    jsonRoute({
      method: "PATCH",
      path: "/users/{name}",
      operationId: "updateUser",
      summary: "Change a user (admin); anyone may change their own password",
      tag: "users",
      errors: [403, 404],
      params: UserParams,
      body: UpdateUser,
      response: User,
      handle: async ({ principal, ctx, params, body }) =>
        userView(await management.updateUser(principal, params.name, body, ctx)),
    }),
  ];
}
