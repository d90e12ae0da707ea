/**
 * The dashboard page's own logic, without a browser: the SSE parser, the stream client's
 * reconnect with Last-Event-ID (and its token only in a header), and how events move the figures.
 */
import { describe, expect, it } from 'vitest';
import { applyEvent, FEED_LIMIT, fromSummaries, replaceSummaries } from '../../services/web/src/lib/dashboard.js';
import { readClaims } from '../../services/web/src/lib/session.js';
import { SseParser } from '../../services/web/src/lib/sse.js';
import { gapWatcher, openStream, type ConnectionState, type ControlNotice } from '../../services/web/src/lib/stream.js';
import type { Summaries } from '../../services/web/src/lib/summaries.js';

describe('SSE parser', () => {
  it('dispatches on a blank line, joins data lines, skips comments and keeps the last id', () => {
    const p = new SseParser();
    expect(p.push(': heartbeat\n\nid: 7\nevent: case.lifecycle.v1\ndata: {"a":1}\n')).toEqual([]);
    expect(p.push('\n')).toEqual([{ id: '7', event: 'case.lifecycle.v1', data: '{"a":1}' }]);
    expect(p.push('event: stream.ready\ndata: {"resumed":true}\n\ndata: x\ndata: y\n\n')).toEqual([
      { id: '7', event: 'stream.ready', data: '{"resumed":true}' },
      { id: '7', event: 'message', data: 'x\ny' },
    ]);
  });

  it('reads events split anywhere across chunks, CRLF and CR line ends included', () => {
    const text = 'id: 1\r\nevent: risk.level.v1\r\ndata: {"level":"IV"}\r\n\r\nid: 2\revent: t\rdata: 2\r\r';
    const whole = new SseParser().push(text);
    expect(whole).toHaveLength(2);
    for (let cut = 1; cut < text.length; cut++) {
      const p = new SseParser();
      expect([...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))], `cut at ${cut}`).toEqual(whole);
    }
    expect(whole[1]).toEqual({ id: '2', event: 't', data: '2' });
  });
});

/** A fake server: each connection's body is a stream the test writes to and may end. */
function fakeServer() {
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const connections: { write(text: string): void; end(): void; fail(): void }[] = [];
  const statuses: number[] = [];
  const fetcher = (async (url: string, init?: RequestInit) => {
    requests.push({ url, headers: { ...(init?.headers as Record<string, string>) } });
    const status = statuses.shift() ?? 200;
    if (status !== 200) return new Response(null, { status });
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const encoder = new TextEncoder();
    init?.signal?.addEventListener('abort', () => controller.error(new Error('aborted')));
    connections.push({ write: (t) => controller.enqueue(encoder.encode(t)), end: () => controller.close(), fail: () => controller.error(new Error('reset')) });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as unknown as typeof fetch;
  return { requests, connections, statuses, fetcher };
}

const until = async (what: string, ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!ok()) throw new Error(`never: ${what}`);
};

describe('stream client', () => {
  it('sends the token in the header only, and after a drop resumes from the last event ID without losing one', async () => {
    const server = fakeServer();
    const events: string[] = [];
    const states: ConnectionState[] = [];
    const notices: ControlNotice[] = [];
    const stream = openStream({
      url: '/api/stream',
      token: 'tok.en.x',
      fetch: server.fetcher,
      onEvent: (m) => events.push(`${m.id}:${m.data}`),
      onState: (s) => states.push(s),
      onNotice: (n) => notices.push(n),
      retryDelayMs: () => 1,
    });
    await until('first connection', () => server.connections.length === 1);
    expect(server.requests[0]).toEqual({ url: '/api/stream', headers: { authorization: 'Bearer tok.en.x', accept: 'text/event-stream' } });
    server.connections[0]!.write(
      'event: stream.ready\ndata: {"resumed":false}\n\nid: a1\nevent: case.lifecycle.v1\ndata: one\n\nid: a2\nevent: case.lifecycle.v1\ndata: tw',
    );
    await until('first event', () => events.length === 1);
    // Cut mid-event: the half-received a2 must come again, after a1.
    server.connections[0]!.fail();
    await until('reconnect', () => server.connections.length === 2);
    expect(server.requests[1]!.headers['last-event-id']).toBe('a1');
    expect(server.requests[1]!.url).not.toContain('tok');
    server.connections[1]!.write('event: stream.ready\ndata: {"resumed":true}\n\nid: a2\nevent: case.lifecycle.v1\ndata: two\n\n');
    await until('resumed event', () => events.length === 2);
    expect(events).toEqual(['a1:one', 'a2:two']);
    expect(notices.map((n) => [n.kind, n.resumed])).toEqual([
      ['ready', false],
      ['ready', true],
    ]);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    // The server closing (slow consumer) is a reconnect too, from the newest ID.
    server.connections[1]!.write('event: stream.closing\ndata: {"code":"slow_consumer","message":"客户端接收过慢"}\n\n');
    server.connections[1]!.end();
    await until('reconnect after closing', () => server.connections.length === 3);
    expect(notices.at(-1)).toEqual({ kind: 'closing', code: 'slow_consumer', message: '客户端接收过慢' });
    expect(server.requests[2]!.headers['last-event-id']).toBe('a2');
    stream.stop();
    await until('stopped', () => states.at(-1) === 'stopped');
  });

  it('resumes from the id a control event carries, when no event came after it', async () => {
    const server = fakeServer();
    const stream = openStream({
      url: '/api/stream',
      token: 't',
      fetch: server.fetcher,
      onEvent: () => {},
      onState: () => {},
      onNotice: () => {},
      retryDelayMs: () => 1,
    });
    await until('first connection', () => server.connections.length === 1);
    server.connections[0]!.write('id: start-9\nevent: stream.ready\ndata: {"resumed":false}\n\n');
    await until('the id kept', () => stream.lastEventId() === 'start-9');
    server.connections[0]!.fail();
    await until('reconnect', () => server.connections.length === 2);
    expect(server.requests[1]!.headers['last-event-id']).toBe('start-9');
    stream.stop();
  });

  it('stops and says so when the token is refused, and retries a server error', async () => {
    const server = fakeServer();
    server.statuses.push(503, 401);
    const states: ConnectionState[] = [];
    openStream({
      url: '/api/stream',
      token: 't',
      fetch: server.fetcher,
      onEvent: () => {},
      onState: (s) => states.push(s),
      onNotice: () => {},
      retryDelayMs: () => 1,
    });
    await until('unauthorized', () => states.includes('unauthorized'));
    expect(server.requests).toHaveLength(2);
    expect(states).toEqual(['connecting', 'reconnecting', 'unauthorized']);
  });
});

const summaries = (): Summaries => ({
  cases: {
    asOf: '2026-12-01T00:00:00.000Z',
    jurisdiction: '22',
    rows: [
      { regionCode: '220102', regionName: '220102', caseType: 'layoff-filing', status: 'reviewing', count: 2 },
      { regionCode: '220102', regionName: '220102', caseType: 'layoff-filing', status: 'open', count: 1 },
    ],
  },
  tasks: { asOf: '2026-12-01T00:00:00.000Z', jurisdiction: '22', rows: [{ regionCode: '220102', regionName: '220102', open: 3, overdue: 1, escalated: 0 }] },
  graduates: { asOf: '2026-12-01T00:00:00.000Z', jurisdiction: '22', rows: [] },
  enterprises: { asOf: '2026-12-01T00:00:00.000Z', jurisdiction: '22', rows: [] },
  directives: { asOf: '2026-12-01T00:00:00.000Z', jurisdiction: '22', rows: [] },
  risk: [],
});

const at = '2026-12-02T01:00:00.000Z';
const caseEvent = (kind: string, caseId = 'c1') =>
  JSON.stringify({
    eventId: `e-${kind}-${caseId}`,
    occurredAt: at,
    caseId,
    kind,
    caseType: 'layoff-filing',
    regionCode: '220102',
    status: 'x',
    reason: '收到裁员备案',
  });
const taskEvent = (kind: string, taskId = 't1') =>
  JSON.stringify({ eventId: `e-${kind}-${taskId}`, occurredAt: at, caseId: 'c1', kind, taskId, taskType: 'layoff-review', regionCode: '220102001' });

describe('gaps in the stream', () => {
  it('tells a reset and a reconnect the server could not resume, not the first connection nor a resumed one', () => {
    const missed = gapWatcher();
    const seen = (
      [
        { kind: 'ready', resumed: false },
        { kind: 'ready', resumed: true },
        { kind: 'closing' },
        { kind: 'ready', resumed: false },
        { kind: 'reset' },
      ] as ControlNotice[]
    ).map(missed);
    expect(seen).toEqual([false, false, false, true, true]);
  });
});

describe('dashboard figures from events', () => {
  it('counts cases opened and closed, and tasks created, overdue, escalated and done, once each', () => {
    const s = fromSummaries(summaries());
    expect(s.districts['220102']).toMatchObject({ cases: { 'layoff-filing': 3 }, openTasks: 3, overdueTasks: 1 });
    applyEvent(s, 'case.lifecycle.v1', caseEvent('opened'), '1');
    applyEvent(s, 'case.lifecycle.v1', caseEvent('advanced'), '2');
    applyEvent(s, 'task.lifecycle.v1', taskEvent('created'), '3');
    applyEvent(s, 'task.lifecycle.v1', taskEvent('overdue'), '4');
    applyEvent(s, 'task.lifecycle.v1', taskEvent('overdue'), '5');
    applyEvent(s, 'task.lifecycle.v1', taskEvent('escalated'), '6');
    expect(s.districts['220102']).toMatchObject({ cases: { 'layoff-filing': 4 }, openTasks: 4, overdueTasks: 2, escalatedTasks: 1 });
    applyEvent(s, 'task.lifecycle.v1', taskEvent('completed'), '7');
    applyEvent(s, 'case.lifecycle.v1', caseEvent('closed'), '8');
    expect(s.districts['220102']).toMatchObject({ cases: { 'layoff-filing': 3 }, openTasks: 3, overdueTasks: 1, escalatedTasks: 0 });
    // The same stream event twice moves nothing; the feed is newest first.
    applyEvent(s, 'case.lifecycle.v1', caseEvent('opened', 'c2'), '8');
    expect(s.districts['220102']!.cases['layoff-filing']).toBe(3);
    expect(s.feed.map((f) => f.key)).toEqual(['8', '7', '6', '5', '4', '3', '2', '1']);
    expect(s.feed[0]).toMatchObject({ title: '裁员备案结案', detail: '收到裁员备案', place: '长春市 220102' });
    expect(s.feed.find((f) => f.key === '4')).toMatchObject({ title: '核查裁员方案已逾期' });
    expect(s.asOf).toBe(at);
  });

  it('recolours a region when its level changes, industry monitors included, and keeps the feed bounded', () => {
    const s = fromSummaries(summaries());
    const level = (previousLevel: string | null, level: string | null, industryCode?: string) =>
      JSON.stringify({
        eventId: `lv-${level}-${industryCode}`,
        occurredAt: at,
        caseId: 'rr-1',
        regionCode: '370102',
        ...(industryCode ? { industryCode } : {}),
        previousLevel,
        level,
        indicators: { layoffFirms: 5 },
        reasons: ['5户企业集中裁员'],
      });
    expect(applyEvent(s, 'risk.level.v1', level(null, 'IV'), 'r1')).toMatchObject({ title: '风险等级变化：无 → Ⅳ级（蓝色）', level: 'IV' });
    expect(s.risk).toMatchObject([{ regionCode: '370102', industrySection: null, declaredLevel: 'IV', colour: 'blue', reasons: ['5户企业集中裁员'] }]);
    applyEvent(s, 'risk.level.v1', level('IV', 'III'), 'r2');
    applyEvent(s, 'risk.level.v1', level(null, 'IV', 'C'), 'r3');
    expect(s.risk.map((r) => [r.industrySection, r.colour])).toEqual([
      [null, 'yellow'],
      ['C', 'blue'],
    ]);
    for (let i = 0; i < FEED_LIMIT + 5; i++) applyEvent(s, 'case.lifecycle.v1', caseEvent('advanced', `c${i}`), `x${i}`);
    expect(s.feed).toHaveLength(FEED_LIMIT);
    expect(s.feed[0]!.key).toBe(`x${FEED_LIMIT + 4}`);
    // Unknown topics and bodies that fail their contract are ignored, not counted.
    expect(applyEvent(s, 'hrss.graduate.outcome.v1', '{}', 'y')).toBeUndefined();
    expect(applyEvent(s, 'case.lifecycle.v1', '{"kind":"opened"}', 'z')).toBeUndefined();
    // A refetch takes the server's figures and keeps the page's feed.
    const again = replaceSummaries(s, summaries());
    expect(again.risk).toEqual([]);
    expect(again.feed).toBe(s.feed);
  });

  it('counts a directive once per directive', () => {
    const s = fromSummaries(summaries());
    const directive = JSON.stringify({
      eventId: 'd1',
      occurredAt: at,
      caseId: 'rr',
      department: 'education',
      directiveId: 'dir-1',
      regionCode: '370102',
      instruction: '保障受影响家庭子女就学',
    });
    applyEvent(s, 'dept.directive.v1', directive, 'd1');
    applyEvent(s, 'dept.directive.v1', directive, 'd2');
    expect(s.directives.education).toEqual({ department: 'education', departmentLabel: '教育部门', outstanding: 1, overdue: 0, done: 0 });
  });
});

describe('token claims for display', () => {
  it('reads a JWT payload and rejects other text', () => {
    const payload = Buffer.from(JSON.stringify({ sub: 'dev-leader', role: 'leader', jurisdiction: '22', exp: 1 })).toString('base64url');
    expect(readClaims(`h.${payload}.s`)).toEqual({ user: 'dev-leader', role: 'leader', jurisdiction: '22', expiresAt: 1000 });
    expect(readClaims('拒绝签发：开发令牌只在开发模式下可用')).toBeUndefined();
  });
});
