/** @module `tmpmail config example`: print every option as a commented .env file. */
import { renderEnvExample } from '../../config/render-env-example.js';

export function envExampleCommand(): void {
  process.stdout.write(renderEnvExample());
}
