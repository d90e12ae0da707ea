/**
 * Every task type's result schema carries its Chinese words itself: a title on every field (and on
 * every branch of a choice), a label for every enum value, in the JSON Schema zod emits and in the
 * OpenAPI document. The workbench builds its completion forms from nothing else, so a field
 * without a title would appear on a caseworker's page under its English key.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { taskResultSchemas } from '../../domain/cases/index.js';
import { ENUM_LABELS } from '../../domain/contracts/common.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { createTokenService } from '../../services/http/auth.js';
import { unitApi } from '../support/api.js';

type Json = Record<string, unknown>;
const chinese = /\p{Script=Han}/u;

/** Every place under `schema` a person would read an English word: `where` names it. */
function unlabelled(schema: Json, where: string): string[] {
  const problems: string[] = [];
  if (Array.isArray(schema.enum)) {
    const labels = (schema[ENUM_LABELS] ?? {}) as Record<string, unknown>;
    for (const value of schema.enum as unknown[]) {
      const label = labels[String(value)];
      if (typeof label !== 'string' || !chinese.test(label)) problems.push(`${where}: enum value '${String(value)}' without a Chinese label`);
    }
  }
  for (const [key, property] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
    if (typeof property.title !== 'string' || !chinese.test(property.title)) problems.push(`${where}.${key}: no Chinese title`);
    problems.push(...unlabelled(property, `${where}.${key}`));
  }
  for (const [i, branch] of ((schema.oneOf ?? schema.anyOf ?? []) as Json[]).entries()) {
    if (branch.type === 'object' && (typeof branch.title !== 'string' || !chinese.test(branch.title)))
      problems.push(`${where}|${i}: branch without a Chinese title`);
    problems.push(...unlabelled(branch, `${where}|${i}`));
  }
  if (schema.items && typeof schema.items === 'object') problems.push(...unlabelled(schema.items as Json, `${where}[]`));
  return problems;
}

describe('task result schemas', () => {
  const types = Object.keys(taskResultSchemas) as (keyof typeof taskResultSchemas)[];

  it.each(types)('%s: every field has a Chinese title and every enum value a Chinese label', (type) => {
    const schema = z.toJSONSchema(taskResultSchemas[type], { io: 'input' }) as Json;
    expect(unlabelled(schema, type)).toEqual([]);
  });

  it('the walk finds a field without a title and a value without a label', () => {
    const bare = z.strictObject({ kind: z.enum(['a', 'b']), nested: z.strictObject({ x: z.string() }).meta({ title: '嵌套' }) });
    expect(unlabelled(z.toJSONSchema(bare) as Json, 't')).toEqual([
      't.kind: no Chinese title',
      "t.kind: enum value 'a' without a Chinese label",
      "t.kind: enum value 'b' without a Chinese label",
      't.nested.x: no Chinese title',
    ]);
  });

  it('labels only: what each schema accepts and refuses is unchanged', () => {
    const firstContact = taskResultSchemas['graduate-first-contact'];
    expect(firstContact.safeParse({ reached: true, wantsWork: true, intention: 'employment', skillLevel: 'junior' }).success).toBe(true);
    expect(firstContact.safeParse({ reached: false }).success).toBe(true);
    expect(firstContact.safeParse({ reached: true, wantsWork: true, intention: '就业', skillLevel: 'junior' }).success).toBe(false);
    expect(taskResultSchemas['graduate-policy-briefing'].safeParse({ channel: 'phone', summary: '' }).error?.issues[0]?.message).toBe('请填写服务情况');
  });

  it('are in the OpenAPI document with their titles and labels', async () => {
    const app = unitApi({ prisma: {} as PrismaClient, tokens: createTokenService('task-result-labels-secret') });
    const doc = (await (await app.request('/openapi.json')).json()) as { components: { schemas: Record<string, Json> } };
    for (const type of types) expect(doc.components.schemas[`TaskResult.${type}`], type).toBeDefined();
    const briefing = doc.components.schemas['TaskResult.graduate-policy-briefing'] as { properties: Record<string, Json> };
    expect(briefing.properties.summary?.title).toBe('服务情况');
    expect(briefing.properties.channel?.[ENUM_LABELS]).toEqual({ 'in-person': '当面', phone: '电话', online: '线上', event: '活动现场' });
  });
});
