import { z } from 'zod';

const invokeBodySchema = z.object({
  CmdletInput: z.object({
    CmdletName: z.string().min(1),
    Parameters: z.record(z.unknown()).optional(),
  }),
});

export type InvokeBody =
  | { ok: true; cmdlet: string; parameters: Record<string, unknown> }
  | { ok: false; message: string };

/** Parses `{"CmdletInput":{"CmdletName":..,"Parameters":{..}}}`. */
export function parseInvokeBody(text: string): InvokeBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'The request body is not valid JSON.' };
  }
  const parsed = invokeBodySchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      message: 'The request body must be {"CmdletInput":{"CmdletName":"<name>","Parameters":{...}}}.',
    };
  }
  return {
    ok: true,
    cmdlet: parsed.data.CmdletInput.CmdletName,
    parameters: parsed.data.CmdletInput.Parameters ?? {},
  };
}

/** Best effort, for the call log of a request that is refused before it is fully checked. */
export function peekCmdlet(text: string): { cmdlet: string; parameters: Record<string, unknown> } {
  const parsed = parseInvokeBody(text);
  return parsed.ok ? parsed : { cmdlet: '', parameters: {} };
}
