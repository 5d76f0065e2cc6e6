import { resolve } from 'node:path';

/** The folder with package.json, views/, public/ and prisma/, from src/ or dist/ alike. */
export const projectRoot = resolve(import.meta.dirname, '..');
