// The entry of `npm run admin`. It imports nothing before the Node.js version is checked: on an
// older Node the rest (argon2's native module above all) would crash without a word.
import { refuseUnsupportedNode } from './node-version.js';

refuseUnsupportedNode('dist/src/cli.js');

try {
  const { runAdminCli } = await import('./bootstrap/admin-cli.js');
  await runAdminCli(process.argv);
} catch (error) {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
