/**
 * Prints a development bearer token and nothing else, so it can be captured in a shell variable:
 *   TOKEN=$(npm run --silent token -- --role caseworker --region 220102)
 * Refused outside development: production tokens come from the bureau's identity provider. The
 * command itself is tokenCommand (token-command.ts), where the tests call it.
 */
import { tokenCommand } from './token-command.js';

process.exitCode = await tokenCommand(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
