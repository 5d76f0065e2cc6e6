// A logged-in supertest agent per persona, and a page's visible text, for
// tests that assert what a user reads.
import type { Express } from 'express';
import request from 'supertest';
import type { PrismaClient } from '../../src/db/client.js';
import { loginAs } from './login.js';

export type Agent = ReturnType<typeof request.agent>;

/** An agent logged in as the persona with this INSZ. */
export async function agentFor(app: Express, prisma: PrismaClient, insz: string): Promise<Agent> {
  const agent = request.agent(app);
  await loginAs(agent, prisma, insz);
  return agent;
}

/** The text of an HTML page as a reader sees it: tags dropped, common entities decoded, white space collapsed. */
export const pageText = (html: string): string =>
  html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
