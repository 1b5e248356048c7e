import { capList, moreText } from './cap-list';
import { pluralize, truncateText } from './format';
import { compileTemplate } from './template';
import tenantsTemplate from './templates/tenants.json';
import type { AdaptiveCard } from './types';

export interface TenantsCardTenant {
  id: string;
  displayName: string;
  /** Scenarios enabled for the tenant; absent means all. */
  scenarios?: string[];
  targetDeliveryDomain: string;
  /** The migration endpoint's name, when one is set up. */
  endpoint?: string;
  /** The caller's roles in this tenant. */
  roles: string[];
}

export interface TenantsCardData {
  tenants: TenantsCardTenant[];
}

/** At most this many tenants are listed on one card. */
export const TENANTS_CARD_MAX = 40;

interface Fact {
  title: string;
  value: string;
}

interface TenantsView {
  summary: string;
  tenants: { displayName: string; facts: Fact[] }[];
  hasMore: boolean;
  moreText: string;
}

const render = compileTemplate<TenantsView>(tenantsTemplate);

function tenantFacts(tenant: TenantsCardTenant): Fact[] {
  const facts: Fact[] = [
    { title: 'Tenant ID', value: tenant.id },
    { title: 'Target delivery domain', value: tenant.targetDeliveryDomain },
    {
      title: 'Scenarios',
      value: tenant.scenarios === undefined ? 'All' : tenant.scenarios.join(', ') || 'None',
    },
  ];
  if (tenant.endpoint) facts.push({ title: 'Endpoint', value: tenant.endpoint });
  facts.push({ title: 'Your roles', value: tenant.roles.length > 0 ? tenant.roles.join(', ') : 'None' });
  return facts;
}

/** The tenants the caller can see, with delivery domain, scenarios, endpoint and the caller's roles. */
export function tenantsCard(data: TenantsCardData): AdaptiveCard {
  const tenants = capList(data.tenants, TENANTS_CARD_MAX);
  return render({
    summary:
      data.tenants.length === 0
        ? 'No tenants are set up yet. An admin adds them in the configuration.'
        : pluralize(data.tenants.length, 'tenant'),
    tenants: tenants.shown.map((t) => ({
      displayName: truncateText(t.displayName, 200),
      facts: tenantFacts(t),
    })),
    hasMore: tenants.more > 0,
    moreText: moreText(tenants.more, '.'),
  });
}
