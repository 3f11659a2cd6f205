/**
 * Dependency rules, checked by `npm run lint:deps` (part of `npm run lint`).
 *
 * The domain folders under apps/core/src are layered: a folder may import the
 * infrastructure and any domain folder on a LOWER layer, never one on its own
 * or a higher layer. That single ordering is what rules out import cycles
 * between folders. docs/structure.md explains each layer.
 */
const { INFRASTRUCTURE, INFRASTRUCTURE_ALLOWED, LAYERS } = require('./dependency-layers.cjs');

const core = (folders) => folders.map((folder) => `^apps/core/src/${folder}/`);

const layerRules = LAYERS.flatMap((layer, index) => {
  const below = LAYERS.slice(0, index).flat();
  return layer.map((folder) => ({
    name: `layer-${folder}`,
    comment: `${folder} may import the infrastructure and ${below.length ? below.join(', ') : 'no other domain'}`,
    severity: 'error',
    from: { path: `^apps/core/src/${folder}/` },
    to: {
      path: '^apps/core/src/',
      pathNot: [`^apps/core/src/${folder}/`, ...core(INFRASTRUCTURE), ...core(below)],
    },
  }));
});

const infrastructureRules = Object.entries(INFRASTRUCTURE_ALLOWED).map(([folder, allowed]) => ({
  name: `infrastructure-${folder}`,
  comment: `${folder} is infrastructure: it may import only ${allowed.length ? allowed.join(', ') : 'libraries'}`,
  severity: 'error',
  from: { path: `^apps/core/src/${folder}/` },
  to: { path: '^apps/core/src/', pathNot: [`^apps/core/src/${folder}/`, ...core(allowed)] },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, between files or folders.',
      severity: 'error',
      from: { path: '^apps/' },
      to: { circular: true },
    },
    {
      name: 'core-is-a-library',
      comment: 'core is shared by both processes and knows neither.',
      severity: 'error',
      from: { path: '^apps/core/' },
      to: { path: '^apps/(api|worker)/' },
    },
    {
      name: 'api-not-worker',
      comment: 'The HTTP process and the BullMQ process share only core.',
      severity: 'error',
      from: { path: '^apps/api/' },
      to: { path: '^apps/worker/' },
    },
    {
      name: 'worker-not-api',
      comment: 'The HTTP process and the BullMQ process share only core.',
      severity: 'error',
      from: { path: '^apps/worker/' },
      to: { path: '^apps/api/' },
    },
    {
      name: 'processes-reach-core-through-modules-and-services',
      comment: "The processes call services; repositories are the domain modules' own (one writer per table).",
      severity: 'error',
      from: { path: '^apps/(api|worker)/' },
      to: { path: '^apps/core/src/.+\\.repository\\.ts$' },
    },
    {
      name: 'repositories-stay-in-their-domain',
      comment: 'Another domain is reached through its services, never its repositories.',
      severity: 'error',
      from: { path: '^apps/core/src/([^/]+)/' },
      to: { path: '^apps/core/src/([^/]+)/.+\\.repository\\.ts$', pathNot: '^apps/core/src/$1/' },
    },
    {
      name: 'rules-are-pure',
      comment: '*.rules.ts are pure functions: no Nest, no Prisma, no pg, no services or repositories.',
      severity: 'error',
      from: { path: '\\.rules\\.ts$' },
      // Type-only imports (a union type declared beside a service) cost nothing at run time.
      to: { path: ['@nestjs', '@prisma', '^node_modules/pg/', '\\.(service|repository|module)\\.ts$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-orphans',
      comment: 'Every source file is used (specs, entry points and config files aside).',
      severity: 'error',
      from: { orphan: true, path: '^apps/', pathNot: ['\\.spec\\.ts$', '/main\\.ts$', '\\.d\\.ts$'] },
      to: {},
    },
    ...infrastructureRules,
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['^dist/', '^generated/'] },
  },
};
