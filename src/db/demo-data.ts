// Demo data for development and the browser tests: enterprises, facilities
// and the personas listed in README.md. All identifiers are valid (mod 97).
import { ROLE_FINANCIAL_DATA } from '../modules/themes/index.js';

export interface DemoEnterprise {
  kboNumber: string;
  name: string;
  facilities: DemoFacility[];
}

export interface DemoFacility {
  hcoNumber: string;
  name: string;
  type: string;
  street: string;
  postalCode: string;
  municipality: string;
  phone: string;
  email: string;
  website: string;
  recognizedCapacity: number | null;
}

export interface DemoPerson {
  insz: string;
  givenName: string;
  surname: string;
  email: string;
  /** What the README says this persona is for. */
  description: string;
  rights: { hcoNumber: string; roles: string[] }[];
  /** Known to the identity provider as a user of this facility, without the e-loket right. */
  withoutEloketRightAt?: string;
  staff?: { staffId: string; teams: string[] };
}

export const DEMO_ENTERPRISES: DemoEnterprise[] = [
  {
    kboNumber: '0412345614',
    name: 'vzw Zorggroep Zonnehof',
    facilities: [
      {
        hcoNumber: '4085',
        name: 'WZC Hof ter Linden',
        type: 'woonzorgcentrum',
        street: 'Lindenlaan 12',
        postalCode: '3000',
        municipality: 'Leuven',
        phone: '016 12 34 56',
        email: 'info@hofterlinden.example',
        website: 'https://www.hofterlinden.example',
        recognizedCapacity: 96,
      },
      {
        hcoNumber: '19555',
        name: 'WZC De Wingerd',
        type: 'woonzorgcentrum',
        street: 'Wingerdstraat 3',
        postalCode: '3010',
        municipality: 'Kessel-Lo',
        phone: '016 65 43 21',
        email: 'onthaal@dewingerd.example',
        website: 'https://www.dewingerd.example',
        recognizedCapacity: 64,
      },
    ],
  },
  {
    kboNumber: '0456789034',
    name: 'Zorgbedrijf Rivierenland',
    facilities: [
      {
        hcoNumber: '3634',
        name: 'WZC Sint-Jozef',
        type: 'woonzorgcentrum',
        street: 'Kloosterstraat 45',
        postalCode: '2800',
        municipality: 'Mechelen',
        phone: '015 28 90 00',
        email: 'sint-jozef@zorgbedrijf-rivierenland.example',
        website: 'https://www.zorgbedrijf-rivierenland.example/sint-jozef',
        recognizedCapacity: 120,
      },
      {
        hcoNumber: '7166',
        name: 'WZC Ter Nethe',
        type: 'woonzorgcentrum',
        street: 'Netheweg 8',
        postalCode: '2500',
        municipality: 'Lier',
        phone: '03 480 12 12',
        email: 'ternethe@zorgbedrijf-rivierenland.example',
        website: 'https://www.zorgbedrijf-rivierenland.example/ter-nethe',
        recognizedCapacity: 80,
      },
    ],
  },
  {
    // The price dossiers' demo (issue 26 item 6): an indexering approved by the
    // term, a refused one to correct, and a new facility that may file M35.
    kboNumber: '0467891277',
    name: 'vzw Woonzorg Kempen',
    facilities: [
      {
        hcoNumber: '8120',
        name: 'WZC Den Olm',
        type: 'woonzorgcentrum',
        street: 'Olmenstraat 7',
        postalCode: '2440',
        municipality: 'Geel',
        phone: '014 58 12 34',
        email: 'info@denolm.example',
        website: 'https://www.woonzorgkempen.example/den-olm',
        recognizedCapacity: 70,
      },
      {
        hcoNumber: '8137',
        name: 'WZC Klaproos',
        type: 'woonzorgcentrum',
        street: 'Klaprozenlaan 21',
        postalCode: '2400',
        municipality: 'Mol',
        phone: '014 31 22 11',
        email: 'info@klaproos.example',
        website: 'https://www.woonzorgkempen.example/klaproos',
        recognizedCapacity: 54,
      },
      {
        hcoNumber: '8144',
        name: 'WZC Zonneweide',
        type: 'woonzorgcentrum',
        street: 'Zonneweg 2',
        postalCode: '2200',
        municipality: 'Herentals',
        phone: '014 21 40 40',
        email: 'info@zonneweide.example',
        website: 'https://www.woonzorgkempen.example/zonneweide',
        recognizedCapacity: 40,
      },
    ],
  },
  {
    kboNumber: '0812345603',
    name: 'vzw Huisartsenkring Pajottenland',
    facilities: [
      {
        hcoNumber: '52011',
        name: 'Huisartsenkring Pajottenland',
        type: 'huisartsenkring',
        street: 'Markt 1',
        postalCode: '1750',
        municipality: 'Lennik',
        phone: '02 532 11 22',
        email: 'secretariaat@hak-pajottenland.example',
        website: 'https://www.hak-pajottenland.example',
        recognizedCapacity: null,
      },
    ],
  },
  {
    kboNumber: '0723456781',
    name: 'vzw Huisartsenvereniging Gent',
    facilities: [
      {
        hcoNumber: '52044',
        name: 'Huisartsenvereniging Gent',
        type: 'huisartsenkring',
        street: 'Kortrijksesteenweg 1040',
        postalCode: '9051',
        municipality: 'Gent',
        phone: '09 240 10 10',
        email: 'info@hvgent.example',
        website: 'https://www.hvgent.example',
        recognizedCapacity: null,
      },
    ],
  },
];

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    insz: '78041215386',
    givenName: 'An',
    surname: 'Peeters',
    email: 'an.peeters@zonnehof.example',
    description:
      'Directie van vzw Zorggroep Zonnehof: werkt voor WZC Hof ter Linden (met de rol "e-loket - Beheer Financiële gegevens") en WZC De Wingerd, en kiest bij het aanmelden voor welke voorziening.',
    rights: [
      { hcoNumber: '4085', roles: [ROLE_FINANCIAL_DATA] },
      { hcoNumber: '19555', roles: [] },
    ],
  },
  {
    insz: '85092305734',
    givenName: 'Jan',
    surname: 'Claes',
    email: 'jan.claes@zorgbedrijf-rivierenland.example',
    description: 'Administratief medewerker van WZC Sint-Jozef: één voorziening, komt meteen op de startpagina.',
    rights: [{ hcoNumber: '3634', roles: [] }],
  },
  {
    insz: '91030521416',
    givenName: 'Sofie',
    surname: 'Maes',
    email: 'sofie.maes@hak-pajottenland.example',
    description: 'Coördinator van Huisartsenkring Pajottenland: thema Zorgaanbod.',
    rights: [{ hcoNumber: '52011', roles: [] }],
  },
  {
    insz: '72061808952',
    givenName: 'Tom',
    surname: 'Jacobs',
    email: 'tom.jacobs@zorgbedrijf-rivierenland.example',
    description: 'Gekend bij eHealth maar zonder het recht "E-loket Departement Zorg": krijgt uitleg hoe hij toegang krijgt.',
    rights: [],
    withoutEloketRightAt: '3634',
  },
  {
    insz: '83051712873',
    givenName: 'Hilde',
    surname: 'Verbeeck',
    email: 'hilde.verbeeck@woonzorgkempen.example',
    description:
      'Financieel verantwoordelijke van vzw Woonzorg Kempen, met de rol "e-loket - Beheer Financiële gegevens" voor WZC Den Olm (indexering stilzwijgend goedgekeurd), WZC Klaproos (indexering geweigerd, te corrigeren) en WZC Zonneweide (nieuw erkenningsnummer: prijsmededeling nieuwe voorziening).',
    rights: [
      { hcoNumber: '8120', roles: [ROLE_FINANCIAL_DATA] },
      { hcoNumber: '8137', roles: [ROLE_FINANCIAL_DATA] },
      { hcoNumber: '8144', roles: [ROLE_FINANCIAL_DATA] },
    ],
  },
  {
    insz: '80012724649',
    givenName: 'Els',
    surname: 'Willems',
    email: 'els.willems@departementzorg.example',
    description: 'Dossierbehandelaar bij Team Prijzen van het Departement Zorg.',
    rights: [],
    staff: { staffId: 'DZ10231', teams: ['team-prijzen'] },
  },
  {
    insz: '88071413185',
    givenName: 'Pieter',
    surname: 'Mertens',
    email: 'pieter.mertens@departementzorg.example',
    description: 'Medewerker van Team Eerstelijn (huisartsenkringen, thema Zorgaanbod).',
    rights: [],
    staff: { staffId: 'DZ10377', teams: ['team-eerstelijn'] },
  },
  {
    insz: '93110230219',
    givenName: 'Lotte',
    surname: 'Janssens',
    email: 'lotte.janssens@departementzorg.example',
    description: 'Medewerker van de technische helpdesk.',
    rights: [],
    staff: { staffId: 'DZ10412', teams: ['helpdesk'] },
  },
];

// ---------------------------------------------------------------------------
// Demo messages (Berichtenmodule): a few hundred messages in threads of one to
// six, across the demo facilities and their themes. Generated from a fixed
// seed, so every development database holds the same conversations (dated
// relative to the day the database was seeded).
// ---------------------------------------------------------------------------

/** Titles of threads per theme, as facilities and the department would write them. */
export const DEMO_THREAD_TITLES: Record<string, string[]> = {
  brandveiligheid: ['Brandveiligheidsattest vernieuwen', 'Verslag brandweerinspectie', 'Evacuatieoefening nachtdienst', 'Vraag over branddeuren in de nieuwbouw', 'Opvolging opmerkingen brandpreventie'],
  prijzen: ['Meting dagprijzen mei', 'Vraag over de korting infrastructuurforfait', 'Prijsverhoging aanvragen', 'Dagprijs tweepersoonskamer', 'Bijkomende kosten voor bewoners'],
  kwaliteit: ['Inspectieverslag en actieplan', 'Kwaliteitsindicatoren vorig jaar', 'Vraag over valpreventie', 'Opvolging klacht familie', 'Zelfevaluatie kwaliteitshandboek'],
  subsidies: ['Uitbetaling werkingssubsidie', 'Aanvraag infrastructuursubsidie', 'Bewijsstukken subsidie personeel', 'Vraag over voorschot', 'Wijziging rekeningnummer'],
  zorgaanbod: ['Zorgaanbod huisartsen doorgeven', 'Vraag over het Excel-sjabloon', 'Nieuwe huisartsen in de kring', 'Correctie praktijkvorm', 'Wachtdienstregeling'],
};

export const DEMO_OUTGOING_BODIES = [
  'Goedemiddag,\n\nIn bijlage vindt u de gevraagde gegevens. Laat gerust weten als er nog iets ontbreekt.\n\nMet vriendelijke groeten',
  'Beste,\n\nKunt u ons laten weten tegen wanneer we een antwoord mogen verwachten?\n\nAlvast bedankt',
  'Geachte,\n\nWij hebben een vraag over de termijn die in uw vorige bericht vermeld stond. Geldt die ook voor voorzieningen met een erkenning in aanvraag?\n\nMet vriendelijke groeten',
  'Beste,\n\nDe aangepaste versie is klaar; de opmerkingen uit uw vorig bericht zijn verwerkt.\n\nVriendelijke groeten',
];

export const DEMO_INCOMING_BODIES = [
  'Geachte,\n\nBedankt voor uw bericht. Wij hebben de gegevens goed ontvangen en bekijken ze binnen de tien werkdagen.\n\nMet vriendelijke groeten,\nDepartement Zorg',
  'Geachte,\n\nOm uw dossier verder te behandelen hebben wij nog een bijkomend document nodig. U kunt het als bijlage bij uw antwoord op dit bericht bezorgen.\n\nMet vriendelijke groeten,\nDepartement Zorg',
  'Geachte,\n\nUw vraag is beantwoord in de handleiding op onze website; in het kort: de termijn geldt voor alle erkende voorzieningen.\n\nMet vriendelijke groeten,\nDepartement Zorg',
  'Geachte,\n\nWij bevestigen dat uw dossier volledig is. U hoeft verder niets te doen.\n\nMet vriendelijke groeten,\nDepartement Zorg',
];

/** Writers for demo messages where no demo persona fits (a facility without demo users, a team without demo staff). */
export const DEMO_FACILITY_WRITERS: Record<string, string> = { '7166': 'Griet Van Damme', '52044': 'Koen Verhoeven' };
export const DEMO_DEPARTMENT_WRITERS: Record<string, string> = {
  'team-brandveiligheid': 'Karel De Smet',
  'team-kwaliteit': 'Ines Wouters',
  'team-subsidies': 'Bram Desmet',
};

export interface DemoThreadPlan {
  hcoNumber: string;
  themeSlug: string;
  title: string;
  /** The facility started the thread, or the department did. */
  startedByFacility: boolean;
  /** Days before the seeding day of each message, oldest first. */
  daysAgo: number[];
  /** The department has not read the facility's last message yet. */
  unreadByDepartment: boolean;
}

/** A small deterministic generator (mulberry32), so the demo is the same on every machine. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The facilities of the price dossiers' demo hold no threads: their demo is the
 * theme Prijzen, and the department's inbox stays as it was without them.
 */
export const DEMO_WITHOUT_THREADS: ReadonlySet<string> = new Set(['8120', '8137', '8144']);

/** The demo threads: four per theme for each woonzorgcentrum, eight per huisartsenkring. */
export function demoThreadPlans(themesByType: Record<string, string[]>): DemoThreadPlan[] {
  const next = random(20261123);
  const plans: DemoThreadPlan[] = [];
  for (const enterprise of DEMO_ENTERPRISES) {
    for (const facility of enterprise.facilities) {
      if (DEMO_WITHOUT_THREADS.has(facility.hcoNumber)) continue;
      const themes = themesByType[facility.type] ?? [];
      const perTheme = themes.length === 1 ? 8 : 4;
      for (const themeSlug of themes) {
        const titles = DEMO_THREAD_TITLES[themeSlug] ?? ['Vraag'];
        for (let i = 0; i < perTheme; i++) {
          const count = 1 + Math.floor(next() * 6);
          let day = 5 + Math.floor(next() * 540);
          const daysAgo: number[] = [];
          for (let m = 0; m < count; m++) {
            daysAgo.push(day);
            day = Math.max(0, day - 1 - Math.floor(next() * 20));
          }
          const startedByFacility = next() < 0.6;
          plans.push({
            hcoNumber: facility.hcoNumber,
            themeSlug,
            title: `${titles[i % titles.length] ?? 'Vraag'}${i >= titles.length ? ` (${Math.floor(i / titles.length) + 1})` : ''}`,
            startedByFacility,
            daysAgo,
            unreadByDepartment: next() < 0.4,
          });
        }
      }
    }
  }
  return plans;
}

/** Small real files attached to some demo messages: a one-page PDF and a text file. */
export function demoAttachments(title: string): { name: string; mediaType: string; content: Buffer }[] {
  const text = `${title}\n\nOverzicht zoals gevraagd door het Departement Zorg.\n`;
  const stream = `BT /F1 14 Tf 72 760 Td (${title.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return [
    { name: `${title}.pdf`, mediaType: 'application/pdf', content: Buffer.from(pdf, 'latin1') },
    { name: 'toelichting.txt', mediaType: 'text/plain', content: Buffer.from(text, 'utf8') },
  ];
}

export interface DemoLine {
  luik: 1 | 2;
  kamertype: string;
  beschrijving: string;
  capaciteit: number;
  priceCents: number;
}

/** Last year's submitted Meting dagprijzen per facility (HCO): most demo woonzorgcentra, not WZC De Wingerd. */
export const DEMO_SUBMITTED_LAST_YEAR: { hcoNumber: string; submittedBy?: string; lines: DemoLine[] }[] = [
  {
    hcoNumber: '4085',
    submittedBy: '78041215386',
    lines: [
      { luik: 1, kamertype: 'WZC éénpersoonskamer', beschrijving: 'Standaardkamer', capaciteit: 60, priceCents: 6250 },
      { luik: 1, kamertype: 'WZC tweepersoonskamer', beschrijving: '', capaciteit: 12, priceCents: 5500 },
      { luik: 2, kamertype: 'WZC éénpersoonskamer', beschrijving: 'Nieuwbouw', capaciteit: 24, priceCents: 6629 },
    ],
  },
  {
    hcoNumber: '3634',
    lines: [
      { luik: 1, kamertype: 'WZC éénpersoonskamer', beschrijving: 'Standaardkamer', capaciteit: 100, priceCents: 6400 },
      { luik: 1, kamertype: 'WZC tweepersoonskamer', beschrijving: '', capaciteit: 20, priceCents: 5750 },
    ],
  },
  {
    hcoNumber: '7166',
    lines: [{ luik: 1, kamertype: 'WZC éénpersoonskamer', beschrijving: '', capaciteit: 80, priceCents: 6120 }],
  },
];

/** The GPs of the demo list Zorgaanbod of Huisartsenvereniging Gent (valid RIZIV-nummers, both check variants). */
export const DEMO_ZORGAANBOD_ROWS = [
  { riziv: '12345625004', naam: 'De Smet', voornaam: 'Karel', postcode: '9000', gemeente: 'Gent', praktijkvorm: 'groep', halveDagen: 8, nieuwePatienten: true },
  { riziv: '15432106003', naam: 'Vermeulen', voornaam: 'Ines', postcode: '9050', gemeente: 'Gentbrugge', praktijkvorm: 'solo', halveDagen: 10, nieuwePatienten: false },
  { riziv: '18765441004', naam: 'Goossens', voornaam: 'Wout', postcode: '9051', gemeente: 'Sint-Denijs-Westrem', praktijkvorm: 'wijkgezondheidscentrum', halveDagen: 6, nieuwePatienten: true },
  { riziv: '12345676004', naam: 'Aerts', voornaam: 'Lien', postcode: '9000', gemeente: 'Gent', praktijkvorm: 'groep', halveDagen: 9, nieuwePatienten: true },
];

/** How many months of demonstration figures of the consumer price index the demo holds. */
export const DEMO_INDEX_MONTHS = 40;

/**
 * A plausible consumer price index (base 2013 = 100) for a month given as
 * year * 12 + month - 1: about 132,45 in October 2026, rising some 0,2 % a
 * month with a little wobble. Tied to the month, not to the day the demo is
 * seeded, so that a month keeps its figure when the demo is seeded again later.
 */
export function demoIndexHundredths(monthNumber: number): number {
  const fromOctober2026 = monthNumber - (2026 * 12 + 9);
  const wobble = [0, 4, -3, 2, -2, 3][((monthNumber % 6) + 6) % 6] ?? 0;
  return Math.round(13245 * 1.002 ** fromOctober2026) + wobble;
}
export interface DemoPriceEntry {
  kind: 'kamertype' | 'supplement';
  name: string;
  description: string;
  unit: 'dag' | 'uur' | 'maand' | 'prestatie';
  capacity: number | null;
  priceCents: number;
}

/**
 * The price register (M33) of WZC De Wingerd, which submitted no Meting last
 * year: three ingangsdata, `yearsAgo` years back (on 1 January, then 1 March),
 * so "Mijn prijzen" shows current prices and "Vorige prijzen". WZC Hof ter
 * Linden has no register: its page starts from last year's Meting.
 */
export const DEMO_PRICE_REGISTERS: { hcoNumber: string; changes: { yearsAgo: number; month: number; entries: DemoPriceEntry[] }[] }[] = [
  {
    hcoNumber: '19555',
    changes: [
      {
        yearsAgo: 3,
        month: 1,
        entries: [
          { kind: 'kamertype', name: 'WZC éénpersoonskamer', description: 'Standaardkamer', unit: 'dag', capacity: 48, priceCents: 5800 },
          { kind: 'kamertype', name: 'WZC tweepersoonskamer', description: '', unit: 'dag', capacity: 16, priceCents: 5000 },
          { kind: 'supplement', name: 'Was en strijk van persoonlijke kledij', description: 'Wassen, drogen en strijken, ophalen en terugbrengen op de kamer', unit: 'maand', capacity: null, priceCents: 3500 },
          { kind: 'supplement', name: 'Kapper', description: 'Knippen en brushen in het kapsalon van het woonzorgcentrum', unit: 'prestatie', capacity: null, priceCents: 1800 },
        ],
      },
      {
        yearsAgo: 2,
        month: 3,
        entries: [
          { kind: 'kamertype', name: 'WZC éénpersoonskamer', description: 'Standaardkamer', unit: 'dag', capacity: 48, priceCents: 5974 },
          { kind: 'kamertype', name: 'WZC tweepersoonskamer', description: '', unit: 'dag', capacity: 16, priceCents: 5150 },
          { kind: 'supplement', name: 'Kapper', description: 'Knippen en brushen in het kapsalon van het woonzorgcentrum', unit: 'prestatie', capacity: null, priceCents: 1900 },
        ],
      },
      {
        yearsAgo: 1,
        month: 3,
        entries: [
          { kind: 'kamertype', name: 'WZC éénpersoonskamer', description: 'Standaardkamer', unit: 'dag', capacity: 48, priceCents: 6120 },
          { kind: 'kamertype', name: 'WZC tweepersoonskamer', description: '', unit: 'dag', capacity: 16, priceCents: 5280 },
          { kind: 'supplement', name: 'Was en strijk van persoonlijke kledij', description: 'Wassen, drogen en strijken, ophalen en terugbrengen op de kamer', unit: 'maand', capacity: null, priceCents: 3750 },
          { kind: 'supplement', name: 'Televisie op de kamer', description: 'Aansluiting en toestel', unit: 'maand', capacity: null, priceCents: 1200 },
        ],
      },
    ],
  },
  {
    // WZC Den Olm: its indexering (below) was approved by the term; its new prices apply since.
    hcoNumber: '8120',
    changes: [
      {
        yearsAgo: 2,
        month: 1,
        entries: [
          { kind: 'kamertype', name: 'WZC éénpersoonskamer', description: 'Standaardkamer', unit: 'dag', capacity: 58, priceCents: 6050 },
          { kind: 'kamertype', name: 'WZC tweepersoonskamer', description: '', unit: 'dag', capacity: 12, priceCents: 5320 },
          { kind: 'supplement', name: 'Kapper', description: 'Knippen en brushen', unit: 'prestatie', capacity: null, priceCents: 2000 },
        ],
      },
    ],
  },
  {
    // WZC Klaproos: its last price change went in on 1 March last year; its indexering (below) chose an earlier start month.
    hcoNumber: '8137',
    changes: [
      {
        yearsAgo: 1,
        month: 3,
        entries: [
          { kind: 'kamertype', name: 'WZC éénpersoonskamer', description: '', unit: 'dag', capacity: 54, priceCents: 6240 },
          { kind: 'supplement', name: 'Was en strijk van persoonlijke kledij', description: 'Wassen, drogen en strijken', unit: 'maand', capacity: null, priceCents: 3900 },
        ],
      },
    ],
  },
];

/**
 * Demo indexeringen (M34, issue 26 item 6), made through the dossier
 * lifecycle (history, audit trail, decision letters) `daysAgo` days before the
 * seeding day; the start month is that of the current price in the register,
 * `startMonthsEarlier` months before it for the refused one. On a refusal or
 * approval the register changes only through the lifecycle (onAccepted).
 * - WZC Ter Nethe: submitted 4 days ago, waiting for Team Prijzen (26 days left).
 * - WZC Den Olm: submitted 75 days ago, approved by the term 44 days ago; its
 *   new prices apply from 30 days after the approval, so they are current.
 * - WZC Klaproos: refused by Els Willems; Hilde Verbeeck can correct it.
 * The test suite's template holds the waiting one too: tests that run the term
 * job at fixed later dates take it out first (tests/helpers/terms.ts).
 */
export interface DemoIndexering {
  hcoNumber: string;
  daysAgo: number;
  startMonthsEarlier?: number;
  /** Who submitted: a demo user (INSZ), or a name only. */
  submittedBy: { insz: string } | { name: string };
  outcome?: { kind: 'term' } | { kind: 'refused'; motivation: string; daysAfter: number; by: string };
}

export const DEMO_INDEXERINGEN: DemoIndexering[] = [
  { hcoNumber: '7166', daysAgo: 4, submittedBy: { name: 'Griet Van Damme' } },
  { hcoNumber: '8120', daysAgo: 75, submittedBy: { insz: '83051712873' }, outcome: { kind: 'term' } },
  {
    hcoNumber: '8137',
    daysAgo: 20,
    startMonthsEarlier: 3,
    submittedBy: { insz: '83051712873' },
    outcome: {
      kind: 'refused',
      daysAfter: 3,
      by: '80012724649',
      motivation: 'De gekozen beginmaand ligt vóór uw laatste prijsverhoging van 1 maart: kies als beginmaand februari of later en dien opnieuw in.',
    },
  },
];

/** WZC Zonneweide has a new erkenningsnummer, granted `daysAgo` days before seeding, and no infrastructuurforfait: it may file M35. */
export const DEMO_NEW_RECOGNITIONS: { hcoNumber: string; number: string; daysAgo: number }[] = [{ hcoNumber: '8144', number: 'PE 4417', daysAgo: 40 }];
