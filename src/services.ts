// Wires every feature's service once (in the style of hmpps-template-typescript):
// createApp builds this from its dependencies, and each router receives only
// the services it uses. A feature adds its service here: `createXService(...)`
// in `src/modules/<x>/service.ts`, given the dependencies it needs and nothing more.
import type { AppDependencies } from './dependencies.js';
import { createContactsService, type ContactsService } from './modules/contacts/service.js';
import { createMessagesService, type MessagesService } from './modules/messages/service.js';
import { createUploads, type Uploads } from './uploads/index.js';

export interface Services {
  /** Settings every service may read. */
  config: AppDependencies['config'];
  /** The Contactenmodule: contact persons, organisation data, confirmation links. */
  contacts: ContactsService;
  messages: MessagesService;
  /** The upload pipeline: upload routes, their middleware and limits (src/uploads/index.ts). */
  uploads: Uploads;
}

export function createServices(deps: AppDependencies): Services {
  const contacts = createContactsService({ prisma: deps.prisma, config: deps.config, logger: deps.logger });
  return {
    config: deps.config,
    contacts,
    messages: createMessagesService({ prisma: deps.prisma, config: deps.config, contacts }),
    uploads: createUploads(deps.config),
  };
}
