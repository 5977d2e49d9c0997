// vitest globalSetup: builds dist/ (the bundled CLI) once, before any test file, unless it was built from the sources
// as they are now. Tests that run `node dist/cli.js` — or start a local stack that runs commands for it — then see
// the current sources, and no test file rebuilds dist/ while another uses it.
import { buildCliUnlessCurrent } from '../../scripts/build-cli.ts';

export default async function setup(): Promise<void> {
  await buildCliUnlessCurrent();
}
