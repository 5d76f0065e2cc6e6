import { Router } from 'express';
import type { AppDependencies } from '../../dependencies.js';
import { facilityContext, requireFacilityUser } from '../../auth/current-user.js';

/** Mijn organisatie: the acting facility's data (editing follows with the Contactenmodule). */
export function organisationRoutes({ prisma }: AppDependencies): Router {
  const router = Router();
  router.get('/mijn-organisatie', requireFacilityUser(prisma), async (req, res) => {
    const { scope, facility: acting } = facilityContext(req);
    const facility = await scope.facility.findUniqueOrThrow({
      where: { id: acting.id },
      include: { enterprise: true, facilityType: true },
    });
    res.render('organisation/index.njk', { facility });
  });
  return router;
}
