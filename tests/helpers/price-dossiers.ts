// The steps the price dossier tests (M34-M38) take without a browser: log in,
// create a dossier from the theme page's "Nieuw dossier", post its form.
import type { Response } from 'supertest';
import type { PrismaClient } from '../../src/db/client.js';
import { hiddenField, logins, type Agent, type Portal } from './login.js';

/** `agentFor(insz, hco?)`: the persona logged in; acting for the facility with this HCO number when given. */
export function personas(portal: Portal, prisma: PrismaClient): (insz: string, hco?: string) => Promise<Agent> {
  const login = logins(portal, prisma);
  return (insz, hco) => login.as(insz, hco === undefined ? {} : { hcoNumber: hco });
}

/** "Nieuw dossier" of the given type on the theme Prijzen; the new dossier's id (NaN when refused) and the answer. */
export async function createPriceDossier(agent: Agent, type: string): Promise<{ id: number; response: Response }> {
  const theme = await agent.get('/themas/prijzen');
  const response = await agent.post('/dossiers/prijzen/nieuw').type('form').send({ _csrf: hiddenField(theme.text, '_csrf'), type });
  return { id: Number(/\/dossiers\/prijzen\/(\d+)$/.exec(response.headers.location ?? '')?.[1]), response };
}

/** Posts the dossier's form (urlencoded) with the page's token and version. */
export async function postPriceDossier(agent: Agent, id: number, fields: Record<string, string>) {
  const page = await agent.get(`/dossiers/prijzen/${id}`);
  return agent.post(`/dossiers/prijzen/${id}`).type('form').send({ _csrf: hiddenField(page.text, '_csrf'), version: hiddenField(page.text, 'version'), ...fields });
}
