/** @module Loads the configuration for a CLI command, printing every error and exiting on failure. */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, type LoadedConfig } from '../config/load-config.js';

/** Reads `.env` (when present, without overriding the environment), then the config. */
export function loadCliConfig(file?: string): LoadedConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig({ env: process.env, file });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`tmpmail: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
