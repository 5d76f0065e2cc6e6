// A file's extension follows its content: a PDF or PNG sent under a name that
// a computer would run or render as something else (factuur.pdf.hta,
// setup.exe, brief.html, foto.svg) is stored, listed and downloaded with the
// sniffed type's extension appended, so the staff member's computer opens it
// as what it is. Files stored before this rule get it on download.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, logins } from '../helpers/login.js';
import { createContact, createThread, daysBefore } from '../helpers/messages.js';
import { jpeg, pdf, png } from '../helpers/sample-files.js';

const { app, db } = await createTestApp();
const JAN = '85092305734'; // WZC Sint-Jozef
const ELS = '80012724649'; // Team Prijzen
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
let thread: { threadId: number; messageIds: number[] };

beforeAll(async () => {
  await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['prijzen'], email: 'prijzen@sint-jozef.example' });
  thread = await createThread(db.prisma, { facilityId: sintJozef.id, themeSlug: 'prijzen', title: 'Facturen', messages: [{ direction: 'incoming', sentAt: daysBefore(1) }] });
});

/** The file name a browser saves a download under (the plain `filename` of an ASCII name, quoted or not). */
const savedName = (header: string | undefined) => /^attachment; filename="?([^";]*)"?$/.exec(header ?? '')?.[1];

const login = logins(app, db.prisma);

const sent: [string, Buffer, string, string][] = [
  ['factuur.pdf.hta', pdf(), 'application/pdf', 'factuur.pdf.hta.pdf'],
  ['setup.exe', pdf(), 'application/pdf', 'setup.exe.pdf'],
  ['brief.html', pdf(), 'application/pdf', 'brief.html.pdf'],
  ['foto.svg', png(), 'image/png', 'foto.svg.png'],
  // Already right: kept as they are, whatever the case or the spelling of the type's extension.
  ['Scan.JPEG', jpeg(), 'image/jpeg', 'Scan.JPEG'],
  ['verslag.PDF', pdf(), 'application/pdf', 'verslag.PDF'],
];

describe('the extension of an attachment', () => {
  it('stores, lists and downloads each file under a name ending in the extension of its content', async () => {
    const jan = await login.as(JAN);
    const [messageId] = thread.messageIds;
    const form = await jan.get(`/berichten/${messageId}/beantwoorden`);
    let post = jan.post(`/berichten/${messageId}/beantwoorden`).field('_csrf', hiddenField(form.text, '_csrf') ?? '').field('body', 'De facturen.');
    for (const [name, content] of sent) post = post.attach('bijlagen', content, { filename: name, contentType: 'application/octet-stream' });
    expect((await post).status).toBe(303);

    const reply = await db.prisma.message.findFirstOrThrow({ where: { body: 'De facturen.' }, include: { attachments: { include: { storedFile: true }, orderBy: { position: 'asc' } } } });
    expect(reply.attachments.map((a) => [a.storedFile.name, a.storedFile.mediaType])).toEqual(sent.map(([, , type, stored]) => [stored, type]));

    const els = await login.as(ELS);
    const page = await els.get(`/beheer/berichten/${thread.threadId}`);
    expect(page.status).toBe(200);
    for (const [original, , mediaType, stored] of sent) {
      const file = reply.attachments.find((a) => a.storedFile.name === stored)?.storedFile;
      const href = `/beheer/berichten/${thread.threadId}/bijlagen/${file?.id}`;
      expect(page.text, original).toMatch(new RegExp(`href="${href}"[^>]*>\\s*${stored.replace(/\./g, '\\.')}\\s*<`));
      const download = await els.get(href).buffer(true);
      expect(download.status).toBe(200);
      expect(savedName(download.headers['content-disposition']), original).toBe(stored);
      expect(download.headers['content-type']).toBe(mediaType);
    }
  });

  it('downloads a file stored before the rule (named oud.pdf.hta) as oud.pdf.hta.pdf', async () => {
    const jan = await login.as(JAN);
    const [messageId] = thread.messageIds;
    const user = await db.prisma.user.findUniqueOrThrow({ where: { insz: JAN } });
    const file = await db.prisma.storedFile.create({
      data: {
        facilityId: sintJozef.id,
        uploadedById: user.id,
        name: 'oud.pdf.hta',
        mediaType: 'application/pdf',
        size: pdf().length,
        sha256: '0'.repeat(64),
        content: new Uint8Array(pdf()),
        claimedAt: new Date(),
        expiresAt: new Date(),
        messageAttachments: { create: { messageId: messageId ?? 0, position: 0 } },
      },
    });
    const download = await jan.get(`/berichten/${messageId}/bijlagen/${file.id}`).buffer(true);
    expect(download.status).toBe(200);
    expect(savedName(download.headers['content-disposition'])).toBe('oud.pdf.hta.pdf');
  });
});
