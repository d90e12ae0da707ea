/**
 * What a failed message's error says about trying again. Permanent: the same message can never
 * succeed (the database refuses the value, a handler rejected it, a workflow the message must reach
 * does not exist); it goes to the DLQ at once. Transient: an engine (Temporal, the database, Kafka)
 * is down or overloaded; the message waits, unchanged, until it is back. Unknown: anything else;
 * tried a bounded number of times, then dead-lettered with the attempt count so one bug cannot
 * hold a partition for ever.
 *
 * Errors arrive wrapped (Prisma's driver-adapter errors, Temporal's ServiceError around a gRPC
 * error), so the whole cause chain is read, and the first verdict found wins.
 */
import { WorkflowNotFoundError, isGrpcServiceError } from '@temporalio/client';
import { PermanentIntakeError } from './handler.js';

export type FailureKind = 'permanent' | 'transient' | 'unknown';

/** gRPC status codes that say the server is away or overloaded, not that the request is wrong. */
const transientGrpc = new Set([
  1, // CANCELLED (connection dropped mid-call)
  4, // DEADLINE_EXCEEDED
  8, // RESOURCE_EXHAUSTED
  10, // ABORTED
  14, // UNAVAILABLE
]);
/** gRPC status codes that say this request will be refused however often it is sent. */
const permanentGrpc = new Set([
  3, // INVALID_ARGUMENT
  5, // NOT_FOUND
  9, // FAILED_PRECONDITION
  11, // OUT_OF_RANGE
]);

/** Prisma's own codes for an unreachable or overloaded database. */
const transientPrisma = new Set(['P1001', 'P1002', 'P1008', 'P1011', 'P1017', 'P2024', 'P2034']);
/** Prisma's codes for a value the database will never take. */
const permanentPrisma = new Set(['P2000', 'P2006', 'P2007', 'P2019', 'P2020', 'P2033']);

/** Driver-adapter error kinds (Prisma with a driver adapter) for an unreachable database. */
const transientAdapterKinds = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TransactionWriteConflict',
  'TransactionAlreadyClosed',
]);

/** Node's socket errors: the peer is not there (yet). */
const transientSyscall = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * PostgreSQL SQLSTATE classes: 08 connection, 53 resources, 57 operator intervention (shutdown,
 * cannot connect now), 40 transaction rollback (serialization, deadlock) pass; 22 data exception
 * (a NUL byte, a value out of range) and 23 integrity violations never will.
 */
function sqlStateKind(code: string): FailureKind | undefined {
  if (!/^[0-9A-Z]{5}$/.test(code)) return undefined;
  const cls = code.slice(0, 2);
  if (cls === '08' || cls === '53' || cls === '57' || cls === '40') return 'transient';
  if (cls === '22' || cls === '23') return 'permanent';
  return undefined;
}

function verdict(err: unknown): FailureKind | undefined {
  if (err instanceof PermanentIntakeError) return 'permanent';
  // Signalling a workflow that does not exist (never started, or ended and gone) cannot succeed.
  if (err instanceof WorkflowNotFoundError) return 'permanent';
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { name?: unknown; code?: unknown; kind?: unknown; originalCode?: unknown };
  // Kafka (the DLQ or an outbound send) away. By name: kafkajs is CommonJS and its error classes
  // are not named exports under Node's ESM loader.
  if (typeof e.name === 'string' && e.name.startsWith('KafkaJS')) return 'transient';
  if (e.name === 'PrismaClientInitializationError' || e.name === 'PrismaClientRustPanicError') return 'transient';
  if (e.name === 'PrismaClientValidationError') return 'permanent';
  if (typeof e.code === 'string' && transientPrisma.has(e.code)) return 'transient';
  if (typeof e.code === 'string' && permanentPrisma.has(e.code)) return 'permanent';
  if (typeof e.kind === 'string' && transientAdapterKinds.has(e.kind)) return 'transient';
  if (typeof e.code === 'string' && transientSyscall.has(e.code)) return 'transient';
  for (const code of [e.originalCode, e.code]) {
    const kind = typeof code === 'string' ? sqlStateKind(code) : undefined;
    if (kind) return kind;
  }
  if (isGrpcServiceError(err)) {
    if (transientGrpc.has(err.code)) return 'transient';
    if (permanentGrpc.has(err.code)) return 'permanent';
  }
  return undefined;
}

/** The errors an error wraps: `cause`, and the driver-adapter error Prisma keeps in `meta`. */
function causes(err: unknown): unknown[] {
  if (typeof err !== 'object' || err === null) return [];
  const e = err as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
  return [e.cause, e.meta?.driverAdapterError].filter((c) => c !== undefined && c !== null);
}

export function classifyFailure(err: unknown): FailureKind {
  const queue = [err];
  const seen = new Set<unknown>();
  while (queue.length) {
    const next = queue.shift();
    if (seen.has(next)) continue;
    seen.add(next);
    const kind = verdict(next);
    if (kind) return kind;
    queue.push(...causes(next));
  }
  return 'unknown';
}

/**
 * A label for logs and DLQ reasons: the error's class and codes down the cause chain, never its
 * message, which may quote the values of the failed call (a name, an ID number).
 */
export function failureLabel(err: unknown): string {
  const parts: string[] = [];
  const queue = [err];
  const seen = new Set<unknown>();
  while (queue.length && parts.length < 4) {
    const next = queue.shift();
    if (seen.has(next) || typeof next !== 'object' || next === null) continue;
    seen.add(next);
    const e = next as { name?: unknown; code?: unknown; kind?: unknown; originalCode?: unknown };
    const codes = [e.code, e.kind, e.originalCode].filter((c) => typeof c === 'string' || typeof c === 'number').map(String);
    const name = typeof e.name === 'string' && /^[A-Za-z]{1,60}$/.test(e.name) ? e.name : 'Error';
    parts.push([name, ...new Set(codes.filter((c) => /^[A-Za-z0-9_]{1,40}$/.test(c)))].join(' '));
    queue.push(...causes(next));
  }
  return parts.join(' < ') || 'non-error value thrown';
}
