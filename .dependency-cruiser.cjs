/**
 * The layer arrows of ARCHITECTURE.md, enforced by `npm test` (npm run lint:arch).
 * domain → xstate only; application → domain, @nestjs/common|cqrs, node:crypto; projections →
 * domain and application ports; api → application; infrastructure → anything but api.
 * `src/main.ts`, `src/bootstrap.ts` and `src/app.module.ts` are the composition root.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      comment: 'The domain holds workflows, events and the decider: no Nest, no I/O, no clock.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', '^node_modules/xstate/'] },
    },
    {
      name: 'application-depends-on-domain-and-ports',
      comment: 'Ports, handlers and the command loop: domain, @nestjs/common, @nestjs/cqrs and hashing only.',
      severity: 'error',
      from: { path: '^src/application/' },
      to: {
        pathNot: ['^src/(application|domain)/', '^node_modules/(@nestjs/(common|cqrs)|xstate|rxjs|reflect-metadata)/', '^(node:)?crypto$'],
      },
    },
    {
      name: 'projections-know-events-and-ports',
      comment: 'What each read model writes for each event, with no driver code (Kysely builds queries; drivers live in infrastructure).',
      severity: 'error',
      from: { path: '^src/projections/' },
      to: {
        pathNot: [
          '^src/(projections|domain)/',
          '^src/application/(ports|event-store)/',
          '^src/application/agreements/agreement-stream\\.ts$',
          '^node_modules/kysely/',
        ],
      },
    },
    {
      name: 'api-goes-through-application',
      comment: 'Controllers talk to the application layer, never to adapters, projections or the domain.',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: '^src/(infrastructure|projections|domain)/' },
    },
    {
      name: 'infrastructure-does-not-serve-http',
      severity: 'error',
      from: { path: '^src/infrastructure/' },
      to: { path: '^src/api/' },
    },
    {
      name: 'eventstoredb-client-in-one-folder',
      comment: '@eventstore/db-client is imported only by the EventStoreDB adapter.',
      severity: 'error',
      from: { pathNot: '^src/infrastructure/event-store/eventstoredb/' },
      to: { path: '^node_modules/@eventstore/' },
    },
    {
      name: 'only-the-composition-root-wires',
      comment: 'Nothing outside the composition root imports it.',
      severity: 'error',
      from: { pathNot: '^src/(main|bootstrap|app\\.module)\\.ts$' },
      to: { path: '^src/(main|bootstrap|app\\.module)\\.ts$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    moduleSystems: ['cjs', 'es6'],
  },
};
