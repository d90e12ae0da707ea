/**
 * Every case type's intake, one line each. Several case types may listen to one topic (an
 * enrolment closes a graduate's case and counts a key enterprise's hire): each gets the message,
 * in the order registered here.
 */
import type { PrismaClient } from '../../activities/infra/db.js';
import type { InboundTopic } from '../../domain/contracts/inbound.js';
import { graduate1311Intake } from './graduate-1311.js';
import { keyEnterpriseIntake } from './key-enterprise.js';
import type { HandlerResult, IntakeDeps, IntakeHandler, IntakeHandlers } from './handler.js';
import { layoffFilingIntake } from './layoff-filing.js';
import { reemploymentIntake } from './reemployment.js';
import { riskResponseIntake } from './risk-response.js';

/** Every handler of each topic. */
export type TopicHandlers = { [T in InboundTopic]?: IntakeHandler<T>[] };

export function createIntakeHandlers(deps: IntakeDeps & { prisma: PrismaClient }): TopicHandlers {
  return byTopic([graduate1311Intake(deps), layoffFilingIntake(deps), riskResponseIntake(deps), reemploymentIntake(deps), keyEnterpriseIntake(deps)]);
}

export function byTopic(parts: readonly IntakeHandlers[]): TopicHandlers {
  const topics: Partial<Record<InboundTopic, IntakeHandler<never>[]>> = {};
  for (const part of parts) {
    for (const [topic, handler] of Object.entries(part) as [InboundTopic, IntakeHandler<never>][]) (topics[topic] ??= []).push(handler);
  }
  return topics;
}

/**
 * Hands a message to every handler of its topic, in order. The results name every workflow
 * reached; the message is a duplicate only if it changed nothing anywhere.
 */
export async function handleAll(handlers: readonly ((value: unknown) => Promise<HandlerResult>)[], value: unknown): Promise<HandlerResult> {
  const results: HandlerResult[] = [];
  for (const handler of handlers) results.push(await handler(value));
  return {
    workflowId: results
      .map((r) => r.workflowId)
      .filter(Boolean)
      .join(','),
    duplicate: results.every((r) => r.duplicate),
  };
}
