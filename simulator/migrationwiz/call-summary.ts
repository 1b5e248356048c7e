import type { MwzRequest, WireFields } from './soap-shapes';

/** What the call log keeps of a request: never a password, never a ticket. */
function withoutSecrets(fields: WireFields): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (/password/i.test(name)) continue;
    kept[name] = typeof value === 'string' ? value : withoutSecrets(value);
  }
  return kept;
}

const numberOr = (value: string) =>
  value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;

/** `MigrationWiz:<RequestType>:<EntityName>` */
export function callName(request: MwzRequest | null): string {
  if (!request) return 'MigrationWiz:Invalid:';
  switch (request.kind) {
    case 'Authenticate':
      return 'MigrationWiz:Authenticate:';
    case 'Create':
    case 'Update':
      return `MigrationWiz:${request.kind}:${[...new Set(request.entities.map((e) => e.type))].join(',')}`;
    case 'Retrieve':
    case 'Delete':
      return `MigrationWiz:${request.kind}:${request.entityName}`;
  }
}

export function callParameters(request: MwzRequest | null): Record<string, unknown> {
  if (!request) return {};
  switch (request.kind) {
    case 'Authenticate':
      return {
        emailAddress: request.emailAddress,
        workgroupId: request.workgroupId,
        environment: request.environment,
      };
    case 'Create':
    case 'Update':
      return { entities: request.entities.map((e) => ({ Entity: e.type, ...withoutSecrets(e.fields) })) };
    case 'Retrieve':
      return {
        condition: request.filters.map((f) => ({
          Property: f.property,
          Operator: f.operator,
          Value: f.value,
        })),
        ...(request.sorts.length > 0 ? { sortOrders: request.sorts } : {}),
        count: numberOr(request.count),
        offset: numberOr(request.offset),
      };
    case 'Delete':
      return { ids: request.ids };
  }
}
