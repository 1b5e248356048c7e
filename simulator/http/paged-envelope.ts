import type { CmdletResult } from '../cmdlets/cmdlet-context';
import { type SuccessEnvelope, successEnvelope } from '../protocol/envelope';
import { encodeSkipToken, paginate } from '../protocol/paging';
import { selectProperties } from '../protocol/property-bag';

const MORE_RESULTS_WARNING =
  'There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.';

export interface PageRequest {
  /** `<base>/adminapi/beta/<tenant>` as the client addressed it. */
  tenantUrl: string;
  offset: number;
  pageSize: number;
  /** `$select` property names, or null for all. */
  select: string[] | null;
  /** The raw `$select` value, carried into the next link. */
  rawSelect: string | null;
}

/** One page of a cmdlet's output, with `@odata.nextLink` when more remains within ResultSize. */
export function pagedEnvelope(
  result: CmdletResult,
  request: PageRequest,
): { envelope: SuccessEnvelope; page: number } {
  const page = paginate(
    result.value,
    request.offset,
    request.pageSize,
    result.resultSize ?? Number.POSITIVE_INFINITY,
  );
  const warnings = [...(result.warnings ?? [])];
  if (page.truncated && page.nextOffset === null) warnings.push(MORE_RESULTS_WARNING);
  let nextLink: string | undefined;
  if (page.nextOffset !== null) {
    const select = request.rawSelect ? `&$select=${encodeURIComponent(request.rawSelect)}` : '';
    nextLink = `${request.tenantUrl}/InvokeCommand?$skiptoken=${encodeSkipToken(page.nextOffset)}${select}`;
  }
  const value = page.items.map((bag) => selectProperties(bag, request.select));
  return { envelope: successEnvelope(request.tenantUrl, value, warnings, nextLink), page: page.page };
}
