import { Router } from 'express';

/** "Hulp nodig?": general guidance and the eHealth contact details (seed 002 §5). */
export function helpRoutes(): Router {
  const router = Router();
  router.get('/hulp', (_req, res) => {
    res.render('help/index.njk');
  });
  return router;
}
