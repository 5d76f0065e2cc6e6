// E-mail templates: views/emails/<name>.html.njk and <name>.text.njk, both
// extending the shared e-mail layout. Rendered when the e-mail is queued, so
// the outbox row holds exactly what is sent.
import type nunjucks from 'nunjucks';
import { createViewEnvironment } from '../middleware/views.js';

export interface RenderedMail {
  html: string;
  text: string;
}

interface Environments {
  html: nunjucks.Environment;
  text: nunjucks.Environment;
}

const environments = new Map<string, Environments>();

/** The department's privacy statement (seed 001's e-mail footer), under every e-mail through both layouts. */
export const PRIVACY_STATEMENT =
  'Het Departement Zorg gebruikt uw persoonsgegevens overeenkomstig de verordening 2016/679 van het Europees Parlement en de Raad van 27 april 2016 ' +
  'betreffende de bescherming van natuurlijke personen in verband met de verwerking van persoonsgegevens en betreffende het vrije verkeer van die ' +
  'gegevens en tot intrekking van Richtlijn 95/46/EG (algemene verordening gegevensbescherming). Meer informatie vindt u in de privacyverklaring op onze website.';

/** Turns a portal path ("/berichten/12") into an absolute link from BASE_URL. */
export function absoluteUrl(baseUrl: string, path: string): string {
  if (/^https?:\/\//.test(path)) return path;
  return `${baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
}

function environmentsFor(baseUrl: string): Environments {
  let found = environments.get(baseUrl);
  if (!found) {
    const create = (autoescape: boolean) => {
      const env = createViewEnvironment({ autoescape });
      env.addFilter('absoluteUrl', (path: string) => absoluteUrl(baseUrl, path));
      env.addGlobal('baseUrl', baseUrl);
      env.addGlobal('privacyStatement', PRIVACY_STATEMENT);
      return env;
    };
    found = { html: create(true), text: create(false) };
    environments.set(baseUrl, found);
  }
  return found;
}

/** Blank lines left by template tags are tidied: at most one empty line in a row. */
function tidyText(text: string): string {
  return `${text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

export function renderMail(template: string, data: Record<string, unknown>, options: { baseUrl: string; subject: string }): RenderedMail {
  if (!/^[a-z0-9-]+$/.test(template)) throw new Error(`Invalid e-mail template name "${template}"`);
  const envs = environmentsFor(options.baseUrl);
  const context = { ...data, subject: options.subject };
  return {
    html: envs.html.render(`emails/${template}.html.njk`, context),
    text: tidyText(envs.text.render(`emails/${template}.text.njk`, context)),
  };
}
