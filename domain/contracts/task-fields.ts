/** Fields that task results of several case types are built from, so they read and validate alike. */
import { z } from 'zod';

/** How a service was delivered. */
export const ContactChannel = z.enum(['in-person', 'phone', 'online', 'event']);

/** What the caseworker writes about a delivered service. */
export const Summary = z.string().trim().min(1, { error: '请填写服务情况' }).max(2000);
