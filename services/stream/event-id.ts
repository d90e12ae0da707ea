/**
 * The stream's event IDs: where a client stands in the outbound topics, so that it can resume on
 * any API instance without losing or repeating an event.
 *
 * Kafka orders a partition, not a topic, and nothing orders partitions against each other: two
 * instances interleave them differently, so neither a counter nor one (partition, offset) pair
 * says what a client has seen. The ID is therefore the whole position vector: for each stream
 * topic and partition, the offset of the next record the instance had not yet passed when it sent
 * the event. Everything below that offset in that partition went past the client (sent if in its
 * jurisdiction, skipped otherwise) and nothing at or above it did, so "resume from this vector" is
 * exact wherever the client reconnects. Compact: the topics in a fixed order, each partition's
 * next offset in base 36 by partition number — `1:2s.0.7_0.0.0_…` — about 5 characters per
 * partition, under the contract's 512 for up to a dozen partitions per topic.
 */
import { streamTopics, type StreamTopic } from '../../domain/contracts/dashboard.js';

/** Next offset per partition, per stream topic (partition numbers are 0..n-1 in Kafka). */
export type Positions = ReadonlyMap<StreamTopic, readonly number[]>;

const VERSION = '1';
export const MAX_EVENT_ID_LENGTH = 512;

export function encodeEventId(positions: Positions): string {
  const parts = streamTopics.map((topic) => (positions.get(topic) ?? []).map((o) => o.toString(36)).join('.'));
  return `${VERSION}:${parts.join('_')}`;
}

/** The vector of an ID this format made; undefined for anything else (another version, tampered, too long). */
export function decodeEventId(id: string): Positions | undefined {
  if (id.length > MAX_EVENT_ID_LENGTH || !id.startsWith(`${VERSION}:`)) return undefined;
  const parts = id.slice(VERSION.length + 1).split('_');
  if (parts.length !== streamTopics.length) return undefined;
  const positions = new Map<StreamTopic, number[]>();
  for (const [i, part] of parts.entries()) {
    const offsets = part === '' ? [] : part.split('.');
    if (!offsets.every((o) => /^[0-9a-z]{1,11}$/.test(o))) return undefined;
    positions.set(
      streamTopics[i]!,
      offsets.map((o) => parseInt(o, 36)),
    );
  }
  return positions;
}

/** The next offset `positions` records for a partition; 0 where it knows none (a partition added since). */
export function positionOf(positions: Positions, topic: StreamTopic, partition: number): number {
  return positions.get(topic)?.[partition] ?? 0;
}

/** Whether `a` has passed everything `b` has, partition by partition. */
export function covers(a: Positions, b: Positions): boolean {
  for (const [topic, offsets] of b) {
    for (const [partition, offset] of offsets.entries()) if (positionOf(a, topic, partition) < offset) return false;
  }
  return true;
}

/** The partition-wise maximum: a client resumed ahead of a lagging instance keeps its own position there. */
export function furthest(a: Positions, b: Positions): Map<StreamTopic, number[]> {
  const out = new Map<StreamTopic, number[]>();
  for (const topic of streamTopics) {
    const x = a.get(topic) ?? [];
    const y = b.get(topic) ?? [];
    out.set(
      topic,
      Array.from({ length: Math.max(x.length, y.length) }, (_, p) => Math.max(x[p] ?? 0, y[p] ?? 0)),
    );
  }
  return out;
}
