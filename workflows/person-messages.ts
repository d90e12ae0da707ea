/** Messages every case of a person (a graduate, a laid-off worker) accepts. */
import { defineSignal } from '@temporalio/workflow';

/** Social insurance reported the person enrolled with, or left, an employer. */
export interface EnrollmentSignal {
  change: 'enrolled' | 'terminated';
  creditCode: string;
  effectiveDate: string;
  sourceEventId: string;
}

export const enrollmentChangedSignal = defineSignal<[EnrollmentSignal]>('enrollmentChanged');
