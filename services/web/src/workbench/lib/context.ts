/**
 * What every workbench page is given (provide/inject): who is signed in, the API client, and the
 * one live connection to GET /api/stream the whole workbench shares, which a page listens to for
 * as long as it is shown (a task a colleague claims leaves the claimable list without a reload).
 */
import { inject, type InjectionKey, type Ref } from 'vue';
import type { SseMessage } from '../../lib/sse.js';
import type { TokenClaims } from '../../lib/session.js';
import type { ConnectionState } from '../../lib/stream.js';
import type { ApiClient } from './api.js';

export interface LiveEvents {
  /** Calls `listener` with every event of the stream until the returned function is called. */
  subscribe(listener: (message: SseMessage) => void): () => void;
  /**
   * Calls `listener` when events may have been missed (the server could not resume the stream),
   * so a page reloads what it shows.
   */
  onGap(listener: () => void): () => void;
}

export interface Workbench {
  claims: TokenClaims;
  api: ApiClient;
  live: LiveEvents;
  connection: Readonly<Ref<ConnectionState>>;
}

export const WorkbenchKey: InjectionKey<Workbench> = Symbol('workbench');

export function useWorkbench(): Workbench {
  const workbench = inject(WorkbenchKey);
  if (!workbench) throw new Error('useWorkbench() outside the signed-in workbench');
  return workbench;
}

/** A set of listeners that can be told something; each subscription returns its own removal. */
export function listeners<T extends unknown[]>() {
  const all = new Set<(...args: T) => void>();
  return {
    add: (listener: (...args: T) => void): (() => void) => {
      all.add(listener);
      return () => void all.delete(listener);
    },
    tell: (...args: T): void => {
      for (const listener of [...all]) listener(...args);
    },
  };
}
