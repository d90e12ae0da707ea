/**
 * Imports a graduate list (CSV or XLSX with Chinese headers) into the running system:
 *   npm run import -- <file> [--token T | JIUYE_TOKEN] [--handover-id ID] [--occurred-at ISO] [--api URL] [--rejected PATH]
 * The command itself is importGraduatesCommand (services/import/graduate-1311.ts), where the tests call it.
 */
import { importGraduatesCommand } from '../import/graduate-1311.js';

process.exitCode = await importGraduatesCommand(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
