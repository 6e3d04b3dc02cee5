export type RoleName = 'admin' | 'evaluator' | 'programme_lead' | 'site';

/** Who is calling: the authenticated key's id, its role, and for a site key its site. */
export interface Principal {
  keyId: string;
  role: RoleName;
  siteId: string | null;
}

export function parseRole(stored: string): { role: RoleName; siteId: string | null } | null {
  if (stored === 'admin' || stored === 'evaluator' || stored === 'programme_lead')
    return { role: stored, siteId: null };
  const m = /^site:(.+)$/.exec(stored);
  return m ? { role: 'site', siteId: m[1] } : null;
}

/** A site key reads only its own site; evaluators, programme leads and admins read every site. */
export function canReadSite(principal: Principal, siteId: string): boolean {
  return principal.role !== 'site' || principal.siteId === siteId;
}

/** Who may read a whole trial's outcomes (a site key only through the site filter). */
export function readsWholeTrials(principal: Principal): boolean {
  return principal.role === 'evaluator' || principal.role === 'programme_lead' || principal.role === 'admin';
}
