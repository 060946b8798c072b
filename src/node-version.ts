/**
 * The Node.js versions Ieum runs on, the same range as package.json's "engines" (a unit test keeps
 * the two equal). This file imports nothing: the entry points check the version with it before
 * they load anything that an older Node cannot run (argon2's native module crashes Node 20).
 */
export const REQUIRED_NODE = { range: '>=24.11.0 <25', lowest: [24, 11, 0], belowMajor: 25 } as const;

/** Why this Node cannot run Ieum, in Korean and English with the way out; null when it can. */
export function unsupportedNodeMessage(
  entry: string,
  version: string = process.versions.node,
  executable: string = process.execPath,
): string | null {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  const [lowMajor, lowMinor, lowPatch] = REQUIRED_NODE.lowest;
  const tooOld =
    major < lowMajor || (major === lowMajor && (minor < lowMinor || (minor === lowMinor && patch < lowPatch)));
  if (!tooOld && major < REQUIRED_NODE.belowMajor) return null;
  return [
    `이음에는 Node.js ${lowMajor}.${lowMinor}.${lowPatch} 이상 ${REQUIRED_NODE.belowMajor} 미만이 필요합니다. 지금은 Node.js ${version}(${executable})로 실행했습니다.`,
    `  Node 24는 프로젝트에 함께 설치됩니다(npm ci가 설치하는 devDependency "node"). npm 스크립트(npm start, npm run admin -- …)로 실행하면 그것을 쓰고, 직접 실행하려면 node_modules/.bin/node ${entry} 입니다.`,
    `Ieum needs Node.js ${REQUIRED_NODE.range} (package.json "engines"); this is Node.js ${version} (${executable}).`,
    `  The project brings its own Node 24 (the "node" devDependency that npm ci installs): run it through the npm scripts (npm start, npm run admin -- …), which use it, or as node_modules/.bin/node ${entry}.`,
  ].join('\n');
}

/** Stops the process at once, with the message above, on a Node that cannot run Ieum. */
export function refuseUnsupportedNode(entry: string): void {
  const message = unsupportedNodeMessage(entry);
  if (message === null) return;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
