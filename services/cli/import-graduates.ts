/**
 * Imports a graduate list (CSV or XLSX with Chinese headers) into the running system:
 *   npm run import -- <file> [--token T | JIUYE_TOKEN] [--handover-id ID] [--occurred-at ISO] [--api URL] [--rejected PATH]
 * The command itself is services/import/command.ts, where the tests call it.
 */
import { importGraduatesCommand } from '../import/command.js';

process.exitCode = await importGraduatesCommand(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
