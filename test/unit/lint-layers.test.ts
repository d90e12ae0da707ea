/**
 * The dependency direction is enforced, type imports included: lint run with the project's own
 * zone table and resolver over a file placed in each layer. (Type-checked rules are left out:
 * the zones do not need type information, and the probe files do not exist on disk.)
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { importResolver, layerZones } from '../../eslint.config.js';

const root = path.resolve(import.meta.dirname, '../..');

async function zoneErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { 'import-x': importX },
        settings: { 'import-x/resolver-next': [importResolver] },
        rules: { 'import-x/no-restricted-paths': ['error', { zones: layerZones }] },
      },
    ],
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('layer zones', () => {
  it('fails an activities → workflows type-only import', async () => {
    const errors = await zoneErrors(
      'activities/probe.ts',
      "import type { LedgerWriter } from '../workflows/graduate-1311/ledger-writer.js';\nexport type X = LedgerWriter;\n",
    );
    expect(errors).toEqual([expect.stringContaining('Activities depend on domain/ only')]);
  });

  it('fails a back-edge from three levels down', async () => {
    const errors = await zoneErrors(
      'domain/cases/deeper/probe.ts',
      "import type { ApiDeps } from '../../../services/http/routes.js';\nexport type X = ApiDeps;\n",
    );
    expect(errors).toEqual([expect.stringContaining('domain/ is the base layer')]);
  });

  it('allows what the direction allows: services using workflow messages, activities using domain types', async () => {
    expect(
      await zoneErrors('services/probe.ts', "import { ledgerLineQuery } from '../workflows/graduate-1311/messages.js';\nexport const q = ledgerLineQuery;\n"),
    ).toEqual([]);
    expect(
      await zoneErrors('activities/probe.ts', "import type { LedgerLine } from '../domain/cases/graduate-1311.js';\nexport type X = LedgerLine;\n"),
    ).toEqual([]);
  });
});
