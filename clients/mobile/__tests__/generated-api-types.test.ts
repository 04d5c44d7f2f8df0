import { execFileSync } from 'node:child_process';
import path from 'node:path';

describe('the typed API client', () => {
  it('is generated from the checked-in OpenAPI documents (npm run gen:api after ./skillswap api-client)', () => {
    // Fails naming the stale files; the end-to-end suite checks that the documents match the running services.
    expect(() =>
      execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'gen-api.mjs'), '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});
