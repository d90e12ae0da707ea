/** Who is acting: a person established from a verified bearer token, or the system itself. */
import { z } from 'zod';

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
  userId: z.string().min(1).max(100),
  role: Role,
  /** Administrative division code prefix the person may see and act in. */
  jurisdiction: z.string().regex(/^\d{2,12}$/),
});
export type Actor = z.infer<typeof Actor>;

/** The system's own actions (deadlines, escalations, cancellations): everywhere, as admin. */
export const systemActor: Actor = { userId: 'system', role: 'admin', jurisdiction: '00' };
