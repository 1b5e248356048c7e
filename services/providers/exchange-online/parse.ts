import { ExchangeTransportError } from '../../errors';
import type {
  ProviderBatch,
  ProviderMigrationEndpoint,
  ProviderUser,
  ProviderUserStatistics,
} from '../migration-provider';
import {
  type BatchStatus,
  isBatchStatus,
  isUserStatus,
  USER_STATUS_SUMMARIES,
  type UserStatus,
  type UserStatusSummary,
} from '../../model/statuses';
import { parseSkippedUsers, warningTexts } from './skipped-users';

const UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/**
 * Reads an Exchange byte size: `"1.234 GB (1,325,000,000 bytes)"` (the exact count in
 * parentheses wins), `"12 MB"`, `"4096"` or a plain number. Returns undefined when the
 * value is not a byte size.
 */
export function parseByteSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const exact = /\(([\d.,\s\u00a0\u202f']+)\s*bytes\)/i.exec(text);
  if (exact?.[1]) {
    const digits = exact[1].replace(/\D/g, '');
    return digits === '' ? undefined : Number(digits);
  }
  if (/^\d+$/.test(text)) return Number(text);
  const approx = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)$/i.exec(text);
  const unit = approx?.[2] ? UNITS[approx[2].toUpperCase()] : undefined;
  return approx?.[1] && unit ? Math.round(Number(approx[1]) * unit) : undefined;
}

/**
 * Reads an Exchange date (`2024-05-01T10:00:00.1234567Z`, with an offset, or `/Date(ms)/`)
 * and returns UTC ISO 8601. A string without a zone is UTC. Returns undefined when unreadable.
 */
export function parseExchangeDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  const legacy = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(text);
  if (legacy?.[1]) return new Date(Number(legacy[1])).toISOString();
  // JavaScript reads at most milliseconds; Exchange sends up to seven fractional digits.
  const trimmed = text.replace(/(\.\d{3})\d+/, '$1');
  const zoned = /([zZ]|[+-]\d{2}:?\d{2})$/.test(trimmed) ? trimmed : `${trimmed}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Reads a count: a non-negative integer or its string form. */
export function parseCount(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

export function isUserStatusSummary(value: unknown): value is UserStatusSummary {
  return typeof value === 'string' && (USER_STATUS_SUMMARIES as readonly string[]).includes(value);
}

/** Reads one property bag for one cmdlet; anything outside the protocol is an ExchangeTransportError. */
export interface BagReader {
  string(name: string): string;
  optionalString(name: string): string | undefined;
  /** Missing or null counts read as 0; anything else that is not a count is an error. */
  count(name: string): number;
  optionalNumber(name: string): number | undefined;
  bytes(name: string): number;
  optionalBytes(name: string): number | undefined;
  optionalDate(name: string): string | undefined;
  /** Missing reads as false; Exchange may send `"True"` / `"False"` as text. */
  boolean(name: string): boolean;
  /** A multi-valued property; missing reads as empty, a single string as a list of one. */
  stringList(name: string): string[];
  batchStatus(name: string): BatchStatus;
  userStatus(name: string): UserStatus;
  statusSummary(name: string): UserStatusSummary;
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** A text-like value: a string, a number, or an object Exchange serialises with a name or message. */
function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null) {
    const bag = value as Record<string, unknown>;
    for (const key of ['Name', 'Message', 'message', 'Id', 'Value']) {
      if (typeof bag[key] === 'string') return bag[key] as string;
    }
  }
  return undefined;
}

export function bagReader(bag: Record<string, unknown>, cmdlet: string): BagReader {
  const fail = (name: string, expected: string): never => {
    const shown = JSON.stringify(bag[name]) ?? 'nothing';
    throw new ExchangeTransportError(cmdlet, `${name} should be ${expected} but was ${shown.slice(0, 80)}`);
  };
  const read = <T>(name: string, parse: (v: unknown) => T | undefined, expected: string): T | undefined => {
    const raw = bag[name];
    if (isMissing(raw)) return undefined;
    return parse(raw) ?? fail(name, expected);
  };
  const isNumber = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : parseFloatText(v));
  const reader: BagReader = {
    string: (name) => reader.optionalString(name) ?? fail(name, 'a non-empty string'),
    optionalString: (name) => read(name, asText, 'text'),
    count: (name) => read(name, parseCount, 'a count') ?? 0,
    optionalNumber: (name) => read(name, isNumber, 'a number'),
    bytes: (name) => reader.optionalBytes(name) ?? 0,
    optionalBytes: (name) => read(name, parseByteSize, 'a byte size'),
    optionalDate: (name) => read(name, parseExchangeDate, 'a date'),
    boolean: (name) => read(name, parseBoolean, 'true or false') ?? false,
    stringList: (name) => read(name, parseStringList, 'a list of strings') ?? [],
    batchStatus: (name) => (isBatchStatus(bag[name]) ? bag[name] : fail(name, 'a migration batch status')),
    userStatus: (name) => (isUserStatus(bag[name]) ? bag[name] : fail(name, 'a migration user status')),
    statusSummary: (name) =>
      isUserStatusSummary(bag[name]) ? bag[name] : fail(name, 'a user status summary'),
  };
  return reader;
}

function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

function parseStringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

function parseFloatText(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

type Bag = Record<string, unknown>;

/** Drops undefined optional fields so results compare cleanly. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A Get-MigrationBatch / New-MigrationBatch object. */
export function toProviderBatch(bag: Bag, cmdlet = 'Get-MigrationBatch'): ProviderBatch {
  const r = bagReader(bag, cmdlet);
  return compact({
    identity: r.string('Identity'),
    status: r.batchStatus('Status'),
    migrationType: r.optionalString('MigrationType'),
    totalCount: r.count('TotalCount'),
    activeCount: r.count('ActiveCount'),
    syncedCount: r.count('SyncedCount'),
    finalizedCount: r.count('FinalizedCount'),
    stoppedCount: r.count('StoppedCount'),
    failedCount: r.count('FailedCount'),
    pendingCount: r.count('PendingCount'),
    creationDateTime: r.optionalDate('CreationDateTime'),
    startDateTime: r.optionalDate('StartDateTime'),
    initialSyncDateTime: r.optionalDate('InitialSyncDateTime'),
    lastSyncedDateTime: r.optionalDate('LastSyncedDateTime'),
    completeAfter: r.optionalDate('CompleteAfter'),
    sourceEndpoint: r.optionalString('SourceEndpoint'),
    targetDeliveryDomain: r.optionalString('TargetDeliveryDomain'),
    message: r.optionalString('Message'),
    skipped: nonEmpty(parseSkippedUsers(warningTexts(bag['ValidationWarnings']))),
  });
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

function userFields(r: BagReader): ProviderUser {
  const identity = r.string('Identity');
  return compact({
    identity,
    emailAddress: r.optionalString('EmailAddress') ?? identity,
    batchId: r.string('BatchId'),
    status: r.userStatus('Status'),
    statusSummary: r.statusSummary('StatusSummary'),
    lastSuccessfulSyncTime: r.optionalDate('LastSuccessfulSyncTime'),
    // Get-MigrationUser carries ErrorSummary; the statistics also carry the full Error.
    error: r.optionalString('Error') ?? r.optionalString('ErrorSummary'),
  });
}

/** A Get-MigrationUser object. */
export function toProviderUser(bag: Bag, cmdlet = 'Get-MigrationUser'): ProviderUser {
  return userFields(bagReader(bag, cmdlet));
}

/** A Get-MigrationUserStatistics object; sizes become bytes. */
export function toProviderUserStatistics(
  bag: Bag,
  cmdlet = 'Get-MigrationUserStatistics',
): ProviderUserStatistics {
  const r = bagReader(bag, cmdlet);
  return compact({
    ...userFields(r),
    percentageComplete: r.optionalNumber('PercentageComplete') ?? 0,
    bytesTransferred: r.bytes('BytesTransferred'),
    estimatedTotalTransferSize: r.bytes('EstimatedTotalTransferSize'),
    syncedItemCount: r.count('SyncedItemCount'),
    totalItemsInSourceMailboxCount: r.count('TotalItemsInSourceMailboxCount'),
    skippedItemCount: r.count('SkippedItemCount'),
    averageBytesTransferredPerHour: r.optionalBytes('AverageBytesTransferredPerHour'),
    currentBytesTransferredPerMinute: r.optionalBytes('CurrentBytesTransferredPerMinute'),
    dataConsistencyScore: r.optionalString('DataConsistencyScore'),
    errorSummary: r.optionalString('ErrorSummary'),
  });
}

/** A Get-MigrationEndpoint object. */
export function toProviderEndpoint(bag: Bag, cmdlet = 'Get-MigrationEndpoint'): ProviderMigrationEndpoint {
  const r = bagReader(bag, cmdlet);
  return compact({
    identity: r.string('Identity'),
    endpointType: r.string('EndpointType'),
    remoteServer: r.optionalString('RemoteServer'),
    remoteTenant: r.optionalString('RemoteTenant'),
  });
}
