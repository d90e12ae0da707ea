// Lint guards what review misses: determinism in workflows, floating promises, type-only imports,
// import cycles and the folder dependency direction (domain ← workflows ← activities ← workers/services).
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'crypto', 'http', 'https', 'net', 'child_process', 'os', 'worker_threads', 'timers', 'process'];

export default tseslint.config(
  { ignores: ['dist/**', 'generated/**', 'node_modules/**', '.data/**', 'coverage/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    // Cycles are a property of our code: never parse node_modules (PGlite's bundle overflows the parser).
    settings: { 'import-x/ignore': ['node_modules'] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
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
            { group: ['@prisma/*', 'kafkajs', 'pg', '@electric-sql/*', '@temporalio/activity', '@temporalio/client', '@temporalio/worker'], message: 'Workflows never do I/O: call an activity.' },
            { group: ['../services/*', '../workers/*', '../generated/*'], message: 'Workflows depend only on domain/ (and activity types).' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Use uuid4() from @temporalio/workflow.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Use workflowNow(); deadlines come from domain/calendar via an activity.' },
        { selector: "CallExpression[callee.name='setTimeout']", message: 'Use sleep() from @temporalio/workflow.' },
      ],
      // Activities may only be imported as types, so no activity code enters the bundle.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../activities/*'], allowTypeImports: true, message: 'Import activity types only.' }] },
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
            { group: ['../workflows/*', '../activities/*', '../workers/*', '../services/*', '../../workflows/*', '../../activities/*', '../../workers/*', '../../services/*', '@temporalio/*', '@prisma/*', 'kafkajs', 'pg'], message: 'domain/ imports nothing of the other folders.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'domain/ never reads the clock: take the time as an argument.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'domain/ never reads the clock: take the time as an argument.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'domain/ is deterministic.' },
      ],
    },
  },
  {
    files: ['activities/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@temporalio/workflow'], message: 'Activities never import workflow APIs.' }, { group: ['../services/*', '../workers/*', '../../services/*', '../../workers/*'], message: 'Dependency direction: activities do not import workers or services.' }] },
      ],
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
