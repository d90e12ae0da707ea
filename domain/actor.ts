/** Who is acting: a person established from a verified bearer token, or the system itself. */
import { z } from 'zod';
import { SafeLine } from './contracts/common.js';
import { isValidRegionCode } from './jurisdiction.js';

export const Role = z.enum(['caseworker', 'supervisor', 'liaison', 'leader', 'admin']);
export type Role = z.infer<typeof Role>;

/** A role as people read it (escalation reasons, timelines). */
export const roleNames: Readonly<Record<Role, string>> = {
  caseworker: '就业服务人员',
  supervisor: '主管',
  liaison: '就业服务专员',
  leader: '领导',
  admin: '系统管理员',
};

export const Actor = z.object({
  userId: SafeLine(100).min(1),
  role: Role,
  /**
   * Administrative division code prefix the person may see and act in. A real division, not just
   * digits: '220' names none, and every query scoped by it would fail on the way in.
   */
  jurisdiction: z
    .string()
    .regex(/^\d{2,12}$/)
    .refine(isValidRegionCode, { error: 'is not an administrative division code or prefix' }),
});
export type Actor = z.infer<typeof Actor>;

/** The system's own actions (deadlines, escalations, cancellations): everywhere, as admin; never parsed from a token. */
export const systemActor: Actor = { userId: 'system', role: 'admin', jurisdiction: '00' };
