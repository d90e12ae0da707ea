/**
 * What a case type's intake is: for each inbound topic it listens to, a handler that starts or
 * signals its workflows. Handlers must be idempotent by business key (workflow IDs), because a
 * message is redelivered after a crash before its eventId was recorded.
 */
import type { Client } from '@temporalio/client';
import type { z } from 'zod';
import type { FieldIssue } from '../../domain/contracts/common.js';
import type { InboundTopic, inboundTopics } from '../../domain/contracts/inbound.js';

export type InboundValue<T extends InboundTopic> = z.infer<(typeof inboundTopics)[T]['schema']>;

export interface HandlerResult {
  /** The workflow the message started or signalled, recorded beside the eventId. */
  workflowId: string;
  /**
   * True when the case for this business key already ended, so the message changed nothing. (A
   * message joining a running case is not detectable from Temporal's start call and reads false.)
   */
  duplicate: boolean;
}

export type IntakeHandler<T extends InboundTopic> = (value: InboundValue<T>) => Promise<HandlerResult>;

/** One case type's handlers, by topic. */
export type IntakeHandlers = { [T in InboundTopic]?: IntakeHandler<T> };

/** What every case type's intake is built from. */
export interface IntakeDeps {
  client: Client;
  taskQueue: string;
  /** Key of the ID-number hash in workflow IDs (JIUYE_ID_HASH_KEY). */
  idHashKey: string;
}

/** A handler's verdict that a message can never be processed: it goes to the DLQ. */
export class PermanentIntakeError extends Error {
  override name = 'PermanentIntakeError';
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}
