/**
 * HOUSE-STYLE's import directions as rules: `npm run check:architecture` (part of `npm test`) fails on any of them.
 * Type-only imports count like any other (a cycle through a type is still two modules that know each other), so
 * `tsPreCompilationDeps` is on. test/unit/architecture/architecture-check.test.ts proves each rule can fail.
 */

/** The folders of this repository; an import resolved into one of them is "ours". */
const OURS = '^(bin|bench|functions|lib|local|test|web)/'

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'core-imports-only-core',
      comment:
        'functions/core is the domain: it imports nothing of ours outside functions/core (ports go the other way).',
      severity: 'error',
      from: { path: '^functions/core/' },
      to: { path: OURS, pathNot: '^functions/core/' },
    },
    {
      name: 'core-without-aws-sdk',
      comment: 'functions/core is pure TypeScript: no @aws-sdk/* (adapters implement its ports with the SDK).',
      severity: 'error',
      from: { path: '^functions/core/' },
      // node_modules/@aws-sdk/… when it resolves, @aws-sdk/… when it does not (neither may be imported).
      to: { path: '(^|/)@aws-sdk/' },
    },
    {
      name: 'only-bench-and-tests-import-local',
      comment:
        'local/ is the local runtime: nothing imports it but bench/ and test/ (so functions/, lib/, bin/ and web/ never do).',
      severity: 'error',
      from: { pathNot: '^(local|bench|test)/' },
      to: { path: '^local/' },
    },
    {
      name: 'views-without-adapters',
      comment: 'functions/views render what core hands them: they do not import functions/adapters.',
      severity: 'error',
      from: { path: '^functions/views/' },
      to: { path: '^functions/adapters/' },
    },
    {
      name: 'no-cycles-in-functions',
      comment:
        'No import cycle with a module of functions/ in it (one that leaves functions/ and comes back counts too), type-only imports included.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '(^|/)(node_modules|cdk\\.out|\\.local)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
