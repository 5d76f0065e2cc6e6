// The themes of the e-loket, the facility types that have them and the
// department teams responsible for them: defined here once, written to the
// database by the seed, and read from there by every page.

export interface TeamDefinition {
  code: string;
  name: string;
  email: string;
}

export interface GuidanceDocument {
  title: string;
  url: string;
}

export interface ThemeDefinition {
  slug: string;
  name: string;
  /** The information shown on the theme page (paragraphs). */
  description: string[];
  /** Codes of the teams that receive the theme's messages. */
  teams: string[];
  /** Guidance for the theme, shown on its page and under "Hulp nodig?". */
  documents: GuidanceDocument[];
}

const MANUAL_MESSAGES_AND_CONTACTS: GuidanceDocument = {
  title: 'Handleiding Berichten- en Contactenmodule e-loket',
  url: 'https://www.zorg-en-gezondheid.be/handleiding-berichten-en-contactenmodule-e-loket',
};

export interface FacilityTypeDefinition {
  code: string;
  name: string;
  /** The eHealth hoedanigheid under which the type's users log in (seed 003). */
  hoedanigheid: string;
  /** Slugs of the themes, in the order of the tiles on the startpagina. */
  themes: string[];
}

/** The technical helpdesk's team: it answers helpdesk tickets and reads the audit trail and the mail outbox. */
export const HELPDESK_TEAM = 'helpdesk';

export const TEAMS: readonly TeamDefinition[] = [
  { code: 'team-prijzen', name: 'Team Prijzen', email: 'prijzen@departementzorg.example' },
  { code: 'team-eerstelijn', name: 'Team Eerstelijn', email: 'eerstelijn@departementzorg.example' },
  { code: 'team-brandveiligheid', name: 'Team Brandveiligheid', email: 'brandveiligheid@departementzorg.example' },
  { code: 'team-kwaliteit', name: 'Team Kwaliteit', email: 'kwaliteit@departementzorg.example' },
  { code: 'team-subsidies', name: 'Team Subsidies', email: 'subsidies@departementzorg.example' },
  { code: HELPDESK_TEAM, name: 'Technische helpdesk', email: 'helpdesk@departementzorg.example' },
];

export const THEMES: readonly ThemeDefinition[] = [
  {
    slug: 'brandveiligheid',
    name: 'Brandveiligheid',
    description: [
      'Onder dit thema wisselt uw voorziening berichten uit met het Departement Zorg over brandveiligheid: attesten, brandveiligheidsverslagen en de opvolging ervan.',
      'Uw contactpersonen voor dit thema krijgen een e-mail zodra het departement een bericht over brandveiligheid voor uw voorziening publiceert.',
    ],
    teams: ['team-brandveiligheid'],
    documents: [MANUAL_MESSAGES_AND_CONTACTS],
  },
  {
    slug: 'prijzen',
    name: 'Prijzen',
    description: [
      'Onder dit thema vindt u alles over de prijzen van uw woonzorgcentrum, zoals de jaarlijkse meting van de dagprijzen op 1 mei.',
      'Inhoudelijke vragen over de dagprijzen stelt u aan Team Prijzen via de berichtenmodule van het e-loket.',
    ],
    teams: ['team-prijzen'],
    documents: [
      MANUAL_MESSAGES_AND_CONTACTS,
      { title: 'Richtlijnen en aandachtspunten bij de meting dagprijzen in woonzorgcentra', url: '/dossiers/richtlijnen' },
      { title: 'Het e-loket voor zorgvoorzieningen', url: 'https://www.zorg-en-gezondheid.be/e-loket-voor-zorgvoorzieningen' },
    ],
  },
  {
    slug: 'kwaliteit',
    name: 'Kwaliteit',
    description: [
      'Onder dit thema wisselt uw voorziening berichten uit met het Departement Zorg over de kwaliteit van zorg, zoals inspectieverslagen en kwaliteitsindicatoren.',
    ],
    teams: ['team-kwaliteit'],
    documents: [MANUAL_MESSAGES_AND_CONTACTS],
  },
  {
    slug: 'subsidies',
    name: 'Subsidies',
    description: ['Onder dit thema wisselt uw voorziening berichten uit met het Departement Zorg over subsidies en hun uitbetaling.'],
    teams: ['team-subsidies'],
    documents: [MANUAL_MESSAGES_AND_CONTACTS],
  },
  {
    slug: 'zorgaanbod',
    name: 'Zorgaanbod',
    description: [
      'Met het project toegankelijkheid huisartsgeneeskunde brengt het Departement Zorg het zorgaanbod van de huisartsen per huisartsenkring in kaart.',
      'Uw huisartsenkring geeft hier haar zorgaanbod door; vragen stelt u aan Team Eerstelijn via de berichtenmodule.',
    ],
    teams: ['team-eerstelijn'],
    documents: [
      MANUAL_MESSAGES_AND_CONTACTS,
      {
        title: 'Project toegankelijkheid huisartsgeneeskunde',
        url: 'https://zorg-en-gezondheid.be/per-domein/eerste-lijn/project-toegankelijkheid-huisartsengeneeskunde',
      },
    ],
  },
];

export function themeDefinition(slug: string): ThemeDefinition | undefined {
  return THEMES.find((t) => t.slug === slug);
}

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
