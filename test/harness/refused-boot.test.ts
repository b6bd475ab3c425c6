/**
 * The test harness: a boot that Strapi refuses returns only once Strapi has stopped loading the app's
 * files. Otherwise a suite ending on one lets Jest tear its environment down under them, their next
 * require sets process.exitCode = 1, and a run with every test passed exits 1 (as CI saw).
 */
import { runJest } from './run-jest';

test('a Jest run whose last test is a refused boot, on a slow disk, exits 0', async () => {
  const { status, output } = await runJest('**/test/helpers/fixtures/refused-boot.fixture.ts');
  expect(output).toContain('Tests:       1 passed, 1 total');
  expect(output).not.toContain('after the Jest environment has been torn down');
  expect(status).toBe(0);
}, 120_000);
