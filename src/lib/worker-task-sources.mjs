// The thread side of a worker task when the portal runs from its TypeScript
// sources (tests, `npm run dev`): registers tsx's ESM loader in the thread,
// which does not get its parent's loader, then runs the task module. Plain
// JavaScript, since nothing could load TypeScript before it; from dist/ the
// pool runs the compiled task modules directly and this file is not used.
import { register } from 'tsx/esm/api';

register();

/** @param {{ module: string, input: unknown }} task */
export default async function runTaskModule({ module, input }) {
  const task = await import(module);
  return task.default(input);
}
