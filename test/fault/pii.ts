/**
 * The personal-data scan: every byte the suite collected (outbound and DLQ messages with their keys
 * and headers, the system's log lines, workflow histories as stored) is searched for the ID numbers
 * and phones of the people the suite made up, and for anything shaped like an ID number with a
 * valid check digit or a mainland mobile number. Hits are kept masked: the report must not become a leak.
 */
import { residentIdCheckChar } from '../../domain/identity.js';

export interface PiiHit {
  source: string;
  what: 'needle' | 'id-number pattern' | 'phone pattern';
  masked: string;
}

export function mask(value: string): string {
  return value.length <= 6 ? '*'.repeat(value.length) : `${value.slice(0, 4)}${'*'.repeat(value.length - 6)}${value.slice(-2)}`;
}

// Bounded by anything but letters and digits: an 11-digit run inside a hex hash (case IDs) is no phone.
const ID_PATTERN = /(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])/g;
const DIGIT_RUN = /[0-9]{11,}[Xx]?/g;
const PHONE_PATTERN = /(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])/g;

export class PiiScanner {
  readonly hits: PiiHit[] = [];
  /** How much was scanned, by source kind: the figure says what "0 hits" covers. */
  readonly scanned = new Map<string, { items: number; bytes: number }>();
  private readonly needles: Set<string>;
  private readonly needleLengths: number[];

  constructor(needles: Iterable<string>) {
    this.needles = new Set([...needles].map((n) => n.toUpperCase()).filter((n) => /^[0-9]{10,}[0-9X]$/.test(n)));
    this.needleLengths = [...new Set([...this.needles].map((n) => n.length))];
  }

  /** `kind` groups the figure (e.g. "log file"); `source` names the place of a hit. */
  scan(kind: string, source: string, content: string | Buffer): void {
    // latin1 keeps every byte as one character, so digits inside binary (protobuf) histories are found too.
    const text = typeof content === 'string' ? content : content.toString('latin1');
    const tally = this.scanned.get(kind) ?? { items: 0, bytes: 0 };
    tally.items += kind === 'log' ? text.split('\n').length - 1 : 1;
    tally.bytes += text.length;
    this.scanned.set(kind, tally);
    // One pass over the digit runs, each looked up in the needle set: searching a log of tens of
    // megabytes once per needle would take minutes.
    for (const run of text.match(DIGIT_RUN) ?? []) {
      for (const length of this.needleLengths) {
        for (let i = 0; i + length <= run.length; i += 1) {
          const window = run.slice(i, i + length).toUpperCase();
          if (this.needles.has(window)) this.hits.push({ source, what: 'needle', masked: mask(window) });
        }
      }
    }
    // A pattern hit that a needle already found is the same leak, counted once.
    for (const m of text.matchAll(ID_PATTERN)) {
      const id = m[0].toUpperCase();
      if (residentIdCheckChar(id.slice(0, 17)) === id[17] && !this.needles.has(id) && !this.needles.has(id.slice(0, 17))) {
        this.hits.push({ source, what: 'id-number pattern', masked: mask(id) });
      }
    }
    for (const m of text.matchAll(PHONE_PATTERN)) if (!this.needles.has(m[0])) this.hits.push({ source, what: 'phone pattern', masked: mask(m[0]) });
  }

  /** Hits by source kind and what matched, with the first few places: the failure message. */
  summary(limit = 8): string {
    const byKind = new Map<string, number>();
    for (const h of this.hits) {
      // "edu.graduate.handover.v1.dlq#12 key" and "log api.log" group as their topic or "log".
      const group = `${h.source.split(/[# ]/)[0]} / ${h.what}`;
      byKind.set(group, (byKind.get(group) ?? 0) + 1);
    }
    const first = this.hits.slice(0, limit).map((h) => `  ${h.source}: ${h.what} ${h.masked}`);
    return [`${this.hits.length} hits: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}`, ...first].join('\n');
  }
}
