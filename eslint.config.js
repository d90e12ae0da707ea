// Lint guards what review misses: determinism in workflows, floating promises, type-only imports,
// import cycles and the folder dependency direction (docs/architecture.md): domain ← activities ←
// workflows (activity types only) ← workers ← services. Type imports count: a type that crosses a
// layer belongs below both.
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

/**
 * What each folder may not import, at any depth. Each zone names a folder and the folders it must
 * never reach; exported for the test that proves a back-edge fails.
 */
export const layerZones = [
  {
    target: './domain',
    from: ['./activities', './workflows', './workers', './services', './deploy', './generated', './test'],
    message: 'domain/ is the base layer: it imports nothing of the other folders.',
  },
  {
    target: './activities',
    from: ['./workflows', './workers', './services', './test'],
    message: 'Activities depend on domain/ only; a type both need belongs in domain/.',
  },
  {
    target: './workflows',
    from: ['./workers', './services', './deploy', './generated', './test'],
    message: 'Workflows depend on domain/ and activity types only.',
  },
  { target: './workers', from: ['./services', './test'], message: 'Workers wire activities and workflows; services start them, not the other way round.' },
  { target: './deploy', from: ['./workflows', './workers', './services', './test'], message: 'deploy/ starts engines; it knows nothing of cases.' },
  { target: ['./services', './prisma.config.ts'], from: ['./test'], message: 'Production code never imports tests.' },
];

/** Resolves our ESM specifiers ('./x.js') to the TypeScript sources, so path rules see every import. */
export const importResolver = createNodeResolver({ extensions: ['.ts', '.js', '.json'], extensionAlias: { '.js': ['.ts', '.js'] } });

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'crypto', 'http', 'https', 'net', 'child_process', 'os', 'worker_threads', 'timers', 'process'];

export default tseslint.config(
  { ignores: ['dist/**', 'generated/**', 'node_modules/**', '.data/**', 'coverage/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'activities/infra/failure-converter.cjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    // Cycles are a property of our code: never parse node_modules (PGlite's bundle overflows the parser).
    settings: { 'import-x/ignore': ['node_modules'], 'import-x/resolver-next': [importResolver] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'Workflows run in the deterministic sandbox: no Node built-ins.' },
            {
              group: ['@prisma/*', 'kafkajs', 'pg', '@electric-sql/*', '@temporalio/activity', '@temporalio/client', '@temporalio/worker'],
              message: 'Workflows never do I/O: call an activity.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Use uuid4() from @temporalio/workflow.' },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Use workflowNow(); deadlines come from domain/calendar via an activity.',
        },
        { selector: "CallExpression[callee.name='setTimeout']", message: 'Use sleep() from @temporalio/workflow.' },
      ],
      // Activities may only be imported as types, so no activity code enters the bundle.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)activities/', allowTypeImports: true, message: 'Import activity types only.' }] },
      ],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'domain/ is pure: no I/O.' },
            { group: ['@temporalio/*', '@prisma/*', 'kafkajs', 'pg'], message: 'domain/ is pure: no engine clients.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'domain/ never reads the clock: take the time as an argument.',
        },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'domain/ never reads the clock: take the time as an argument.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'domain/ is deterministic.' },
      ],
    },
  },
  {
    files: ['activities/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@temporalio/workflow'], message: 'Activities never import workflow APIs.' }] }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
