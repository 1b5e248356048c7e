import { hashString } from '../seed/prng';

const NOT_FOUND_CLASS = 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException';
const PARAMETER_BINDING_CLASS = 'System.Management.Automation.ParameterBindingException';

/** The short error id Exchange puts first in `details[0].message`. */
export function errorIdFor(exceptionClass: string): string {
  if (exceptionClass === NOT_FOUND_CLASS) return 'Ex6F9304';
  return `Ex${(hashString(exceptionClass) & 0xffffff).toString(16).toUpperCase().padStart(6, '0')}`;
}

/** A failed cmdlet: becomes the error envelope with `<ErrorId>|<ExceptionClass>|<text>`. */
export class CmdletError extends Error {
  readonly errorId: string;

  constructor(
    readonly httpStatus: 400 | 403 | 404,
    readonly exceptionClass: string,
    readonly text: string,
  ) {
    super(text);
    this.name = 'CmdletError';
    this.errorId = errorIdFor(exceptionClass);
  }
}

export function objectNotFound(identity: string, server: string): CmdletError {
  return new CmdletError(
    404,
    NOT_FOUND_CLASS,
    `The operation couldn't be performed because object '${identity}' couldn't be found on '${server}'.`,
  );
}

export type BatchVerb = 'started' | 'stopped' | 'completed' | 'removed' | 'modified';

const VERB_CLASS: Record<BatchVerb, string> = {
  started: 'Microsoft.Exchange.Migration.MigrationBatchCannotBeStartedException',
  stopped: 'Microsoft.Exchange.Migration.MigrationBatchCannotBeStoppedException',
  completed: 'Microsoft.Exchange.Migration.MigrationBatchCannotBeCompletedException',
  removed: 'Microsoft.Exchange.Migration.MigrationBatchCannotBeRemovedException',
  modified: 'Microsoft.Exchange.Migration.MigrationBatchCannotBeModifiedException',
};

const VERB_HINT: Partial<Record<BatchVerb, string>> = {
  removed: ' Stop the migration batch and try again.',
  completed: ' A migration batch can be completed only when it is Synced or SyncedWithErrors.',
};

export function invalidBatchState(batch: string, verb: BatchVerb, status: string): CmdletError {
  return new CmdletError(
    400,
    VERB_CLASS[verb],
    `The migration batch '${batch}' can't be ${verb} because it's in the ${status} state.${VERB_HINT[verb] ?? ''}`,
  );
}

export function unknownCmdlet(name: string): CmdletError {
  return new CmdletError(
    400,
    'System.Management.Automation.CommandNotFoundException',
    `The term '${name}' is not recognized as a name of a cmdlet, function, script file, or executable program. ` +
      'Check the spelling of the name, or if a path was included, verify that the path is correct and try again.',
  );
}

export function duplicateBatch(name: string): CmdletError {
  return new CmdletError(
    400,
    'Microsoft.Exchange.Migration.MigrationBatchAlreadyExistsException',
    `A migration batch with the name '${name}' already exists. Specify a different name and try again.`,
  );
}

export function unknownParameter(name: string): CmdletError {
  return new CmdletError(
    400,
    PARAMETER_BINDING_CLASS,
    `A parameter cannot be found that matches parameter name '${name}'.`,
  );
}

export function missingParameters(names: string[]): CmdletError {
  return new CmdletError(
    400,
    PARAMETER_BINDING_CLASS,
    `Cannot process command because of one or more missing mandatory parameters: ${names.join(' ')}.`,
  );
}

export function invalidArgument(name: string, detail: string): CmdletError {
  return new CmdletError(
    400,
    PARAMETER_BINDING_CLASS,
    `Cannot process argument transformation on parameter '${name}'. ${detail}`,
  );
}

/** A validation failure of the input data (CSV, domains, limits). */
export function invalidInput(
  text: string,
  exceptionClass = 'Microsoft.Exchange.Migration.MigrationPermanentException',
) {
  return new CmdletError(400, exceptionClass, text);
}
