/**
 * Lists and replays dead-lettered inbound messages (see dlq-command.ts for the usage):
 *   npm run dlq -- list [--topic T]
 *   npm run dlq -- replay --topic T (--offsets P:O,... | --reason R) --operator NAME
 */
import { dlqCommand } from './dlq-command.js';

process.exitCode = await dlqCommand(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
