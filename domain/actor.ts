/** Who is acting: a person established from a verified bearer token, or the system itself. */
import { z } from 'zod';

export const Role = z.enum(['caseworker', 'supervisor', 'liaison', 'leader', 'admin']);
export type Role = z.infer<typeof Role>;

export const Actor = z.object({
  userId: z.string().min(1).max(100),
  role: Role,
  /** Administrative division code prefix the person may see and act in. */
  jurisdiction: z.string().regex(/^\d{2,12}$/),
});
export type Actor = z.infer<typeof Actor>;

/** The system's own actions (deadlines, escalations, cancellations): everywhere, as admin. */
export const systemActor: Actor = { userId: 'system', role: 'admin', jurisdiction: '00' };
