// Demo data for development and the browser tests: enterprises, facilities
// and the personas listed in README.md. All identifiers are valid (mod 97).
import { ROLE_FINANCIAL_DATA } from '../modules/themes/catalog.js';

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
