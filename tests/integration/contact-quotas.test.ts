// Mail quotas (issue 9 item 3): one save of the contact persons may not make the
// portal write to hundreds of outside addresses. Over a limit the save is
// refused with a Dutch message, nothing is stored or queued, and the helpdesk
// finds the event in the log.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { loginAs, memoryLogger } from '../helpers/login.js';
import { formFields } from '../helpers/forms.js';
import { stagedFields } from '../../src/modules/contacts/staged.js';
import { createTestDatabase } from '../helpers/database.js';

const JAN = '85092305734'; // WZC Sint-Jozef
const AN = '78041215386'; // WZC Hof ter Linden and WZC De Wingerd
const PAGE = '/mijn-organisatie/contactpersonen';

const db = await createTestDatabase();
const log = memoryLogger();
const { app } = await createTestApp({ db, logger: log.logger });
// A second portal on the same database with small per-user limits, for An's two facilities.
const strict = await createTestApp({ db, env: { QUOTA_USER_NEW_ADDRESSES_PER_HOUR: '3' } });
// And one with a small limit on the e-mails of a facility, which changes (not only new addresses) count against.
const fewMails = await createTestApp({ db, env: { QUOTA_FACILITY_MAILS_PER_HOUR: '52' } });

const newContacts = (count: number, from = 0, domain = 'sint-jozef.example') =>
  Array.from({ length: count }, (_, i) => ({
    surname: `Contact${from + i}`,
    givenName: 'Nieuw',
    email: `nieuw-${from + i}@${domain}`,
    phone: '016 12 34 56',
    themes: ['prijzen'],
  }));

async function saveNew(agent: ReturnType<typeof request.agent>, rows: ReturnType<typeof newContacts>) {
  const page = await agent.get(PAGE);
  const fields = formFields(page.text, PAGE);
  return agent
    .post(PAGE)
    .type('form')
    .send({ _csrf: fields._csrf, version: fields.version, facilityId: fields.facilityId, ...stagedFields('contacts', rows), action: 'save' });
}

describe('mail quotas on the contact persons', () => {
  it('refuses 300 new contacts in one save: a Dutch error, the rows kept, nothing stored or queued, a warning in the log', async () => {
    const agent = request.agent(app);
    await loginAs(agent, db.prisma, JAN);
    const response = await saveNew(agent, newContacts(300));
    expect(response.status).toBe(429);
    expect(response.text).toContain('U voegde het afgelopen uur al 0 contactpersonen toe en wilt er nu 300 bij: dat is meer dan de 50 nieuwe e-mailadressen per uur die u mag opgeven.');
    expect(response.text).toContain('Er werd niets bewaard en er werden geen e-mails verstuurd.');
    expect(response.text).toContain('value="nieuw-299@sint-jozef.example"');
    expect(await db.prisma.contactPerson.count()).toBe(0);
    expect(await db.prisma.outboxMail.count()).toBe(0);
    const warning = log.lines().find((line) => line.msg === 'mail quota exceeded: save refused');
    expect(warning).toMatchObject({ level: 40, limit: 'user-new-addresses-per-hour', max: 50, count: 300 });
    expect(warning?.userId).toEqual(expect.any(Number));
    expect(warning?.facilityId).toEqual(expect.any(Number));
  });

  it('accepts exactly the limit (50 new contacts in an hour), and refuses the 51st afterwards', async () => {
    const agent = request.agent(app);
    await loginAs(agent, db.prisma, JAN);
    expect((await saveNew(agent, newContacts(50))).status).toBe(303);
    expect(await db.prisma.contactPerson.count()).toBe(50);
    expect(await db.prisma.outboxMail.count({ where: { causeType: 'contact-confirmation' } })).toBe(50);
    const user = await db.prisma.user.findUniqueOrThrow({ where: { insz: JAN } });
    expect(await db.prisma.outboxMail.count({ where: { causedByUserId: user.id } })).toBe(50);

    const more = await saveNew(agent, newContacts(1, 50));
    expect(more.status).toBe(429);
    expect(more.text).toContain('U voegde het afgelopen uur al 50 contactpersonen toe en wilt er nu 1 bij');
    expect(await db.prisma.contactPerson.count()).toBe(50);
    expect(await db.prisma.outboxMail.count()).toBe(50);
  });

  it('counts a user\'s new addresses over all their facilities', async () => {
    const agent = request.agent(strict.app);
    await loginAs(agent, db.prisma, AN);
    const hofTerLinden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
    const wingerd = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '19555' } });
    const choose = async (facilityId: number) => {
      const page = await agent.get('/organisatie/kiezen');
      const fields = formFields(page.text, '/organisatie/kiezen');
      await agent.post('/organisatie/kiezen').type('form').send({ _csrf: fields._csrf, facilityId: String(facilityId) });
    };
    await choose(hofTerLinden.id);
    expect((await saveNew(agent, newContacts(2, 0, 'hof.example'))).status).toBe(303);
    await choose(wingerd.id);
    const refused = await saveNew(agent, newContacts(2, 0, 'wingerd.example'));
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('U voegde het afgelopen uur al 2 contactpersonen toe en wilt er nu 2 bij: dat is meer dan de 3 nieuwe e-mailadressen per uur die u mag opgeven.');
    expect(await db.prisma.contactPerson.count({ where: { facilityId: wingerd.id } })).toBe(0);
    expect((await saveNew(agent, newContacts(1, 0, 'wingerd.example'))).status).toBe(303);
  });

  it('counts the e-mails that changes cause, per facility: changing 3 contacts after 50 new ones exceeds 52 e-mails an hour', async () => {
    const agent = request.agent(fewMails.app);
    await loginAs(agent, db.prisma, JAN);
    const page = await agent.get(PAGE);
    const fields = formFields(page.text, PAGE);
    for (const i of [0, 1, 2]) {
      fields[`contacts[${i}][phone]`] = '016 99 99 9' + i;
      fields[`contacts[${i}][changed]`] = '1';
    }
    const mailsBefore = await db.prisma.outboxMail.count();
    const refused = await agent.post(PAGE).type('form').send({ ...fields, action: 'save' });
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Uw wijzigingen zouden 3 e-mails versturen; met de 50 e-mails die het afgelopen uur al voor deze voorziening verstuurd werden is dat meer dan de 52 per uur die toegelaten zijn.');
    expect(await db.prisma.outboxMail.count()).toBe(mailsBefore);
    expect(await db.prisma.contactPerson.count({ where: { phone: { startsWith: '016 99 99 9' } } })).toBe(0);
    // Two changes stay within the limit.
    delete fields['contacts[2][changed]'];
    fields['contacts[2][phone]'] = '016 12 34 56';
    expect((await agent.post(PAGE).type('form').send({ ...fields, action: 'save' })).status).toBe(303);
  });
});
