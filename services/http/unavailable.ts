/**
 * Dependencies that do not answer. Every call the API makes to Temporal carries a gRPC deadline,
 * so a request never waits on a server that is down, slow or has no worker for the case; the
 * database's pool gives up on a connection after its own deadline (activities/infra/db.ts). Either
 * failure answers 503 with Retry-After, mapped in one place (app.ts, through
 * isDependencyUnavailable), never a hang and never a 500.
 */
import {
  isGrpcCancelledError,
  isGrpcDeadlineError,
  isGrpcServiceError,
  ServiceError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';

export interface TemporalDeadlines {
  /** A query, signal, start, describe: one round trip to the server (a query, one workflow task). */
  callMs: number;
  /**
   * An update: it answers only once the workflow ran its handler, and these handlers await their
   * activities (the read-model write a later read must see), so it needs longer than a query.
   */
  updateMs: number;
}

/** Seconds a client is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * What a caller reads when a dependency did not answer in time. An action may still take effect
 * later (an update the server admitted runs once a worker picks it up), so they are asked to look
 * before doing it again.
 */
export const UNAVAILABLE_MESSAGE = '案件服务暂时无法响应，请稍后重试（如为办理操作，请先刷新查看是否已生效）';

/** The calls on a workflow handle and on client.workflow that reach the server and return a promise. */
const handleCalls = new Set(['executeUpdate', 'startUpdate', 'query', 'signal', 'describe', 'terminate', 'cancel', 'fetchHistory', 'result']);
const clientCalls = new Set(['start', 'execute', 'signalWithStart', 'executeUpdateWithStart', 'startUpdateWithStart', 'count', 'result']);
const isUpdate = (name: string) => name.toLowerCase().includes('update');

/**
 * The client as the API uses it: each call through `client.workflow` (and the handles it gives)
 * runs under the SDK's own gRPC deadline (Connection.withDeadline), so the request is abandoned on
 * the wire, not only raced in JavaScript while it keeps running. Each call gets its own deadline:
 * a batch import makes many calls, each of which must answer promptly, not all within one.
 */
export function withTemporalDeadlines(client: Client, deadlines: TemporalDeadlines): Client {
  const timed =
    <T extends object>(target: T, calls: ReadonlySet<string>) =>
    (name: string | symbol): unknown => {
      const value: unknown = Reflect.get(target, name, target);
      if (typeof name !== 'string' || !calls.has(name) || typeof value !== 'function') return value;
      const ms = isUpdate(name) ? deadlines.updateMs : deadlines.callMs;
      return (...args: unknown[]) => client.withDeadline(Date.now() + ms, () => Promise.resolve(value.apply(target, args) as unknown));
    };
  const handles =
    (getHandle: (...args: unknown[]) => object) =>
    (...args: unknown[]) => {
      const handle = getHandle(...args);
      return new Proxy(handle, { get: (target, name) => timed(target, handleCalls)(name) });
    };
  return new Proxy(client, {
    get(target, name) {
      if (name !== 'workflow') return Reflect.get(target, name, target) as unknown;
      const workflow = target.workflow;
      return new Proxy(workflow, {
        get(w, key) {
          if (key === 'getHandle') return handles(w.getHandle.bind(w) as (...args: unknown[]) => object);
          return timed(w, clientCalls)(key);
        },
      });
    },
  });
}

/**
 * gRPC status codes (fixed by the gRPC spec) that mean "the server cannot answer now", as opposed
 * to "the server refuses": CANCELLED 1, DEADLINE_EXCEEDED 4, RESOURCE_EXHAUSTED 8, UNAVAILABLE 14.
 */
const unavailableCodes = new Set<number>([1, 4, 8, 14]);

/**
 * FAILED_PRECONDITION (9) on an update whose workflow's last workflow task failed: the server takes
 * no update until a worker completes one. A worker killed or restarted mid-task leaves this for a
 * few seconds (the fault suite's kill -9 runs met it), so the caller is asked to try again rather
 * than told of a server error. A task that keeps failing keeps answering 503, and each one is
 * logged with its cause for the operator.
 */
const workflowTaskFailed = (e: { code: number; details: string }) => e.code === 9 && /Workflow Task in failed state/i.test(e.details);

function isTemporalUnavailable(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  if (isGrpcDeadlineError(err) || isGrpcCancelledError(err)) return true;
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (isGrpcServiceError(e) && (unavailableCodes.has(e.code) || workflowTaskFailed(e))) return true;
  }
  // The SDK's own wrapper for a call that failed on the wire, whatever the gRPC code it carries.
  return err instanceof ServiceError && isGrpcServiceError(err.cause) && unavailableCodes.has(err.cause.code);
}

/**
 * Prisma's codes for a database that cannot be reached or answered in time: P1001 unreachable,
 * P1002 timed out, P1008 operation timed out, P1017 connection closed, P2024 no connection from
 * the pool in time, P2037 too many connections.
 */
const prismaUnavailableCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
/** The driver adapter's kinds for the same, when Prisma passes them on under another code. */
const adapterUnavailableKinds = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TransactionAlreadyClosed']);
/** Node's socket errors, and pg's own words for a connection lost or not got in time (it sets no code). */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const pgConnectionMessages = [/^Connection terminated/, /^timeout exceeded when trying to connect/, /^Client has encountered a connection error/];

function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e.name === 'PrismaClientInitializationError') return true;
    const { code, meta } = e as Error & { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } };
    if (typeof code === 'string' && (prismaUnavailableCodes.has(code) || socketCodes.has(code))) return true;
    const kind = meta?.driverAdapterError?.cause?.kind;
    if (typeof kind === 'string' && adapterUnavailableKinds.has(kind)) return true;
    if (pgConnectionMessages.some((m) => m.test(e.message))) return true;
  }
  return false;
}

/** True when `err` says Temporal or the database did not answer (down, unreachable, too slow). */
export function isDependencyUnavailable(err: unknown): boolean {
  return isTemporalUnavailable(err) || isDatabaseUnavailable(err);
}
