/** Module-cycle check (STYLE.md 2): features react to each other through events, not imports. */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle between files means a cycle between modules.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'plugins-use-only-exported-interfaces',
      severity: 'error',
      comment: 'A bot or connector never imports another one; they meet through src/commands and src/bus.',
      from: { path: '^(bots|connectors)/([^/]+)/' },
      to: { path: '^(bots|connectors)/', pathNot: '^$1/$2/' },
    },
    {
      name: 'domain-does-not-import-plugins',
      severity: 'error',
      comment:
        'src/ asks for capabilities (src/bus/capabilities) and bots register themselves; only the root module binds connectors and loads the bots (a spec that drives every bot table is a test of the whole).',
      from: { path: '^src/', pathNot: ['^src/app\\.module\\.ts$', '\\.spec\\.ts$'] },
      to: { path: '^(bots|connectors)/' },
    },
    {
      name: 'bots-use-the-sdk-and-domain-services',
      severity: 'error',
      comment:
        'A bot is a command table over domain services: it never reaches into storage, drivers, HTTP edges or module wiring.',
      from: { path: '^bots/', pathNot: '^bots/bots\\.module\\.ts$' },
      to: {
        path: ['\\.(entity|repository|controller|module)\\.ts$', '^src/(database|redis)/', '/drivers/', '^connectors/'],
      },
    },
    {
      name: 'meetings-are-changed-through-their-services',
      severity: 'error',
      comment:
        'Another domain creates, moves, cancels and enters meetings through the meetings services (MeetingService, MeetingRoomService), which take its transaction; it never writes meeting rows through the repository.',
      from: { path: '^src/(?!meetings/)' },
      to: { path: '^src/meetings/meeting\\.repository\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
