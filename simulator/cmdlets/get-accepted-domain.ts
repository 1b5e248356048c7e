import { objectNotFound } from '../protocol/cmdlet-error';
import { acceptedDomainView } from '../views/accepted-domain-view';
import { bindParameters, type Cmdlet } from './cmdlet-context';

/** Get-AcceptedDomain: every domain the tenant accepts mail for; the first one is the default. */
export const getAcceptedDomain: Cmdlet = {
  name: 'Get-AcceptedDomain',
  run(context) {
    const { tenant } = context;
    const p = bindParameters(context, ['Identity']);
    const domains = tenant.acceptedDomains.map((domain, index) => ({ domain, isDefault: index === 0 }));
    const identity = p.string('Identity')?.trim().toLowerCase();
    if (identity === undefined || identity === '') {
      return { value: domains.map((d) => acceptedDomainView(d.domain, d.isDefault)) };
    }
    const found = domains.find((d) => d.domain === identity);
    if (!found) throw objectNotFound(p.string('Identity') ?? '', tenant.server);
    return { value: [acceptedDomainView(found.domain, found.isDefault)] };
  },
};
