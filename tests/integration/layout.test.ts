import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';

const { app, db } = await createTestApp();
const JAN = '85092305734'; // WZC Sint-Jozef

describe('page layout', () => {
  it('is Dutch (nl-BE) with the portal name in the header and a footer', async () => {
    const response = await request(app).get('/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html; charset=utf-8/);
    expect(response.text).toContain('<html lang="nl-BE">');
    expect(response.text).toMatch(/<header class="site-header">[\s\S]*e-loket Departement Zorg[\s\S]*<\/header>/);
    expect(response.text).toMatch(/<footer class="site-footer">[\s\S]*Vlaamse overheid, Departement Zorg[\s\S]*<\/footer>/);
  });

  it.each(['/', '/hulp', '/bestaat-niet'])('shows the "Hulp nodig?" button on %s, leading to the help page', async (path) => {
    const response = await request(app).get(path);
    expect(response.text).toMatch(/<aside class="help" aria-label="Hulp">\s*<a class="help-button" href="\/hulp">Hulp nodig\?<\/a>/);
  });

  it('has a help page with the eHealth contact details', async () => {
    const response = await request(app).get('/hulp');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<h1>Hulp nodig?</h1>');
    expect(response.text).toContain('02 788 51 55');
    expect(response.text).toContain('https://www.ehealth.fgov.be/ehealthplatform/nl/contact');
    expect(response.text).toContain('van maandag tot vrijdag tussen 7 uur en 20 uur');
  });

  it('loads only its own stylesheet, and no script inline or from elsewhere', async () => {
    const response = await request(app).get('/');
    expect(response.text).toMatch(/<link rel="stylesheet" href="\/public\/css\/main\.[0-9a-f]{10}\.css">/);
    expect(response.text).not.toMatch(/<script(?![^>]*\bsrc="\/public\/)/);
    expect(response.text).not.toMatch(/(href|src)="(https?:)?\/\/(?!www\.ehealth\.fgov\.be)/);
    const css = await request(app).get('/public/css/main.css');
    expect(css.status).toBe(200);
    expect(css.text).toContain('#ffe615');
  });

  it('escapes what it shows: a form re-rendered with what the user typed', async () => {
    const agent = request.agent(app);
    await loginAs(agent, db.prisma, JAN);
    const edit = await agent.get('/mijn-organisatie?bewerken=1');
    const response = await agent.post('/mijn-organisatie').type('form').send({
      _csrf: hiddenField(edit.text, '_csrf'),
      facilityId: hiddenField(edit.text, 'facilityId'),
      phone: '015 00 00 00',
      email: '<script>alert(1)</script>',
      website: '"><img src=x onerror=alert(2)>',
    });
    // Refused (not an e-mail address) and shown again, as typed, but as text.
    expect(response.status).toBe(400);
    expect(response.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(response.text).not.toContain('<script>alert(1)</script>');
    expect(response.text).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(response.text).not.toContain('<img src=x');
  });

  it('escapes what it shows: a stored contact person\'s name', async () => {
    const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
    await db.prisma.contactPerson.create({
      data: { facilityId: sintJozef.id, surname: '<b>Vet</b>', givenName: '<i>Schuin</i>', email: 'vet@sint-jozef.example', phone: '015 11 22 33', confirmedAt: new Date() },
    });
    const agent = request.agent(app);
    await loginAs(agent, db.prisma, JAN);
    const response = await agent.get('/mijn-organisatie/contactpersonen');
    expect(response.text).toContain('&lt;b&gt;Vet&lt;/b&gt;');
    expect(response.text).not.toContain('<b>Vet</b>');
    expect(response.text).not.toContain('<i>Schuin</i>');
  });
});
