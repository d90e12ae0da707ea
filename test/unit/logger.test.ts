import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../activities/infra/logger.js';
import { residentId } from '../support/fixtures.js';

describe('logger', () => {
  it('redacts personal fields at any depth but keeps the service name', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const id = residentId();
    createLogger('info', 'jiuye-test', sink).info({ idNumber: id, name: '张三', graduate: { phone: '13812345678', name: '李四' } }, 'handover');
    const entry = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(entry.service).toBe('jiuye-test');
    expect(entry.idNumber).toBe('[redacted]');
    expect(entry.name).toBe('[redacted]');
    expect(entry.graduate).toEqual({ phone: '[redacted]', name: '[redacted]' });
    expect(lines.join('')).not.toContain(id);
  });
});
