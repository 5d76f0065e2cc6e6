// The themes of the e-loket, the facility types that have them and the
// department teams responsible for them: defined here once, written to the
// database by the seed, and read from there by every page.

export interface TeamDefinition {
  code: string;
  name: string;
  email: string;
}

export interface ThemeDefinition {
  slug: string;
  name: string;
  /** Codes of the teams that receive the theme's messages. */
  teams: string[];
}

export interface FacilityTypeDefinition {
  code: string;
  name: string;
  /** The eHealth hoedanigheid under which the type's users log in (seed 003). */
  hoedanigheid: string;
  /** Slugs of the themes, in the order of the tiles on the startpagina. */
  themes: string[];
}

export const TEAMS: readonly TeamDefinition[] = [
  { code: 'team-prijzen', name: 'Team Prijzen', email: 'prijzen@departementzorg.example' },
  { code: 'team-eerstelijn', name: 'Team Eerstelijn', email: 'eerstelijn@departementzorg.example' },
  { code: 'team-brandveiligheid', name: 'Team Brandveiligheid', email: 'brandveiligheid@departementzorg.example' },
  { code: 'team-kwaliteit', name: 'Team Kwaliteit', email: 'kwaliteit@departementzorg.example' },
  { code: 'team-subsidies', name: 'Team Subsidies', email: 'subsidies@departementzorg.example' },
  { code: 'helpdesk', name: 'Technische helpdesk', email: 'helpdesk@departementzorg.example' },
];

export const THEMES: readonly ThemeDefinition[] = [
  { slug: 'brandveiligheid', name: 'Brandveiligheid', teams: ['team-brandveiligheid'] },
  { slug: 'prijzen', name: 'Prijzen', teams: ['team-prijzen'] },
  { slug: 'kwaliteit', name: 'Kwaliteit', teams: ['team-kwaliteit'] },
  { slug: 'subsidies', name: 'Subsidies', teams: ['team-subsidies'] },
  { slug: 'zorgaanbod', name: 'Zorgaanbod', teams: ['team-eerstelijn'] },
];

export const FACILITY_TYPES: readonly FacilityTypeDefinition[] = [
  {
    code: 'woonzorgcentrum',
    name: 'Woonzorgcentrum',
    hoedanigheid: 'Residentiële zorginstelling',
    themes: ['brandveiligheid', 'prijzen', 'kwaliteit', 'subsidies'],
  },
  {
    code: 'huisartsenkring',
    name: 'Huisartsenkring',
    hoedanigheid: 'Huisartsenkring',
    themes: ['zorgaanbod'],
  },
];

/** The eHealth right that gives access to the portal (seed 003). */
export const ELOKET_RIGHT = 'E-loket Departement Zorg';
/** Optional role for financial data, e.g. the yearly day-price measurement. */
export const ROLE_FINANCIAL_DATA = 'e-loket - Beheer Financiële gegevens';
