import { type ApiRoute, emptyRoute, jsonRoute } from "./route-table.ts";
import {
  CreateNamespace,
  Member,
  MemberParams,
  Namespace,
  NsParams,
  SetMember,
  UpdateNamespace,
} from "./schemas.ts";
import { type ApiDeps, memberView, namespaceView } from "./views.ts";

/**
 * Namespaces and their members. A namespace the caller may not know of answers 404, exactly
 * as one that does not exist.
 */
export function namespaceRoutes({ management }: ApiDeps): ApiRoute[] {
  return [
    jsonRoute({
      method: "GET",
      path: "/namespaces",
      operationId: "listNamespaces",
      summary: "The namespaces the caller may see, with the caller's role in each",
      tag: "namespaces",
      response: Namespace.array(),
      handle: async ({ principal }) =>
        (await management.listNamespaces(principal)).map(namespaceView),
    }),
    jsonRoute({
      method: "POST",
      path: "/namespaces",
      operationId: "createNamespace",
      summary: "Create a namespace (admin, or users allowed to create namespaces; they own it)",
      tag: "namespaces",
      errors: [403, 409],
      body: CreateNamespace,
      status: 201,
      response: Namespace,
      handle: async ({ principal, ctx, body }) => {
        const created = await management.createNamespace(principal, body, ctx);
        return namespaceView(await management.getNamespace(principal, created.name));
      },
    }),
    jsonRoute({
      method: "GET",
      path: "/namespaces/{ns}",
      operationId: "getNamespace",
      summary: "One namespace",
      tag: "namespaces",
      errors: [404],
      params: NsParams,
      response: Namespace,
      handle: async ({ principal, params }) =>
        namespaceView(await management.getNamespace(principal, params.ns)),
    }),
    jsonRoute({
      method: "PATCH",
      path: "/namespaces/{ns}",
      operationId: "updateNamespace",
      summary: "Make a namespace public or private (owner)",
      tag: "namespaces",
      errors: [403, 404],
      params: NsParams,
      body: UpdateNamespace,
      response: Namespace,
      handle: async ({ principal, ctx, params, body }) => {
        await management.updateNamespace(principal, params.ns, body, ctx);
        return namespaceView(await management.getNamespace(principal, params.ns));
      },
    }),
    emptyRoute({
      method: "DELETE",
      path: "/namespaces/{ns}",
      operationId: "deleteNamespace",
      summary: "Delete a namespace's members, robots and trust policies (owner)",
      description:
        "Its repositories stay until they are deleted through the registry API; pushing into the namespace again needs it created again.",
      tag: "namespaces",
      errors: [403, 404],
      params: NsParams,
      handle: ({ principal, ctx, params }) => management.deleteNamespace(principal, params.ns, ctx),
    }),
    jsonRoute({
      method: "GET",
      path: "/namespaces/{ns}/members",
      operationId: "listMembers",
      summary: "The members of a namespace and their roles",
      tag: "namespaces",
      errors: [404],
      params: NsParams,
      response: Member.array(),
      handle: async ({ principal, params }) =>
        (await management.listMembers(principal, params.ns)).map(memberView),
    }),
    jsonRoute({
      method: "PUT",
      path: "/namespaces/{ns}/members/{user}",
      operationId: "setMember",
      summary: "Give a user a role in a namespace, or change it (owner)",
      tag: "namespaces",
      errors: [403, 404],
      params: MemberParams,
      body: SetMember,
      response: Member,
      handle: async ({ principal, ctx, params, body }) =>
        memberView(await management.setMember(principal, params.ns, params.user, body.role, ctx)),
    }),
    emptyRoute({
      method: "DELETE",
      path: "/namespaces/{ns}/members/{user}",
      operationId: "removeMember",
      summary: "Take a user's role in a namespace away (owner)",
      tag: "namespaces",
      errors: [403, 404],
      params: MemberParams,
      handle: ({ principal, ctx, params }) =>
        management.removeMember(principal, params.ns, params.user, ctx),
    }),
  ];
}
