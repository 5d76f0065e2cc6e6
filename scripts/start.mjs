// `npm start`: the build check (build.mjs, compiling only what changed) and
// then the portal, in one Node process: one process start fewer than running
// them one after the other. With WEB_CONCURRENCY > 1 the HTTP processes run
// this file too (node:cluster forks the primary's entry); their build check
// finds nothing to compile.
import './build.mjs';

const { runPortalProcess } = await import('../dist/server.js');
runPortalProcess();
