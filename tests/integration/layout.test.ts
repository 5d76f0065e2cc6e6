import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';

const { app } = await createTestApp();

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
    expect(response.text).toContain('<link rel="stylesheet" href="/public/css/main.css">');
    expect(response.text).not.toMatch(/<script(?![^>]*\bsrc="\/public\/)/);
    expect(response.text).not.toMatch(/(href|src)="(https?:)?\/\/(?!www\.ehealth\.fgov\.be)/);
    const css = await request(app).get('/public/css/main.css');
    expect(css.status).toBe(200);
    expect(css.text).toContain('#ffe615');
  });

  it('escapes what it shows: the help page renders no raw markup from the URL', async () => {
    const response = await request(app).get('/hulp?x=<script>alert(1)</script>');
    expect(response.text).not.toContain('<script>alert(1)</script>');
  });
});
