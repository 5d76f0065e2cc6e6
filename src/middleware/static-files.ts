// Static files (public/). Pages name them through the Nunjucks global
// `asset('css/main.css')`, which gives a fingerprinted URL with the content's
// hash (/public/css/main.3f2a9c1b7e.css): such a URL never changes meaning, so
// browsers and proxies keep it a year without asking again (immutable), and a
// changed file gets a new URL. Text files are compressed once, when first
// asked for (brotli and gzip; brotli's best quality costs about 100 ms for
// public/, which a start-up should not wait for), and sent compressed to
// browsers that accept it, when that saves at least a tenth.
//
// Defined behaviour for other URLs: the plain name (/public/css/main.css, for
// links from outside, e-mails and bookmarks) is served with an hour's cache;
// a fingerprint that is not the current one (a page from before a deploy) is
// answered with the current file and `no-cache`, never kept under that name.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import { projectRoot } from '../paths.js';

const PREFIX = '/public/';
const YEAR_SECONDS = 365 * 24 * 60 * 60;
const COMPRESSIBLE = new Set(['.css', '.js', '.svg', '.html', '.json', '.txt']);
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

interface Asset {
  /** The name under public/, with forward slashes: css/main.css */
  name: string;
  url: string;
  hash: string;
  type: string;
  body: Buffer;
  /** Whether it is sent compressed to browsers that accept it. */
  text: boolean;
  /** The compressed forms (those that save at least a tenth), made on first use. */
  encoded?: { br?: Buffer; gzip?: Buffer };
  etag: string;
}

export interface Assets {
  /** The fingerprinted URL of a file under public/ ('css/main.css'); a name that is not there is an error. */
  url(name: string): string;
  /** Where the files are read from. */
  dir: string;
}

const fingerprinted = /^(.*)\.([0-9a-f]{10})(\.[a-z0-9]+)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

function compressed(body: Buffer, compress: (b: Buffer) => Buffer): Buffer | undefined {
  const result = compress(body);
  return result.length <= body.length * 0.9 ? result : undefined;
}

/** Reads and hashes every file under `dir` (public/): once per process, at start-up. */
export function loadAssets(dir: string): Assets & { byName: Map<string, Asset> } {
  const byName = new Map<string, Asset>();
  for (const path of filesUnder(dir)) {
    const name = relative(dir, path).split(sep).join('/');
    const body = readFileSync(path);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
    const ext = extname(name);
    const text = COMPRESSIBLE.has(ext);
    byName.set(name, {
      name,
      url: `${PREFIX}${name.slice(0, name.length - ext.length)}.${hash}${ext}`,
      hash,
      type: TYPES[ext] ?? 'application/octet-stream',
      body,
      text,
      etag: `"${hash}"`,
    });
  }
  return {
    dir,
    byName,
    url(name: string) {
      const asset = byName.get(name);
      if (!asset) throw new Error(`no file public/${name}`);
      return asset.url;
    },
  };
}

let portalAssets: ReturnType<typeof loadAssets> | undefined;

/** The portal's own public/, loaded once per process (for view environments made outside createApp). */
export function publicAssets(): ReturnType<typeof loadAssets> {
  portalAssets ??= loadAssets(join(projectRoot, 'public'));
  return portalAssets;
}

function encodings(asset: Asset): { br?: Buffer; gzip?: Buffer } {
  asset.encoded ??= asset.text
    ? {
        br: compressed(asset.body, (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })),
        gzip: compressed(asset.body, (b) => gzipSync(b, { level: 9 })),
      }
    : {};
  return asset.encoded;
}

function send(req: Request, res: Response, asset: Asset, cacheControl: string): void {
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Content-Type', asset.type);
  res.setHeader('ETag', asset.etag);
  res.setHeader('Vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === asset.etag) {
    res.status(304).end();
    return;
  }
  const accepted = String(req.headers['accept-encoding'] ?? '');
  const { br, gzip } = encodings(asset);
  const [encoding, body] = br && /\bbr\b/.test(accepted) ? ['br', br] : gzip && /\bgzip\b/.test(accepted) ? ['gzip', gzip] : [undefined, asset.body];
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', body.length);
  res.status(200).end(req.method === 'HEAD' ? undefined : body);
}

export function setUpStaticFiles(app: Express, assets: ReturnType<typeof loadAssets>): void {
  app.use(PREFIX, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const match = fingerprinted.exec(req.path.slice(1));
    const asset = match ? assets.byName.get(`${match[1]}${match[3]}`) : undefined;
    if (!match || !asset) return next();
    send(req, res, asset, asset.hash === match[2] ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache');
  });
  app.use('/public', express.static(assets.dir, { maxAge: '1h', index: false }));
}
