// The entry of `npm start`. It imports nothing before the Node.js version is checked: on an older
// Node the rest (argon2's native module above all) would crash without a word.
import { refuseUnsupportedNode } from './node-version.js';

refuseUnsupportedNode('dist/src/main.js');

try {
  const { startServer } = await import('./bootstrap/server.js');
  await startServer();
} catch (error) {
  process.stderr.write(`Ieum could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
