interface SimTenant {
  name: string;
  domain: string;
  recipients: { email: string; recipientType: string }[];
}

/** Reads the simulator's tooling endpoint: the first N MailUsers of a tenant (Northwind by default). */
export async function northwindUsers(
  simulatorUrl: string,
  count: number,
  tenant = 'northwindtraders',
): Promise<string[]> {
  const response = await fetch(`${simulatorUrl}/_simulator/tenants`);
  const tenants = (await response.json()) as SimTenant[];
  const found = tenants.find((t) => t.name === tenant);
  if (!found) throw new Error(`the simulator has no ${tenant} tenant`);
  return found.recipients
    .filter((r) => r.recipientType === 'MailUser')
    .slice(0, count)
    .map((r) => r.email);
}
