import { Router } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';

const failing = Router();
failing.get('/kapot', () => {
  throw new Error('secret internal detail at /srv/eloket/src/thing.ts:12');
});
failing.get('/formulier', (_req, res) => {
  res.send((res.locals.csrfToken as () => string)());
});
let handledPosts = 0;
failing.post('/formulier', (_req, res) => {
  handledPosts++;
  res.send('verwerkt');
});
const { app } = await createTestApp({ extraRoutes: [failing] });

describe('error pages', () => {
  it('answers an unknown page with a Dutch 404 page', async () => {
    const response = await request(app).get('/bestaat/niet');
    expect(response.status).toBe(404);
    expect(response.text).toContain('<h1>Pagina niet gevonden</h1>');
    expect(response.text).toContain('<html lang="nl-BE">');
  });

  it('answers a failure with a Dutch 500 page without any technical detail', async () => {
    const response = await request(app).get('/kapot');
    expect(response.status).toBe(500);
    expect(response.text).toContain('<h1>Er is een fout opgetreden</h1>');
    expect(response.text).not.toContain('secret internal detail');
    expect(response.text).not.toContain('thing.ts');
    expect(response.text).not.toMatch(/at .*\(.*:\d+:\d+\)/);
    // The reference lets the helpdesk find the log line.
    expect(response.text).toContain(`<code>${response.headers['x-request-id']}</code>`);
  });

  it('refuses a form post without a CSRF token with a Dutch page, and does not run the route', async () => {
    const response = await request(app).post('/formulier').type('form').send({ naam: 'x' });
    expect(response.status).toBe(403);
    expect(response.text).toContain('Uw formulier is verlopen');
    expect(handledPosts).toBe(0);
  });

  it('accepts a form post with the token of its own session only', async () => {
    const agent = request.agent(app);
    const token = (await agent.get('/formulier')).text;
    expect(token).toMatch(/^[a-f0-9]{32,}$/);
    const tampered = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    const wrong = await agent.post('/formulier').type('form').send({ naam: 'x', _csrf: tampered });
    expect(wrong.status).toBe(403);
    const otherSession = await request(app).post('/formulier').type('form').send({ naam: 'x', _csrf: token });
    expect(otherSession.status).toBe(403);
    const right = await agent.post('/formulier').type('form').send({ naam: 'x', _csrf: token });
    expect(right.status).toBe(200);
    expect(right.text).toBe('verwerkt');
  });

  it('refuses a body larger than the limit with a Dutch page', async () => {
    const response = await request(app)
      .post('/formulier')
      .type('form')
      .send({ tekst: 'x'.repeat(300 * 1024) });
    expect(response.status).toBe(413);
    expect(response.text).toContain('Te veel gegevens');
  });

  it('never answers with an Express default error page', async () => {
    const response = await request(app).get('/themas/%E0%A4%A');
    expect(response.status).toBe(400);
    expect(response.text).toContain('<html lang="nl-BE">');
    expect(response.text).not.toContain('URIError');
  });
});
