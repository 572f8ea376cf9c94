/** @module Process entry (`npm start`): runs `tmpmail serve`. */
import { serveCommand } from './cli/commands/serve.js';

await serveCommand({ config: process.env['CONFIG_FILE'] });
