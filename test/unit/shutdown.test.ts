/** The overall shutdown deadline: a stop that never finishes does not keep the process alive. */
import { describe, expect, it } from 'vitest';
import { stopWithin } from '../../services/shutdown.js';

describe('stopWithin', () => {
  it('answers stopped when every step finishes', async () => {
    const steps: string[] = [];
    await expect(stopWithin(async () => void steps.push('worker', 'intake'), 60_000)).resolves.toBe('stopped');
    expect(steps).toEqual(['worker', 'intake']);
  });

  it('gives up on a stop that never finishes (an activity stuck on an engine that does not answer)', async () => {
    await expect(stopWithin(() => new Promise<void>(() => undefined), 50)).resolves.toBe('timed-out');
  });

  it('passes on a failing stop’s error', async () => {
    await expect(stopWithin(() => Promise.reject(new Error('producer gone')), 60_000)).rejects.toThrow('producer gone');
  });
});
