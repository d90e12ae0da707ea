/**
 * Imports the bureau's key-enterprise list (CSV or XLSX with Chinese headers) into the running system:
 *   npm run import-enterprises -- <file> [--token T | JIUYE_TOKEN] [--api URL] [--rejected PATH]
 * The command itself is importEnterprisesCommand (services/import/key-enterprise.ts), where the tests call it.
 */
import { importEnterprisesCommand } from '../import/key-enterprise.js';

process.exitCode = await importEnterprisesCommand(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
