/** One problem found in a CSV file. Never carries a password or any other secret cell value. */
export interface CsvRowError {
  /**
   * 1-based line number in the file where the problem is (the header is usually line 1).
   * 0 means the file as a whole (size, encoding, empty file).
   */
  row: number;
  column?: string;
  reason: string;
}

/** One user read from a valid CSV. Passwords stay in the file: only whether one was given is kept. */
export interface CsvUser {
  /** Line number of the user's row in the file. */
  row: number;
  /** The address the batch tracks, lower-cased: EmailAddress, or TargetEmail for a mapping. */
  email: string;
  /** Mappings (third-party, hosted): the source mailbox, lower-cased. */
  sourceEmail?: string;
  /** Mappings (third-party, hosted): the target mailbox, lower-cased. */
  targetEmail?: string;
  /** Staged: the ForceChangePassword value, when the file has that column. */
  forceChangePassword?: boolean;
  /** Staged: true when the row gives a password. */
  hasPassword?: boolean;
}

/** How a file over the row limit can be split into batches. */
export interface CsvSplit {
  rows: number;
  limit: number;
  batches: number;
}

export type CsvValidation =
  | { ok: true; users: CsvUser[]; header: string[]; warnings: string[] }
  | { ok: false; errors: CsvRowError[]; split?: CsvSplit };
