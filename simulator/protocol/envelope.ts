import type { CmdletError } from './cmdlet-error';
import type { PropertyBag } from './property-bag';

/** The success body of InvokeCommand. */
export interface SuccessEnvelope {
  '@odata.context': string;
  '@adminapi.warnings': string[];
  '@odata.nextLink'?: string;
  value: PropertyBag[];
}

export function successEnvelope(
  tenantUrl: string,
  value: PropertyBag[],
  warnings: string[],
  nextLink?: string,
): SuccessEnvelope {
  return {
    '@odata.context': `${tenantUrl}/$metadata#Collection(Exchange.GenericHashTable)`,
    '@adminapi.warnings': warnings,
    ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
    value,
  };
}

const HTTP_CODES: Record<number, string> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  413: 'RequestEntityTooLarge',
  500: 'InternalServerError',
};

/** The error body of a failed cmdlet (reference section 1.5). */
export function cmdletErrorEnvelope(error: CmdletError) {
  return {
    error: {
      code: HTTP_CODES[error.httpStatus] ?? 'BadRequest',
      message: 'Error executing cmdlet',
      details: [
        { code: 'Client', target: '', message: `${error.errorId}|${error.exceptionClass}|${error.text}` },
      ],
      innererror: {
        message: 'Error executing cmdlet',
        type: 'Microsoft.Exchange.Admin.OData.Core.ODataServiceException',
        internalexception: {
          message: error.text,
          type: 'Microsoft.Exchange.Management.PSDirectInvoke.DirectInvokeCmdletExecutionException',
        },
      },
    },
    '@adminapi.warnings': [],
  };
}

/** The error body of a request that never reached a cmdlet (malformed body, unknown tenant). */
export function requestErrorEnvelope(status: number, message: string) {
  return {
    error: { code: HTTP_CODES[status] ?? 'BadRequest', message, details: [] },
    '@adminapi.warnings': [],
  };
}
