import { DrydockError } from "../../core/errors.ts";
import {
  deliveryTargetProblem,
  parseDeliveryTarget,
  type TargetOptions,
} from "../../identity/delivery.ts";
import { type ApiRoute, emptyRoute, jsonRoute } from "./route-table.ts";
import {
  CreateRobot,
  IssuedSecret,
  NsParams,
  Robot,
  RobotCreated,
  RobotParams,
} from "./schemas.ts";
import { type ApiDeps, robotView } from "./views.ts";

/**
 * Robot accounts. A robot's secret is answered once, when it is created or rotated; reads
 * show only its expiry.
 */
export function robotRoutes(
  { identity, management }: ApiDeps,
  delivery: TargetOptions = {},
): ApiRoute[] {
  return [
    jsonRoute({
      method: "GET",
      path: "/namespaces/{ns}/robots",
      operationId: "listRobots",
      summary: "The robots of a namespace (never their secrets)",
      tag: "robots",
      errors: [404],
      params: NsParams,
      response: Robot.array(),
      handle: async ({ principal, params }) => {
        const robots = await management.listRobots(principal, params.ns);
        const role = await identity.roleIn(principal, params.ns);
        return robots.map((r) => robotView(r, role));
      },
    }),
    jsonRoute({
      method: "POST",
      path: "/namespaces/{ns}/robots",
      operationId: "createRobot",
      summary: "Create a robot (owner); answers its first secret, once",
      description:
        "With `delivery`, the robot's secret rotates by itself before it expires and each new secret is delivered there; a webhook answer also carries the key its receiver checks signatures with.",
      tag: "robots",
      errors: [403, 404, 409],
      params: NsParams,
      body: CreateRobot,
      status: 201,
      response: RobotCreated,
      handle: async ({ principal, ctx, params, body }) => {
        let target: unknown;
        if (body.delivery !== undefined) {
          const problem = deliveryTargetProblem(body.delivery, delivery);
          if (problem) throw new DrydockError("INVALID", `delivery: ${problem}`);
          target = parseDeliveryTarget(body.delivery, delivery);
        }
        const created = await management.createRobot(
          principal,
          params.ns,
          { ...body, ...(target !== undefined ? { delivery: target } : {}) },
          ctx,
        );
        return { ...created, robot: robotView(created.robot, "owner") };
      },
    }),
    jsonRoute({
      method: "GET",
      path: "/namespaces/{ns}/robots/{name}",
      operationId: "getRobot",
      summary: "One robot (never its secret)",
      tag: "robots",
      errors: [404],
      params: RobotParams,
      response: Robot,
      handle: async ({ principal, params }) => {
        const robot = await management.getRobot(principal, params.ns, params.name);
        return robotView(robot, await identity.roleIn(principal, params.ns));
      },
    }),
    jsonRoute({
      method: "POST",
      path: "/namespaces/{ns}/robots/{name}/rotate",
      operationId: "rotateRobot",
      summary: "A new secret now (owner); the previous one works for the overlap window",
      tag: "robots",
      errors: [403, 404],
      params: RobotParams,
      response: IssuedSecret,
      handle: ({ principal, ctx, params }) =>
        management.rotateRobot(principal, params.ns, params.name, ctx),
    }),
    emptyRoute({
      method: "DELETE",
      path: "/namespaces/{ns}/robots/{name}",
      operationId: "revokeRobot",
      summary: "Revoke a robot (owner): its secrets and tokens stop working",
      tag: "robots",
      errors: [403, 404],
      params: RobotParams,
      handle: ({ principal, ctx, params }) =>
        management.revokeRobot(principal, params.ns, params.name, ctx),
    }),
  ];
}
