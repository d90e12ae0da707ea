/**
 * Publishing to the outbound topics. The message is checked against its contract here, the last
 * point before it leaves, so a workflow bug cannot put a malformed or personal-data-bearing event
 * on a topic that other departments consume.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Producer } from 'kafkajs';
import { outboundTopics, type OutboundMessage, type OutboundTopic } from '../domain/contracts/outbound.js';

export interface EventActivityDeps {
  producer: Pick<Producer, 'send'>;
}

export interface PublishEventInput<T extends OutboundTopic = OutboundTopic> {
  topic: T;
  /** The case ID: keeps one case's events in order on one partition. */
  key: string;
  message: OutboundMessage<T>;
}

export interface PublishEventResult {
  eventId: string;
}

export function createEventActivities({ producer }: EventActivityDeps) {
  // A plain function, not a method: other activity factories receive it on its own.
  async function publishEvent(input: PublishEventInput): Promise<PublishEventResult> {
    const parsed = outboundTopics[input.topic].safeParse(input.message);
    if (!parsed.success) {
      throw ApplicationFailure.nonRetryable(
        `event for ${input.topic} breaks its contract: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        'ContractViolation',
      );
    }
    await producer.send({
      topic: input.topic,
      messages: [
        {
          key: input.key,
          value: JSON.stringify(parsed.data),
          // Consumers drop duplicates by eventId: an activity retry after a lost ack resends the same ID.
          headers: { eventId: parsed.data.eventId, contentType: 'application/json' },
        },
      ],
    });
    return { eventId: parsed.data.eventId };
  }
  return { publishEvent };
}
