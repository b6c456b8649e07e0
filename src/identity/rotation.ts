import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import type { AuditLog } from "./audit.ts";
import { INTERNAL_CONTEXT } from "./audit.ts";
import type { Deliverer, DeliveryTarget, TargetOptions } from "./delivery.ts";
import { parseDeliveryTarget } from "./delivery.ts";
import type { Management } from "./management.ts";
import { robotUsername } from "./management.ts";
import type { IdentityStore, RobotRecord } from "./ports.ts";

export interface RotationResult {
  rotated: string[];
  delivered: string[];
  failed: { robot: string; reason: string }[];
}

/**
 * Automatic rotation: robots with a delivery target get a new secret before the active one
 * expires, delivered where it is used. The previous secret's overlap window starts when the
 * new one has arrived, so no running pull fails. A new secret is kept in memory only until it
 * is delivered; if the process restarts first, the next pass issues another one.
 */
export class RotationScheduler {
  private readonly pending = new Map<string, string>();

  constructor(
    private readonly deps: {
      store: IdentityStore;
      management: Management;
      deliverer: Deliverer;
      audit: AuditLog;
      clock: Clock;
      log: Logger;
      /** The HMAC key for a robot's webhook (derived from a server secret, never stored). */
      webhookKey: (robotId: string) => Buffer;
    },
    private readonly settings: { registryHost: () => string; targets: TargetOptions },
  ) {}

  async tick(): Promise<RotationResult> {
    const result: RotationResult = { rotated: [], delivered: [], failed: [] };
    const now = this.deps.clock.now().getTime();
    for (const robot of await this.deps.store.robotsDueForRotation(now)) {
      const label = `${robot.namespace}/${robot.name}`;
      const target = parseDeliveryTarget(robot.delivery, this.settings.targets);
      if (!target) {
        result.failed.push({ robot: label, reason: "invalid delivery target" });
        continue;
      }
      const newest = (await this.deps.store.robotSecrets(robot.id)).find(
        (s) => s.supersededAt === null,
      );
      let secretId = newest?.id;
      let secret = secretId ? this.pending.get(secretId) : undefined;
      const dueByTime = !newest || newest.expiresAt - robot.rotateBeforeMs <= now;
      if (newest?.deliveredAt !== null && !dueByTime) continue;
      if (!secret || dueByTime) {
        const fresh = await this.deps.management.rotateForDelivery(robot, INTERNAL_CONTEXT);
        if (secretId) this.pending.delete(secretId);
        secretId = fresh.record.id;
        secret = fresh.secret;
        this.pending.set(secretId, secret);
        result.rotated.push(label);
      }
      await this.deliver(robot, target, secretId!, secret, result);
    }
    return result;
  }

  private async deliver(
    robot: RobotRecord,
    target: DeliveryTarget,
    secretId: string,
    secret: string,
    result: RotationResult,
  ): Promise<void> {
    const label = `${robot.namespace}/${robot.name}`;
    const now = this.deps.clock.now().getTime();
    try {
      await this.deps.deliverer.deliver(
        target,
        {
          registry: this.settings.registryHost(),
          username: robotUsername(robot),
          secret,
          expiresAt: new Date(now + robot.secretTtlMs),
          robot: robot.name,
          namespace: robot.namespace,
        },
        this.deps.webhookKey(robot.id),
      );
    } catch (err) {
      const reason = (err as Error).message;
      result.failed.push({ robot: label, reason });
      this.deps.log.warn("robot secret delivery failed", {
        robot: label,
        target: target.kind,
        reason,
      });
      await this.deps.audit.write(
        {
          actor: { kind: "system", name: "drydock" },
          action: "robot.deliver",
          target: label,
          result: "failure",
          detail: { delivery: target.kind, reason },
        },
        INTERNAL_CONTEXT,
      );
      return;
    }
    await this.deps.store.markDelivered(secretId, now, now + robot.overlapMs);
    this.pending.delete(secretId);
    result.delivered.push(label);
    await this.deps.audit.write(
      {
        actor: { kind: "system", name: "drydock" },
        action: "robot.deliver",
        target: label,
        result: "success",
        detail: { delivery: target.kind },
      },
      INTERNAL_CONTEXT,
    );
  }
}
