// Static files under fingerprinted names (issue 14, item 5): a year's cache
// for a URL that names the content, a new URL when the content changes, and
// compression where it pays.
import { cpSync, mkdtempSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadAssets, setUpStaticFiles } from '../../src/middleware/static-files.js';
import { projectRoot } from '../../src/paths.js';
import { createTestApp } from '../helpers/app.js';

const { app } = await createTestApp();

/** public/ copied, so that a test can change a file. */
function publicCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eloket-public-'));
  cpSync(join(projectRoot, 'public'), dir, { recursive: true });
  return dir;
}

function staticApp(dir: string) {
  const server = express();
  setUpStaticFiles(server, loadAssets(dir));
  return server;
}

describe('static files', () => {
  it('names the stylesheet and scripts of a page by their content, cached for a year as immutable', async () => {
    const page = await request(app).get('/');
    const css = /href="(\/public\/css\/main\.[0-9a-f]{10}\.css)"/.exec(page.text)?.[1] ?? '';
    const script = /src="(\/public\/js\/help-panel\.[0-9a-f]{10}\.js)"/.exec(page.text)?.[1] ?? '';
    for (const url of [css, script]) {
      const response = await request(app).get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
    expect((await request(app).get(css)).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('gives a changed stylesheet a new URL; the old URL answers the current file without letting it be cached', async () => {
    const dir = publicCopy();
    const before = loadAssets(dir).url('css/main.css');
    appendFileSync(join(dir, 'css', 'main.css'), '\n.nieuw { color: #000; }\n');
    const after = loadAssets(dir).url('css/main.css');
    expect(after).not.toBe(before);
    expect(loadAssets(dir).url('js/help-panel.js')).toBe(loadAssets(join(projectRoot, 'public')).url('js/help-panel.js'));

    const server = staticApp(dir);
    const current = await request(server).get(after);
    expect(current.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(current.text).toContain('.nieuw');
    const old = await request(server).get(before);
    expect(old.status).toBe(200);
    expect(old.headers['cache-control']).toBe('no-cache');
    expect(old.text).toContain('.nieuw');
    // The plain name keeps working, with an hour's cache; an unknown file is not found.
    const plain = await request(server).get('/public/css/main.css');
    expect(plain.headers['cache-control']).toBe('public, max-age=3600');
    expect((await request(server).get('/public/css/bestaat-niet.0123456789.css')).status).toBe(404);
  });

  it('sends text files compressed (brotli, else gzip) to browsers that accept it, and answers a revalidation with 304', async () => {
    const assets = loadAssets(join(projectRoot, 'public'));
    const url = assets.url('css/main.css');
    const server = staticApp(join(projectRoot, 'public'));
    const plain = await request(server).get(url).set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await request(server).get(url).set('Accept-Encoding', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    // Sent compressed (the length on the wire), read back as the same stylesheet.
    expect(Number(br.headers['content-length'])).toBeLessThan(plain.text.length * 0.5);
    expect(br.text).toBe(plain.text);
    const gzip = await request(server).get(url).set('Accept-Encoding', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.text).toBe(plain.text);
    const again = await request(server).get(url).set('If-None-Match', String(plain.headers.etag));
    expect(again.status).toBe(304);
  });

  it('leaves files that do not shrink uncompressed', async () => {
    const dir = publicCopy();
    writeFileSync(join(dir, 'js', 'tiny.js'), ';');
    const server = staticApp(dir);
    const response = await request(server).get(loadAssets(dir).url('js/tiny.js')).set('Accept-Encoding', 'br, gzip');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
  });
});
