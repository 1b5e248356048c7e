import type { Recipient, Tenant } from '../seed/world-types';
import type { SimulatorState } from '../state/simulator-state';

/**
 * The tenant's recipients as Exchange shows them now: a staged migration turns an MEU into a mailbox
 * when it provisions the user (Get-Mailbox finds it, Get-MailUser no longer does). Other tenants'
 * recipients are the seeded ones.
 */
export function recipientsNow(tenant: Tenant, state: SimulatorState): readonly Recipient[] {
  if (!tenant.onPremises) return tenant.recipients;
  const provisioned = new Set<string>();
  for (const { user } of state.usersOf(tenant.id)) {
    if (user.provisionedAt != null) provisioned.add(user.email.toLowerCase());
  }
  if (provisioned.size === 0 && !state.staged.hasConversions(tenant.id)) return tenant.recipients;
  return tenant.recipients.map((r) => {
    const email = r.email.toLowerCase();
    const converted = provisioned.has(email) || state.staged.isConverted(tenant.id, email);
    return converted && r.recipientType === 'MailUser' ? asMailbox(r) : r;
  });
}

/** The mailbox an MEU became: same addresses, GUID and LegacyExchangeDN; no ExternalEmailAddress. */
function asMailbox(meu: Recipient): Recipient {
  const { externalEmailAddress: _forwardedTo, ...rest } = meu;
  return { ...rest, recipientType: 'Mailbox', recipientTypeDetails: 'UserMailbox' };
}
