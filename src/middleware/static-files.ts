import { join } from 'node:path';
import express, { type Express } from 'express';
import { projectRoot } from '../paths.js';

export function setUpStaticFiles(app: Express): void {
  app.use('/public', express.static(join(projectRoot, 'public'), { maxAge: '1h', index: false }));
}
