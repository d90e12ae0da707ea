/**
 * Case read-model writes every case type shares: opened, advanced, closed, each with its timeline
 * entry. Every write is idempotent on keys chosen by the workflow (case ID, a timeline sequence),
 * because Temporal retries an activity whose result it did not hear.
 */
import type { Actor } from '../domain/actor.js';
import type { PrismaClient } from '../generated/prisma/client.js';

export interface CaseActivityDeps {
  prisma: PrismaClient;
}

export interface RecordCaseClosedInput {
  caseId: string;
  closedAt: string;
  reason: string;
  by: string;
  /** A person who closed the case: audited. Absent when the case closed by itself. */
  actor?: Actor;
  /** The case's region, for the audit entry. */
  regionCode?: string;
  /** What the timeline's closing entry says besides the reason (e.g. a response's closing report). */
  detail?: Record<string, unknown>;
}

export interface RecordCaseOpenedInput {
  caseId: string;
  type: string;
  regionCode: string;
  industryCode?: string;
  /** Shown in lists: personal names only masked. */
  title: string;
  at: string;
  reason: string;
  detail: Record<string, unknown>;
}

export interface RecordCaseAdvancedInput {
  caseId: string;
  at: string;
  status: 'in-progress';
  reason: string;
  detail: Record<string, unknown>;
}

/** A timeline entry that changes no status: a level change, a directive, a note from a department. */
export interface RecordCaseNoteInput {
  caseId: string;
  /** Chosen by the workflow and unique within the case, so a retried write lands once. */
  noteId: string;
  kind: string;
  at: string;
  detail: Record<string, unknown>;
  /** The case's one-line summary in lists, when the note changes it. */
  reason?: string;
}

export interface RecordResult {
  /** False when an earlier attempt already wrote it. */
  written: boolean;
}

export function createCaseActivities({ prisma }: CaseActivityDeps) {
  async function nextSeq(tx: Pick<PrismaClient, 'caseEvent'>, caseId: string): Promise<number> {
    const last = await tx.caseEvent.findFirst({ where: { caseId }, orderBy: { seq: 'desc' }, select: { seq: true } });
    return (last?.seq ?? 0) + 1;
  }

  /**
   * Moves a case to `status` with a timeline entry, once: a retry, or a move into the status the
   * case already has, writes nothing; a closed case stays closed.
   */
  async function transition(
    caseId: string,
    change: { status: string; kind: string; at: Date; reason: string; detail: Record<string, unknown> },
  ): Promise<RecordResult> {
    return prisma.$transaction(async (tx) => {
      const current = await tx.case.findUnique({ where: { id: caseId }, select: { status: true } });
      if (!current) throw new Error(`case ${caseId} has no read-model row`);
      if (current.status === change.status || current.status === 'closed') return { written: false };
      await tx.case.update({
        where: { id: caseId },
        data: { status: change.status, updatedAt: change.at, reason: change.reason, ...(change.status === 'closed' ? { closedAt: change.at } : {}) },
      });
      await tx.caseEvent.create({
        data: { caseId, seq: await nextSeq(tx, caseId), kind: change.kind, occurredAt: change.at, detail: { reason: change.reason, ...change.detail } },
      });
      return { written: true };
    });
  }

  return {
    /**
     * Opens the case's row with its first timeline entry. A case ID that closed before and runs
     * again (a key enterprise put back on the list) is reopened with the new title and reason,
     * its timeline going on; a retry finds it open and writes nothing.
     */
    async recordCaseOpened(input: RecordCaseOpenedInput): Promise<RecordResult> {
      const at = new Date(input.at);
      return prisma.$transaction(async (tx) => {
        const existing = await tx.case.findUnique({ where: { id: input.caseId }, select: { status: true } });
        if (existing?.status === 'closed') {
          await tx.case.update({
            where: { id: input.caseId },
            data: {
              status: 'opened',
              title: input.title,
              reason: input.reason,
              regionCode: input.regionCode,
              industryCode: input.industryCode ?? null,
              updatedAt: at,
              closedAt: null,
            },
          });
          await tx.caseEvent.create({
            data: {
              caseId: input.caseId,
              seq: await nextSeq(tx, input.caseId),
              kind: 'reopened',
              occurredAt: at,
              detail: { reason: input.reason, ...input.detail },
            },
          });
          return { written: true };
        }
        if (existing) return { written: false };
        await tx.case.create({
          data: {
            id: input.caseId,
            type: input.type,
            status: 'opened',
            regionCode: input.regionCode,
            industryCode: input.industryCode ?? null,
            title: input.title,
            reason: input.reason,
            openedAt: at,
            updatedAt: at,
          },
        });
        await tx.caseEvent.create({
          data: { caseId: input.caseId, seq: 1, kind: 'opened', occurredAt: at, detail: { reason: input.reason, ...input.detail } },
        });
        return { written: true };
      });
    },

    async recordCaseAdvanced(input: RecordCaseAdvancedInput): Promise<RecordResult> {
      return transition(input.caseId, { status: input.status, kind: 'advanced', at: new Date(input.at), reason: input.reason, detail: input.detail });
    },

    async recordCaseClosed(input: RecordCaseClosedInput): Promise<RecordResult> {
      const at = new Date(input.closedAt);
      const result = await transition(input.caseId, { status: 'closed', kind: 'closed', at, reason: input.reason, detail: { by: input.by, ...input.detail } });
      if (input.actor) {
        // A person's close is evidence like a task action: who, in which role, when, why.
        const { actor } = input;
        await prisma.auditEntry.createMany({
          data: [
            {
              id: `${input.caseId}:close`,
              at,
              actorId: actor.userId,
              actorRole: actor.role,
              action: 'case.close',
              caseId: input.caseId,
              regionCode: input.regionCode ?? '',
              detail: { reason: input.reason },
            },
          ],
          skipDuplicates: true,
        });
      }
      return result;
    },

    async recordCaseNote(input: RecordCaseNoteInput): Promise<RecordResult> {
      const at = new Date(input.at);
      return prisma.$transaction(async (tx) => {
        const seen = await tx.caseEvent.findFirst({
          where: { caseId: input.caseId, detail: { path: ['noteId'], equals: input.noteId } },
          select: { seq: true },
        });
        if (seen) return { written: false };
        await tx.caseEvent.create({
          data: {
            caseId: input.caseId,
            seq: await nextSeq(tx, input.caseId),
            kind: input.kind,
            occurredAt: at,
            detail: { noteId: input.noteId, ...input.detail },
          },
        });
        await tx.case.update({ where: { id: input.caseId }, data: { updatedAt: at, ...(input.reason ? { reason: input.reason } : {}) } });
        return { written: true };
      });
    },
  };
}
