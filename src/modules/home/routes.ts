import { Router } from 'express';
import type { AppDependencies } from '../../dependencies.js';

/** The startpagina. Until login exists it introduces the portal. */
export function homeRoutes(_deps: AppDependencies): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.render('home/index.njk');
  });
  return router;
}
