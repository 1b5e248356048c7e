import { CmdletParameters } from '../protocol/cmdlet-parameters';
import { invalidArgument, objectNotFound } from '../protocol/cmdlet-error';
import { matchEnum } from '../protocol/exchange-enums';
import type { PropertyBag } from '../protocol/property-bag';
import type { Tenant } from '../seed/world-types';
import type { SimulatorState } from '../state/simulator-state';
import type { MigrationBatch } from '../state/state-schema';

/** Everything one cmdlet call sees. The tenant's batches have been played forward to `now`. */
export interface CmdletContext {
  tenant: Tenant;
  state: SimulatorState;
  parameters: Record<string, unknown>;
  now: number;
}

export interface CmdletResult {
  value: PropertyBag[];
  warnings?: string[];
  /** The ResultSize limit; the HTTP layer pages within it. Unlimited when absent. */
  resultSize?: number;
}

export interface Cmdlet {
  name: string;
  run(context: CmdletContext): CmdletResult;
}

export function bindParameters(
  context: CmdletContext,
  allowed: readonly string[],
  required: readonly string[] = [],
): CmdletParameters {
  return new CmdletParameters(context.parameters, allowed, required);
}

export function requireBatch(context: CmdletContext, identity: string): MigrationBatch {
  const batch = context.state.findBatch(context.tenant.id, identity);
  if (!batch) throw objectNotFound(identity, context.tenant.server);
  return batch;
}

/** Reads an enum-valued parameter (case-insensitive), refusing values Exchange would not bind. */
export function enumParameter(
  parameters: CmdletParameters,
  name: string,
  values: readonly string[],
  typeName: string,
): string | undefined {
  const raw = parameters.string(name);
  if (raw === undefined) return undefined;
  const match = matchEnum(values, raw);
  if (!match) throw invalidArgument(name, `Cannot convert value "${raw}" to type "${typeName}".`);
  return match;
}
