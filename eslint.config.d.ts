/** Types of what eslint.config.js exports besides the config, for the test that checks the layer zones. */
import type { Linter } from 'eslint';
import type { createNodeResolver } from 'eslint-plugin-import-x';

export declare const layerZones: { target: string | string[]; from: string[]; message: string }[];
export declare const importResolver: ReturnType<typeof createNodeResolver>;
declare const config: Linter.Config[];
export default config;
