// enqueueMail: the e-mail is part of the transaction of the change that causes it.
import { beforeEach, describe, expect, it } from 'vitest';
import { enqueueMail } from '../../src/mail/outbox.js';
import { createTestDatabase } from '../helpers/database.js';
import { testConfig } from '../helpers/app.js';

const db = await createTestDatabase();
const config = testConfig({ BASE_URL: 'https://eloket.example.be' });

const notification = {
  to: 'an.peeters@zonnehof.example',
  subject: 'Uw contactgegevens werden gewijzigd',
  template: 'notification',
  data: {
    title: 'Contactgegevens gewijzigd',
    greeting: 'Beste An Peeters,',
    paragraphs: ['Het telefoonnummer van WZC Hof ter Linden & co werd gewijzigd.'],
    action: { text: 'Bekijk de gegevens', path: '/mijn-organisatie' },
  },
};

describe('enqueueMail', () => {
  beforeEach(async () => {
    await db.prisma.outboxMail.deleteMany();
  });

  it('stores the rendered e-mail, queued, with a stable Message-ID, the facility and its cause', async () => {
    const facility = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
    await db.prisma.$transaction(async (tx) => {
      await tx.facility.update({ where: { id: facility.id }, data: { phone: '016 99 99 99' } });
      await enqueueMail(tx, { ...notification, facilityId: facility.id, cause: { type: 'facility', id: facility.id } }, config);
    });
    const [mail] = await db.prisma.outboxMail.findMany();
    expect(mail).toMatchObject({
      recipients: ['an.peeters@zonnehof.example'],
      subject: 'Uw contactgegevens werden gewijzigd',
      template: 'notification',
      status: 'queued',
      attempts: 0,
      facilityId: facility.id,
      causeType: 'facility',
      causeId: String(facility.id),
      sentAt: null,
    });
    expect(mail?.messageId).toMatch(/^<[0-9a-f-]{36}@eloket\.example\.be>$/);
    // Absolute links from BASE_URL, the layout's footer, escaped data in HTML, plain data in text.
    expect(mail?.html).toContain('href="https://eloket.example.be/mijn-organisatie"');
    expect(mail?.html).toContain('href="https://eloket.example.be/hulp"');
    expect(mail?.html).toContain('WZC Hof ter Linden &amp; co');
    expect(mail?.html).toContain('<html lang="nl-BE">');
    expect(mail?.html).not.toMatch(/<link|<script|<style|src="http/);
    expect(mail?.text).toContain('WZC Hof ter Linden & co');
    expect(mail?.text).toContain('Bekijk de gegevens: https://eloket.example.be/mijn-organisatie');
    expect(mail?.text).toContain('U kunt niet op deze e-mail antwoorden.');
    expect(mail?.text).not.toMatch(/\n\n\n/);
  });

  it('leaves no e-mail when the change that causes it is rolled back', async () => {
    const before = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '19555' } });
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.facility.update({ where: { id: before.id }, data: { phone: '016 00 00 00' } });
        await enqueueMail(tx, notification, config);
        throw new Error('validation failed after the e-mail was queued');
      }),
    ).rejects.toThrow('validation failed');
    expect(await db.prisma.outboxMail.count()).toBe(0);
    const after = await db.prisma.facility.findUniqueOrThrow({ where: { id: before.id } });
    expect(after.phone).toBe(before.phone);
  });

  it('refuses an invalid recipient and an unknown template, queuing nothing', async () => {
    await expect(db.prisma.$transaction((tx) => enqueueMail(tx, { ...notification, to: 'geen-adres' }, config))).rejects.toThrow();
    await expect(db.prisma.$transaction((tx) => enqueueMail(tx, { ...notification, template: 'bestaat-niet' }, config))).rejects.toThrow();
    expect(await db.prisma.outboxMail.count()).toBe(0);
  });

  it('sends one e-mail to several recipients', async () => {
    await db.prisma.$transaction((tx) => enqueueMail(tx, { ...notification, to: ['a@zorg.example', 'b@zorg.example'] }, config));
    expect((await db.prisma.outboxMail.findFirstOrThrow()).recipients).toEqual(['a@zorg.example', 'b@zorg.example']);
  });
});
