/**
 * A problem with the file as a whole (wrong type, unreadable, no header row, missing columns), as
 * opposed to a bad row, which is reported per row and does not stop the import. The message is
 * Chinese and meant for the person who supplied the file.
 */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
  /** Canonical Chinese names of the required columns the header lacks, when that is the problem. */
  readonly missingColumns: readonly string[];

  constructor(message: string, options: { missingColumns?: readonly string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.missingColumns = options.missingColumns ?? [];
  }
}
