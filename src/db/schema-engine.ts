// Prisma's WebAssembly schema engine, loaded without the experimental
// `--experimental-wasm-modules` flag that its own entry point would need on
// Node 20: we instantiate the .wasm file ourselves and hand it to the
// wasm-bindgen glue. The native engine cannot be downloaded on our machines
// (ENVIRONMENT.md), so this is how migrations are diffed and applied.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

export type { SchemaEngine };

let loaded: Promise<void> | undefined;

// Node's WebAssembly global; @types/node for Node 20 does not declare it.
const wasmRuntime = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(bytes: Uint8Array, imports: Record<string, object>): Promise<{ instance: { exports: Record<string, unknown> } }>;
    };
  }
).WebAssembly;

// The engine reports a Rust panic through this global just before it aborts
// with an unhelpful "unreachable"; print the real reason.
Object.assign(globalThis, {
  PRISMA_WASM_PANIC_REGISTRY: {
    set_message(message: string) {
      process.stderr.write(`Prisma schema engine panicked: ${message}\n`);
    },
  },
});

function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmPath = join(dirname(gluePath), 'schema_engine_bg.wasm');
    const bytes = await readFile(wasmPath);
    const { instance } = await wasmRuntime.instantiate(bytes, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return loaded;
}

export interface OpenSchemaEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes its connections. */
  close(): Promise<void>;
}

/**
 * A schema engine connected to a database through a pool we own (so that no
 * connection outlives the work). It must be given at least one schema file
 * (it validates it), though diffs take their schemas as arguments.
 */
export async function openSchemaEngine(connectionString: string, schema: string): Promise<OpenSchemaEngine> {
  await loadWasm();
  const pool = new pg.Pool({ connectionString, max: 2 });
  pool.on('error', () => {});
  const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const engine = await glue.SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, () => {}, factory);
  return {
    engine,
    async close() {
      engine.free();
      await pool.end();
    },
  };
}
