// The upload pipeline (src/uploads/) through a test route that uses it as a
// feature would: CSRF on multipart forms, every limit and type, Dutch errors
// next to the field and in the summary, files kept across an error, claims
// limited to one's own staged files, the purge, and downloads.
import { Router } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { hiddenField, loginAs, logins } from '../helpers/login.js';
import { elf, jpeg, ooxml, openDocument, pdf, png, windowsExecutable, zip } from '../helpers/sample-files.js';
import { uploadTestRoutes } from '../helpers/upload-route.js';
import { StagedFilesUnavailable, claimUploads, createUploads, purgeExpiredUploads } from '../../src/uploads/index.js';
import { errorSummary, fieldError, text } from '../helpers/html.js';

const JAN = '85092305734'; // WZC Sint-Jozef
const SOFIE = '91030521416'; // Huisartsenkring Pajottenland
const MB = 1024 * 1024;
const TYPES_TEXT = 'Toegelaten zijn pdf, docx, xlsx, odt, ods, png, jpg, txt en csv.';

const db = await createTestDatabase();

const { app } = await createTestApp({ db, extraRoutes: [uploadTestRoutes(db.prisma)] });
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const pajottenland = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '52011' } });

type Agent = ReturnType<typeof request.agent>;
interface Upload {
  name: string;
  content: Buffer;
  /** What the browser declares; never trusted. */
  contentType?: string;
}

const login = logins(app, db.prisma);
async function agentFor(insz: string): Promise<{ agent: Agent; token: string; userId: number }> {
  const agent = await login.as(insz);
  const page = await agent.get('/test/upload');
  expect(page.status).toBe(200);
  const token = hiddenField(page.text, '_csrf');
  if (!token) throw new Error('no CSRF token on the form');
  const user = await db.prisma.user.findUniqueOrThrow({ where: { insz } });
  return { agent, token, userId: user.id };
}

const jan = await agentFor(JAN);
const sofie = await agentFor(SOFIE);

/** Posts the form as a browser does: _csrf first, then the typed fields, the kept files and the chosen files. */
function submit(
  who: { agent: Agent; token: string },
  options: { titel?: string; files?: Upload[]; kept?: number[]; token?: string | null; field?: string; extra?: Record<string, string> } = {},
) {
  let req = who.agent.post('/test/upload');
  const token = options.token === undefined ? who.token : options.token;
  if (token !== null) req = req.field('_csrf', token);
  for (const id of options.kept ?? []) req = req.field('bijlagenKept', String(id));
  for (const file of options.files ?? []) {
    req = req.attach(options.field ?? 'bijlagen', file.content, { filename: file.name, contentType: file.contentType ?? 'application/octet-stream' });
  }
  // After the files, so that a form whose files are refused still shows what was typed.
  for (const [name, value] of Object.entries(options.extra ?? {})) req = req.field(name, value);
  if (options.titel !== undefined) req = req.field('titel', options.titel);
  return req;
}

const storedCount = () => db.prisma.storedFile.count();
const keptIds = (html: string) => [...html.matchAll(/name="bijlagenKept" type="checkbox" value="(\d+)"/g)].map((m) => Number(m[1]));
/** The error next to the file field, and the same text in the summary linked to it. */
function expectFileError(html: string, message: string) {
  expect(fieldError(html, 'bijlagen')).toContain(message);
  expect(errorSummary(html).filter((link) => link.startsWith('#bijlagen ') && link.includes(message))).toHaveLength(1);
}

describe('CSRF on multipart forms', () => {
  it('refuses a multipart form without a token, and stores nothing', async () => {
    const before = await storedCount();
    const response = await submit(jan, { titel: 'Zonder token', files: [{ name: 'a.pdf', content: pdf() }], token: null });
    expect(response.status).toBe(403);
    expect(await storedCount()).toBe(before);
  });

  it("refuses a multipart form carrying another session's token, and stores nothing", async () => {
    const before = await storedCount();
    const response = await submit(jan, { titel: 'Ander token', files: [{ name: 'a.pdf', content: pdf() }], token: sofie.token });
    expect(response.status).toBe(403);
    expect(await storedCount()).toBe(before);
  });

  it('accepts a multipart form with the session token', async () => {
    const response = await submit(jan, { titel: 'Met token', files: [{ name: 'a.pdf', content: pdf() }] });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ titel: 'Met token', claimed: [{ name: 'a.pdf', mediaType: 'application/pdf' }] });
  });

  it('refuses a multipart POST to a route that takes no files, even with the token in the body', async () => {
    const response = await jan.agent
      .post('/mijn-organisatie')
      .field('_csrf', jan.token)
      .field('facilityId', String(sintJozef.id))
      .field('phone', '')
      .field('email', 'gekaapt@example.com')
      .field('website', '');
    expect(response.status).toBe(403);
    const facility = await db.prisma.facility.findUniqueOrThrow({ where: { id: sintJozef.id } });
    expect(facility.email).not.toBe('gekaapt@example.com');
  });

  it('refuses an upload route that has no upload middleware, at start-up', async () => {
    const uploads = createUploads({ uploads: { maxFileBytes: MB, maxTotalBytes: MB, maxFiles: 1, stagedMs: 1000 } }, db.prisma);
    expect(() => uploads.post(Router(), '/x', (_req, res) => res.end())).toThrow(/no acceptUploads middleware/);
  });
});

describe('types, judged by content', () => {
  const accepted: [string, Buffer, string][] = [
    ['verslag.pdf', pdf(), 'application/pdf'],
    ['verslag.docx', ooxml('docx'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['tabel.xlsx', ooxml('xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['verslag.odt', openDocument('odt'), 'application/vnd.oasis.opendocument.text'],
    ['tabel.ods', openDocument('ods'), 'application/vnd.oasis.opendocument.spreadsheet'],
    ['foto.png', png(), 'image/png'],
    ['foto.jpg', jpeg(), 'image/jpeg'],
    ['nota.txt', Buffer.from('Geachte,\nde prijzen voor 2027 volgen.\n', 'utf8'), 'text/plain; charset=utf-8'],
    ['lijst.csv', Buffer.from('naam;prijs\r\nKamer één;61,50\r\n', 'utf8'), 'text/csv; charset=utf-8'],
    ['oud.csv', Buffer.from('naam;prijs\r\nKamer \xe9\xe9n;61,50\r\n', 'latin1'), 'text/csv; charset=windows-1252'],
  ];
  for (const [name, content, mediaType] of accepted) {
    it(`accepts ${name} and stores the type it has (${mediaType}), whatever the browser declared`, async () => {
      const response = await submit(jan, { titel: name, files: [{ name, content, contentType: 'application/x-msdownload' }] });
      expect(response.status).toBe(200);
      const id = (response.body as { claimed: { id: number }[] }).claimed[0]?.id ?? 0;
      const row = await db.prisma.storedFile.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ name, mediaType, size: content.length, facilityId: sintJozef.id, uploadedById: jan.userId });
      expect(Buffer.from(row.content).equals(content)).toBe(true);
      expect(row.claimedAt).not.toBeNull();
    });
  }

  const refused: [string, string, Buffer][] = [
    ['a Linux executable renamed', 'rapport.pdf', elf()],
    ['a Windows executable renamed', 'rapport.pdf', windowsExecutable()],
    ['a Windows executable named as text', 'rapport.txt', windowsExecutable()],
    ['a zip that is no office document', 'archief.docx', zip({ 'data.bin': Buffer.from([1, 2, 3, 4]) })],
    ['a zip under its own name', 'archief.zip', zip({ 'nota.txt': 'hallo' })],
    ['text with a NUL byte', 'nota.txt', Buffer.from('nota\u0000verborgen', 'utf8')],
    ['text with control bytes', 'lijst.csv', Buffer.from('a;b\u001b[31m', 'utf8')],
    ['clean text not named .txt or .csv', 'script.sh', Buffer.from('echo hallo\n', 'utf8')],
    ['an HTML page named .pdf', 'rapport.pdf', Buffer.from('<html><script>alert(1)</script></html>', 'utf8')],
  ];
  for (const [what, name, content] of refused) {
    it(`refuses ${what} (${name}) with a Dutch error naming it, and stores nothing`, async () => {
      const before = await storedCount();
      const response = await submit(jan, { titel: 'Geweigerd', files: [{ name, content, contentType: 'application/pdf' }] });
      expect(response.status).toBe(400);
      expectFileError(response.text, `Het bestand ‘${name}’ is geen toegelaten type. ${TYPES_TEXT}`);
      expect(await storedCount()).toBe(before);
      expect(response.text).toContain('value="Geweigerd"');
    });
  }

  it('refuses an empty file', async () => {
    const response = await submit(jan, { titel: 'Leeg', files: [{ name: 'leeg.pdf', content: Buffer.alloc(0) }] });
    expect(response.status).toBe(400);
    expectFileError(response.text, 'Het bestand ‘leeg.pdf’ is leeg.');
  });

  it('shows the limits and types in the hint of the field', async () => {
    const page = await jan.agent.get('/test/upload');
    expect(text(page.text)).toContain(`Hoogstens 10 bestanden van elk hoogstens 10 MB, samen hoogstens 25 MB. ${TYPES_TEXT}`);
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toMatch(/<input class="file-upload" id="bijlagen" name="bijlagen" type="file" multiple/);
  });
});

describe('limits', () => {
  it('accepts a file of exactly 10 MB and refuses one of 10 MB and 1 byte, keeping the rest of the form', async () => {
    const atLimit = await submit(jan, { titel: 'Precies', files: [{ name: 'groot.pdf', content: pdf(10 * MB) }] });
    expect(atLimit.status).toBe(200);

    const before = await storedCount();
    const response = await submit(jan, {
      titel: 'Te groot',
      files: [
        { name: 'te-groot.pdf', content: pdf(10 * MB + 1) },
        { name: 'klein.png', content: png() },
      ],
    });
    expect(response.status).toBe(400);
    expectFileError(response.text, 'Het bestand ‘te-groot.pdf’ is groter dan 10 MB.');
    expect(response.text).toContain('value="Te groot"');
    // The small file is kept for the next attempt; the large one is not stored.
    expect(text(response.text)).toContain('klein.png (1 kB)');
    expect(await storedCount()).toBe(before + 1);
  });

  it('accepts 10 files and refuses the 11th, naming it', async () => {
    const files = Array.from({ length: 11 }, (_, i) => ({ name: `nota-${i + 1}.txt`, content: Buffer.from(`nota ${i + 1}\n`) }));
    const response = await submit(jan, { titel: 'Elf', files });
    expect(response.status).toBe(400);
    expectFileError(response.text, 'U kunt hoogstens 10 bestanden toevoegen. Niet toegevoegd: ‘nota-11.txt’.');
    expect(keptIds(response.text)).toHaveLength(10);

    const exactlyTen = await submit(jan, { titel: 'Tien', files: files.slice(0, 10) });
    expect(exactlyTen.status).toBe(200);
    expect((exactlyTen.body as { claimed: unknown[] }).claimed).toHaveLength(10);
  });

  it('refuses files that together pass 25 MB, naming the one that did not fit', async () => {
    const files = [1, 2, 3].map((i) => ({ name: `deel-${i}.pdf`, content: pdf(9 * MB) }));
    const response = await submit(jan, { titel: 'Samen te groot', files });
    expect(response.status).toBe(400);
    expectFileError(response.text, 'Samen zijn de bestanden groter dan 25 MB. Niet toegevoegd: ‘deel-3.pdf’.');
    expect(text(response.text)).toContain('deel-1.pdf (9 MB)');
    expect(text(response.text)).toContain('deel-2.pdf (9 MB)');
    expect(keptIds(response.text)).toHaveLength(2);
  });

  it('counts the files kept from an earlier attempt in the total and the number', async () => {
    const first = await submit(jan, { files: [1, 2].map((i) => ({ name: `eerder-${i}.pdf`, content: pdf(9 * MB) })) });
    expect(first.status).toBe(400);
    const kept = keptIds(first.text);
    expect(kept).toHaveLength(2);
    const second = await submit(jan, { titel: 'Nog één', kept, files: [{ name: 'erbij.pdf', content: pdf(8 * MB) }] });
    expect(second.status).toBe(400);
    expectFileError(second.text, 'Samen zijn de bestanden groter dan 25 MB. Niet toegevoegd: ‘erbij.pdf’.');

    const nine = Array.from({ length: 9 }, (_, i) => ({ name: `n${i}.txt`, content: Buffer.from('x') }));
    const third = await submit(jan, { titel: 'Elf met bewaarde', kept, files: nine });
    expectFileError(third.text, 'U kunt hoogstens 10 bestanden toevoegen. Niet toegevoegd: ‘n8.txt’.');
  });
});

describe("multer's own limits, in Dutch", () => {
  it('turns too many file parts into the Dutch count error, keeping the fields typed before them', async () => {
    const files = Array.from({ length: 31 }, (_, i) => ({ name: `n${i}.txt`, content: Buffer.from('x') }));
    let req = jan.agent.post('/test/upload').field('_csrf', jan.token).field('titel', 'Veel te veel');
    for (const f of files) req = req.attach('bijlagen', f.content, f.name);
    const response = await req;
    expect(response.status).toBe(400);
    expectFileError(response.text, 'U kunt hoogstens 10 bestanden toevoegen.');
    expect(response.text).toContain('value="Veel te veel"');
  });

  it("turns multer's own size limit (a file far above the limit) into the Dutch size error", async () => {
    // With limits of 1 MB, multer's backstop stops reading at 2 MB.
    const strict = await createTestApp({ db, env: { UPLOAD_MAX_FILE_MB: '1', UPLOAD_MAX_TOTAL_MB: '1' }, extraRoutes: [uploadTestRoutes(db.prisma)] });
    const agent = request.agent(strict.app);
    await loginAs(agent, db.prisma, JAN);
    const token = hiddenField((await agent.get('/test/upload')).text, '_csrf') ?? '';
    const before = await storedCount();
    const response = await agent.post('/test/upload').field('_csrf', token).field('titel', 'Veel te groot').attach('bijlagen', pdf(3 * MB), 'enorm.pdf');
    expect(response.status).toBe(400);
    expectFileError(response.text, 'Het bestand ‘enorm.pdf’ is groter dan 1 MB.');
    expect(response.text).toContain('value="Veel te groot"');
    expect(await storedCount()).toBe(before);
  });

  it('turns a file in an unexpected field into a Dutch error', async () => {
    const response = await submit(jan, { titel: 'Ander veld', field: 'iets', files: [{ name: 'a.pdf', content: pdf() }] });
    expect(response.status).toBe(400);
    expectFileError(response.text, 'Het formulier bevat een bestand op een onverwachte plaats.');
  });

  it('turns a text field that is too long into a Dutch error', async () => {
    const response = await submit(jan, { titel: 'x'.repeat(300 * 1024) });
    expect(response.status).toBe(400);
    expectFileError(response.text, 'Een van de ingevulde teksten is te lang.');
  });

  it('gives the route the other fields as a urlencoded form would (flat names)', async () => {
    const response = await submit(jan, { titel: 'Velden', extra: { 'lines[0][naam]': 'Peeters' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ titel: 'Velden', lines: 'Peeters', claimed: [] });
  });
});

describe('file names', () => {
  const cases: [string, string, string][] = [
    ['keeps only the last part of a path', 'C:\\Users\\jan\\Documenten\\verslag.pdf', 'verslag.pdf'],
    ['keeps only the last part of a relative path', '../../etc/verslag.pdf', 'verslag.pdf'],
    ['removes bidi overrides', 'rapport\u202Efdp.exe.pdf', 'rapportfdp.exe.pdf'],
    // (C0 controls other than tab never get this far: the multipart parser refuses them in a header.)
    ['removes tabs, C1 controls and zero-width characters', 'ver\tsl\u0085a\u200Bg.pdf', 'verslag.pdf'],
    ['keeps accents', 'Één verslag – été.pdf', 'Één verslag – été.pdf'],
    ['replaces a name with nothing left', '\u202E\u200B', 'bestand.pdf'],
    ['caps the length and keeps the extension', `${'a'.repeat(300)}.pdf`, `${'a'.repeat(196)}.pdf`],
  ];
  for (const [what, sent, stored] of cases) {
    it(what, async () => {
      const response = await submit(jan, { titel: 'Naam', files: [{ name: sent, content: pdf() }] });
      expect(response.status).toBe(200);
      expect((response.body as { claimed: { name: string }[] }).claimed[0]?.name).toBe(stored);
    });
  }
});

describe('nothing typed is lost: files are kept across an error', () => {
  it('lists the accepted files after an error in another field, and sends them with the next submit', async () => {
    const first = await submit(jan, {
      titel: '',
      files: [
        { name: 'verslag.pdf', content: pdf() },
        { name: 'foto.png', content: png() },
        { name: 'virus.pdf', content: elf() },
      ],
    });
    expect(first.status).toBe(400);
    expect(text(first.text)).toContain('Vul de titel in.');
    expectFileError(first.text, 'Het bestand ‘virus.pdf’ is geen toegelaten type.');
    expect(text(first.text)).toContain('Al toegevoegd');
    expect(text(first.text)).toContain('verslag.pdf (1 kB)');
    expect(text(first.text)).toContain('foto.png (1 kB)');
    const kept = keptIds(first.text);
    expect(kept).toHaveLength(2);
    const staged = await db.prisma.storedFile.findMany({ where: { id: { in: kept } } });
    expect(staged.every((f) => f.claimedAt === null)).toBe(true);

    const second = await submit(jan, { titel: 'Nu met titel', kept });
    expect(second.status).toBe(200);
    expect((second.body as { claimed: { id: number; name: string }[] }).claimed.map((f) => f.name)).toEqual(['verslag.pdf', 'foto.png']);
    const claimed = await db.prisma.storedFile.findMany({ where: { id: { in: kept } } });
    expect(claimed.every((f) => f.claimedAt !== null)).toBe(true);
  });

  it('drops a kept file whose checkbox was unchecked', async () => {
    const first = await submit(jan, { files: [{ name: 'a.pdf', content: pdf() }, { name: 'b.pdf', content: pdf() }] });
    const [keepA, dropB] = keptIds(first.text);
    const second = await submit(jan, { titel: 'Eén weg', kept: [keepA ?? 0] });
    expect((second.body as { claimed: { id: number }[] }).claimed.map((f) => f.id)).toEqual([keepA]);
    const dropped = await db.prisma.storedFile.findUniqueOrThrow({ where: { id: dropB ?? 0 } });
    expect(dropped.claimedAt).toBeNull();
  });

  it("does not let a user send another user's staged file of another facility", async () => {
    const theirs = await submit(sofie, { files: [{ name: 'van-sofie.pdf', content: pdf() }] });
    const [sofiesId] = keptIds(theirs.text);
    const attempt = await submit(jan, { titel: 'Gestolen', kept: [sofiesId ?? 0] });
    expect(attempt.status).toBe(400);
    expectFileError(attempt.text, 'Een eerder toegevoegd bestand is niet meer beschikbaar');
    expect(keptIds(attempt.text)).toEqual([]);
    const file = await db.prisma.storedFile.findUniqueOrThrow({ where: { id: sofiesId ?? 0 } });
    expect(file).toMatchObject({ claimedAt: null, facilityId: pajottenland.id });
  });

  it("does not let a user send a staged file of another user of the same facility", async () => {
    const colleagues = await db.prisma.storedFile.create({
      data: { facilityId: sintJozef.id, uploadedById: sofie.userId, name: 'collega.pdf', mediaType: 'application/pdf', size: 1, sha256: '0'.repeat(64), content: new Uint8Array([1]), expiresAt: new Date(Date.now() + 60_000) },
    });
    const attempt = await submit(jan, { titel: 'Van een collega', kept: [colleagues.id] });
    expect(attempt.status).toBe(400);
    expectFileError(attempt.text, 'Een eerder toegevoegd bestand is niet meer beschikbaar');
    expect((await db.prisma.storedFile.findUniqueOrThrow({ where: { id: colleagues.id } })).claimedAt).toBeNull();
  });

  it('does not send a file that was already sent with another form', async () => {
    const first = await submit(jan, { files: [{ name: 'eenmaal.pdf', content: pdf() }] });
    const kept = keptIds(first.text);
    expect((await submit(jan, { titel: 'Eerste', kept })).status).toBe(200);
    const again = await submit(jan, { titel: 'Tweede', kept });
    expect(again.status).toBe(400);
    expectFileError(again.text, 'Een eerder toegevoegd bestand is niet meer beschikbaar');
  });
});

describe('claimUploads', () => {
  async function stage(facilityId: number, userId: number, options: { expired?: boolean; claimed?: boolean } = {}) {
    const hour = 60 * 60 * 1000;
    return db.prisma.storedFile.create({
      data: {
        facilityId,
        uploadedById: userId,
        name: 'x.pdf',
        mediaType: 'application/pdf',
        size: 3,
        sha256: '0'.repeat(64),
        content: new Uint8Array([1, 2, 3]),
        expiresAt: new Date(Date.now() + (options.expired ? -hour : hour)),
        claimedAt: options.claimed ? new Date() : null,
      },
    });
  }
  const claim = (ids: number[]) => db.prisma.$transaction((tx) => claimUploads(tx, { ids, facilityId: sintJozef.id, userId: jan.userId }));

  it("claims the user's own staged files of the facility, once", async () => {
    const own = await stage(sintJozef.id, jan.userId);
    expect(await claim([own.id])).toEqual([{ id: own.id, name: 'x.pdf', mediaType: 'application/pdf', size: 3 }]);
    await expect(claim([own.id])).rejects.toBeInstanceOf(StagedFilesUnavailable);
  });

  const others: [string, () => Promise<{ id: number }>][] = [
    ['of another facility', () => stage(pajottenland.id, jan.userId)],
    ['of another user of the same facility', () => stage(sintJozef.id, sofie.userId)],
    ['already claimed', () => stage(sintJozef.id, jan.userId, { claimed: true })],
    ['expired', () => stage(sintJozef.id, jan.userId, { expired: true })],
  ];
  for (const [what, make] of others) {
    it(`refuses a file ${what}, and claims nothing of the same call`, async () => {
      const own = await stage(sintJozef.id, jan.userId);
      const other = await make();
      const before = await db.prisma.storedFile.findUniqueOrThrow({ where: { id: other.id } });
      await expect(claim([own.id, other.id])).rejects.toMatchObject({ missingIds: [other.id] });
      expect((await db.prisma.storedFile.findUniqueOrThrow({ where: { id: own.id } })).claimedAt).toBeNull();
      expect((await db.prisma.storedFile.findUniqueOrThrow({ where: { id: other.id } })).claimedAt).toEqual(before.claimedAt);
    });
  }
});

describe('the purge of staged files', () => {
  it('deletes expired unclaimed files only', async () => {
    const base = { facilityId: sintJozef.id, uploadedById: jan.userId, name: 'p.pdf', mediaType: 'application/pdf', size: 1, sha256: '0'.repeat(64), content: new Uint8Array([1]) };
    const now = new Date('2030-01-01T12:00:00Z');
    const expired = await db.prisma.storedFile.create({ data: { ...base, expiresAt: new Date('2030-01-01T11:59:59Z') } });
    const fresh = await db.prisma.storedFile.create({ data: { ...base, expiresAt: new Date('2030-01-01T12:00:01Z') } });
    const sent = await db.prisma.storedFile.create({ data: { ...base, expiresAt: new Date('2030-01-01T00:00:00Z'), claimedAt: new Date('2029-12-31T23:00:00Z') } });
    await purgeExpiredUploads(db.prisma, now);
    const left = await db.prisma.storedFile.findMany({ where: { id: { in: [expired.id, fresh.id, sent.id] } }, select: { id: true } });
    expect(left.map((f) => f.id).sort((a, b) => a - b)).toEqual([fresh.id, sent.id]);
  });
});

describe('downloads', () => {
  async function sentFile(facilityId: number, name: string, content: Buffer, mediaType: string) {
    return db.prisma.storedFile.create({
      data: { facilityId, uploadedById: jan.userId, name, mediaType, size: content.length, sha256: '0'.repeat(64), content: new Uint8Array(content), expiresAt: new Date(), claimedAt: new Date() },
    });
  }

  it('sends the file as an attachment under its name (accents and quotes encoded), with its sniffed type', async () => {
    const content = pdf();
    const file = await sentFile(sintJozef.id, 'Verslag "café" été.pdf', content, 'application/pdf');
    const response = await jan.agent.get(`/test/bijlagen/${file.id}`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="Verslag \\"caf?\\" ?t?.pdf"; filename*=UTF-8''Verslag%20%22caf%C3%A9%22%20%C3%A9t%C3%A9.pdf`);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-length']).toBe(String(content.length));
    expect((response.body as Buffer).equals(content)).toBe(true);
  });

  it('sends the sniffed type, not the one the name suggests', async () => {
    const file = await sentFile(sintJozef.id, 'nota.html', Buffer.from('<b>hallo</b>'), 'text/plain; charset=utf-8');
    const response = await jan.agent.get(`/test/bijlagen/${file.id}`);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it("answers 404 for another facility's file, a staged file and a bad id", async () => {
    const theirs = await sentFile(pajottenland.id, 'van-hen.pdf', pdf(), 'application/pdf');
    expect((await jan.agent.get(`/test/bijlagen/${theirs.id}`)).status).toBe(404);
    expect((await sofie.agent.get(`/test/bijlagen/${theirs.id}`)).status).toBe(200);
    const staged = await submit(jan, { files: [{ name: 'nog-niet.pdf', content: pdf() }] });
    expect((await jan.agent.get(`/test/bijlagen/${keptIds(staged.text)[0] ?? 0}`)).status).toBe(404);
    expect((await jan.agent.get('/test/bijlagen/1e3')).status).toBe(404);
    expect((await jan.agent.get('/test/bijlagen/99999999999')).status).toBe(404);
  });
});
