import { compileTemplate } from './template';
import welcomeTemplate from './templates/welcome.json';
import type { AdaptiveCard } from './types';

/** At most this many tenants are listed with the caller's roles on the welcome card. */
export const WELCOME_CARD_MAX_TENANTS = 10;

export interface WelcomeCardData {
  /** The tenants where the reader holds a role, with those roles (e.g. ["operator", "viewer"]). */
  tenants: { name: string; roles: string[] }[];
}

interface WelcomeView {
  hasRoles: boolean;
  tenants: { name: string; roles: string }[];
}

const render = compileTemplate<WelcomeView>(welcomeTemplate);

/** The greeting in a personal chat when Cutover is installed: what it is, `help`, and the reader's roles. */
export function welcomeCard(data: WelcomeCardData): AdaptiveCard {
  const tenants = data.tenants
    .filter((t) => t.roles.length > 0)
    .slice(0, WELCOME_CARD_MAX_TENANTS)
    .map((t) => ({ name: t.name, roles: t.roles.join(', ') }));
  return render({ hasRoles: tenants.length > 0, tenants });
}
