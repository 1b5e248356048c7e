import type { ServiceContext } from '../context';
import type { Batch } from '../model/batch';
import type { Finding } from '../model/preflight';
import type { BatchValidation, ValidationProblem } from '../providers/migration-provider';
import { sleep } from '../retry/policies';
import { warnWith } from './checks';
import type { PreflightFindings } from './scenario-checks';

/** How long a preflight waits for the engine's validation, and how often it asks. */
export const VALIDATION_WAIT_MS = 120_000;
export const VALIDATION_POLL_MS = 1_000;

const findingOf = (problem: ValidationProblem): Finding => ({
  check: 'engine-validation',
  status: 'fail',
  message: `${problem.workload ? `${problem.workload}: ` : ''}${problem.code}: ${problem.message}`,
  fix: problem.fix,
});

/**
 * On an engine that validates a batch itself, its validation is part of the preflight: started (or
 * started again when too old) and waited for, each invalid user with the engine's code and Cutover's fix,
 * and the problems of the batch itself. Nothing for engines without their own validation.
 */
export async function engineValidationFindings(
  ctx: ServiceContext,
  batch: Batch,
  options: { waitMs?: number; pollMs?: number } = {},
): Promise<PreflightFindings | undefined> {
  const provider = ctx.provider(batch.tenantId);
  if (!provider.capabilities.validation || !provider.validateBatch) return undefined;
  const deadline = Date.now() + (options.waitMs ?? VALIDATION_WAIT_MS);
  let result: BatchValidation = await provider.validateBatch(batch.name, {
    requestId: `${batch.id}:validate`,
  });
  while (result.state === 'running' && Date.now() < deadline) {
    await sleep(options.pollMs ?? VALIDATION_POLL_MS);
    result = await provider.validateBatch(batch.name);
  }
  if (result.state === 'running') {
    return {
      users: new Map(),
      batchFindings: [
        warnWith(
          'engine-validation',
          `${provider.displayName} is still validating ${batch.name}; run the preflight again in a few minutes.`,
        ),
      ],
      delegates: [],
    };
  }
  return {
    users: new Map(result.invalidUsers.map((u) => [u.email.toLowerCase(), u.problems.map(findingOf)])),
    batchFindings: result.batchProblems.map(findingOf),
    delegates: [],
  };
}

/** Both runs' findings together: a user's findings from each, the batch's from each. */
export function mergeFindings(a: PreflightFindings, b: PreflightFindings | undefined): PreflightFindings {
  if (!b) return a;
  const users = new Map(a.users);
  for (const [email, findings] of b.users) users.set(email, [...(users.get(email) ?? []), ...findings]);
  return { users, batchFindings: [...a.batchFindings, ...b.batchFindings], delegates: a.delegates };
}
