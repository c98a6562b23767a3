/**
 * Module boundaries (../shared/STYLE.md): modules reach each other only through index.ts, no
 * cycles, core never imports a module, contracts import neither server nor web, and the web
 * never imports the server.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Module dependencies form a graph without cycles.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'modules-through-index',
      severity: 'error',
      comment: 'Another module is used only through its public surface, server/modules/<name>/index.ts.',
      from: { path: '^server/modules/([^/]+)/' },
      to: { path: '^server/modules/([^/]+)/', pathNot: ['^server/modules/$1/', '^server/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'core-below-modules',
      severity: 'error',
      comment: 'core is the bottom layer: it never imports a module.',
      from: { path: '^server/core/' },
      to: { path: '^server/modules/' },
    },
    {
      name: 'contracts-standalone',
      severity: 'error',
      comment: 'contracts are shared by server and web and import neither.',
      from: { path: '^contracts/' },
      to: { path: '^(server|web)/' },
    },
    {
      name: 'web-not-server',
      severity: 'error',
      comment: 'The web app talks to the server over HTTP only.',
      from: { path: '^web/' },
      to: { path: '^server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|scratch|fixtures)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
