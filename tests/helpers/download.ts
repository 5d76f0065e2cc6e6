// A download read whole as bytes (CSV, XLSX, PDF), whatever its content type.
import type TestAgent from 'supertest/lib/agent.js';

export interface Download {
  status: number;
  body: Buffer;
  headers: Record<string, string>;
}

export async function download(agent: TestAgent, path: string): Promise<Download> {
  const response = await agent
    .get(path)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return { status: response.status, body: response.body as Buffer, headers: response.headers as Record<string, string> };
}
