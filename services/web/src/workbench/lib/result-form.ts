/**
 * The completion form of a task, as data: built from the JSON Schema zod emits for the task type's
 * result schema (`z.toJSONSchema(schema, { io: 'input' })`), whose fields carry their Chinese titles
 * and whose enums carry their values' labels (domain/contracts/common.ts `labelled`). A field the
 * schema gains appears on the page without a line of page code; what the person typed goes back
 * through the same zod schema the API and the workflow validate with.
 *
 * Pure: the component (components/result-form.ts) draws this model and keeps its state.
 */
import type { z } from 'zod';
import { ENUM_LABELS } from '../../../../../domain/contracts/common.js';

export type JsonSchema = { readonly [key: string]: unknown };

export interface Option {
  value: string;
  label: string;
}

interface Base {
  key: string;
  title: string;
  description?: string;
  required: boolean;
}

export type Field =
  | (Base & { kind: 'text'; multiline: boolean; maxLength?: number })
  | (Base & { kind: 'date' })
  | (Base & { kind: 'number'; integer: boolean; min?: number; max?: number })
  /** `initial` from the schema's default; without one, the person must say yes or no. */
  | (Base & { kind: 'boolean'; initial?: boolean })
  | (Base & { kind: 'enum'; options: Option[]; widget: 'radio' | 'select' })
  /** Several values of an enum (measures taken, subsidies asked for). */
  | (Base & { kind: 'choices'; options: Option[] })
  /** A list of single values (command group members): add and remove rows. */
  | (Base & { kind: 'list'; item: Field; minItems: number; maxItems?: number })
  /** A list of objects (vacancies): add and remove rows of fields. */
  | (Base & { kind: 'rows'; fields: Field[]; maxItems?: number })
  /** A nested object; optional ones are filled in only when the person says so. */
  | (Base & { kind: 'group'; fields: Field[] })
  /** A discriminated union: the person picks a branch (reached or not), which shows its fields. */
  | (Base & { kind: 'branch'; branches: Branch[] });

export interface Branch {
  /** The discriminator's value as the option's value (a string, as a radio holds it). */
  value: string;
  label: string;
  /** The discriminator's value as the schema wants it (true, not 'true'). */
  discriminator: unknown;
  fields: Field[];
}

export interface FormModel {
  fields: Field[];
}

/** Enums with at most this many values are radio buttons (every choice visible); longer ones a select. */
const RADIO_MAX = 4;
/** Text capped above a line's worth (a title is 200) is a note: a textarea. */
const LINE_MAX = 200;

const asSchema = (value: unknown): JsonSchema => (value && typeof value === 'object' ? (value as JsonSchema) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function options(schema: JsonSchema): Option[] {
  const labels = asSchema(schema[ENUM_LABELS]);
  return (schema.enum as unknown[]).map((v) => ({ value: String(v), label: text(labels[String(v)]) ?? String(v) }));
}

function field(key: string, schema: JsonSchema, required: boolean): Field {
  const description = text(schema.description);
  const base: Base = { key, title: text(schema.title) ?? key, required, ...(description ? { description } : {}) };
  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) return branchField(base, (schema.oneOf ?? schema.anyOf) as JsonSchema[]);
  if (Array.isArray(schema.enum)) {
    const opts = options(schema);
    return { ...base, kind: 'enum', options: opts, widget: opts.length <= RADIO_MAX ? 'radio' : 'select' };
  }
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'date') return { ...base, kind: 'date' };
      const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : undefined;
      return { ...base, kind: 'text', multiline: maxLength === undefined || maxLength > LINE_MAX, ...(maxLength ? { maxLength } : {}) };
    }
    case 'integer':
    case 'number':
      return {
        ...base,
        kind: 'number',
        integer: schema.type === 'integer',
        ...(typeof schema.minimum === 'number' ? { min: schema.minimum } : {}),
        // zod writes MAX_SAFE_INTEGER for an integer without a cap: no cap a person needs to see.
        ...(typeof schema.maximum === 'number' && schema.maximum < Number.MAX_SAFE_INTEGER ? { max: schema.maximum } : {}),
      };
    case 'boolean':
      return { ...base, kind: 'boolean', ...(typeof schema.default === 'boolean' ? { initial: schema.default } : {}) };
    case 'array': {
      const items = asSchema(schema.items);
      const maxItems = typeof schema.maxItems === 'number' ? { maxItems: schema.maxItems } : {};
      if (Array.isArray(items.enum)) return { ...base, kind: 'choices', options: options(items) };
      if (items.type === 'object') return { ...base, kind: 'rows', fields: objectFields(items), ...maxItems };
      return { ...base, kind: 'list', item: field('item', items, true), minItems: typeof schema.minItems === 'number' ? schema.minItems : 0, ...maxItems };
    }
    case 'object':
      return { ...base, kind: 'group', fields: objectFields(schema) };
    default:
      throw new Error(`result schema field '${key}' has a shape the form cannot show`);
  }
}

function objectFields(schema: JsonSchema): Field[] {
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(asSchema(schema.properties)).map(([key, property]) => field(key, asSchema(property), required.has(key)));
}

/** The property every branch fixes to a constant: the discriminator. */
function discriminatorOf(branches: JsonSchema[]): string {
  const first = Object.entries(asSchema(branches[0]?.properties));
  const key = first.find(([k]) => branches.every((b) => 'const' in asSchema(asSchema(b.properties)[k])))?.[0];
  if (!key) throw new Error('result schema union without a discriminator');
  return key;
}

function branchField(base: Base, schemas: JsonSchema[]): Field {
  const key = discriminatorOf(schemas);
  const title = text(asSchema(asSchema(schemas[0]?.properties)[key]).title) ?? base.title;
  const branches = schemas.map((schema): Branch => {
    const value = asSchema(asSchema(schema.properties)[key]).const;
    return {
      value: String(value),
      label: text(schema.title) ?? String(value),
      discriminator: value,
      fields: objectFields(schema).filter((f) => f.key !== key),
    };
  });
  return { ...base, key, title, required: true, kind: 'branch', branches };
}

/** The form of a result schema's JSON Schema: its top-level object's fields, or one branch choice for a union. */
export function formModel(schema: JsonSchema): FormModel {
  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) return { fields: [field('result', schema, true)] };
  return { fields: objectFields(schema) };
}

/**
 * What the person has entered, field by field, in the shape the widgets hold it: text as strings
 * ('' before anything is typed), numbers and yes/no as undefined until given, choices as arrays,
 * an optional group with whether it is filled in, a union with the branch chosen and each branch's
 * own values (switching back keeps what was typed).
 */
export type FormState = Record<string, unknown>;
export interface GroupState {
  enabled: boolean;
  values: FormState;
}
export interface BranchState {
  chosen: string;
  values: Record<string, FormState>;
}

export function initialValue(f: Field): unknown {
  switch (f.kind) {
    case 'text':
    case 'date':
    case 'enum':
      return '';
    case 'number':
      return undefined;
    case 'boolean':
      return f.initial;
    case 'choices':
      return [];
    case 'list':
      return Array.from({ length: Math.max(f.minItems, 1) }, () => initialValue(f.item));
    case 'rows':
      return [];
    case 'group':
      return { enabled: f.required, values: initialState(f.fields) } satisfies GroupState;
    case 'branch':
      return { chosen: '', values: Object.fromEntries(f.branches.map((b) => [b.value, initialState(b.fields)])) } satisfies BranchState;
  }
}

export function initialState(fields: readonly Field[]): FormState {
  return Object.fromEntries(fields.map((f) => [f.key, initialValue(f)]));
}

/** One field's value as the schema takes it; undefined leaves the field out (the schema then says whether it may be). */
function collectValue(f: Field, value: unknown): unknown {
  switch (f.kind) {
    case 'text':
      // An optional text left empty is left out: '' is not "no answer" to a field that needs a character.
      return value === '' && !f.required ? undefined : value;
    case 'date':
    case 'enum':
      return value === '' ? undefined : value;
    case 'number':
    case 'boolean':
      return value ?? undefined;
    case 'choices':
      return value;
    case 'list':
      return (value as unknown[]).map((item) => collectValue(f.item, item)).filter((item) => item !== undefined);
    case 'rows':
      return (value as FormState[]).map((row) => collectFields(f.fields, row));
    case 'group': {
      const group = value as GroupState;
      return group.enabled ? collectFields(f.fields, group.values) : undefined;
    }
    case 'branch':
      return undefined;
  }
}

function collectFields(fields: readonly Field[], state: FormState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.kind === 'branch') {
      const chosen = state[f.key] as BranchState;
      const branch = f.branches.find((b) => b.value === chosen.chosen);
      if (branch) Object.assign(out, { [f.key]: branch.discriminator }, collectFields(branch.fields, chosen.values[branch.value] ?? {}));
      continue;
    }
    const v = collectValue(f, state[f.key]);
    if (v !== undefined) out[f.key] = v;
  }
  return out;
}

/** The result to validate and send, from what the form holds. */
export function collect(model: FormModel, state: FormState): Record<string, unknown> {
  return collectFields(model.fields, state);
}

/** The field a dotted path names (rows and lists by index), with the path of every field on the way. */
export function fieldAt(model: FormModel, path: string): Field | undefined {
  let fields: readonly Field[] = model.fields;
  let found: Field | undefined;
  for (const part of path.split('.')) {
    if (/^\d+$/.test(part) && found && (found.kind === 'rows' || found.kind === 'list')) {
      if (found.kind === 'list') found = found.item;
      continue;
    }
    const inBranch = fields.flatMap((f) => (f.kind === 'branch' ? f.branches.flatMap((b) => b.fields) : []));
    found = fields.find((f) => f.key === part) ?? inBranch.find((f) => f.key === part);
    if (!found) return undefined;
    fields = found.kind === 'group' || found.kind === 'rows' ? found.fields : [];
  }
  return found;
}

/** How a person names the field a path points to: its title, and which row for a field of a list. */
export function fieldLabel(model: FormModel, path: string): string {
  const f = fieldAt(model, path);
  const row = /\.(\d+)(?:\.|$)/.exec(path)?.[1];
  if (!f) return path;
  return row === undefined ? f.title : `${f.title}（第 ${Number(row) + 1} 项）`;
}

function valueAt(result: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = result;
  for (const part of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[part] : undefined;
  return v;
}

const choosing = new Set<Field['kind']>(['enum', 'boolean', 'branch', 'choices', 'date']);

/**
 * What to say beside each field, by its dotted path ('' for what belongs to no field): zod's own
 * message (the schema's Chinese ones, zod's zh-CN locale for the rest), except where the value is
 * simply missing, which reads "请填写 / 请选择" and the field's title rather than a type name.
 */
export function fieldMessages(model: FormModel, result: unknown, issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    const f = path ? fieldAt(model, path) : undefined;
    const key = f ? path : '';
    const missing = f !== undefined && valueAt(result, issue.path) === undefined;
    const message = missing ? `${choosing.has(f.kind) ? '请选择' : '请填写'}${f.title}` : issue.message;
    out[key] = out[key] ? `${out[key]}；${message}` : message;
  }
  return out;
}

/** The server's 400 issues ('result.summary') by the form's paths ('summary'); what names no field goes under ''. */
export function serverMessages(model: FormModel, issues: readonly { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.replace(/^result\.?/, '');
    const key = path && fieldAt(model, path) ? path : '';
    out[key] = out[key] ? `${out[key]}；${issue.message}` : issue.message;
  }
  return out;
}

/** The element ID of a field's input: the task's ID keeps two forms on a page apart; only [A-Za-z0-9-_] so it is a valid ID. */
export function fieldId(taskId: string, path: string): string {
  return `rf-${taskId}-${path}`.replace(/[^A-Za-z0-9_-]/g, '_');
}
