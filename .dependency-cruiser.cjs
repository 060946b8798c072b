/** Module-cycle check (STYLE.md 2): features react to each other through events, not imports. */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'A cycle between files means a cycle between modules.', from: {}, to: { circular: true } },
    {
      name: 'plugins-use-only-exported-interfaces',
      severity: 'error',
      comment: 'A bot or connector never imports another one; they meet through src/commands and src/bus.',
      from: { path: '^(bots|connectors)/([^/]+)/' },
      to: { path: '^(bots|connectors)/', pathNot: '^$1/$2/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
