/**
 * Serves a test app's mail intake over real SMTP on 127.0.0.1, port 0; resolves once listening.
 */
import type { AddressInfo } from 'node:net';
import type { App } from '../../src/app.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createSmtpServer, type SmtpOptions } from '../../src/smtp/create-smtp-server.js';

export interface TestSmtp {
  port: number;
  close(): Promise<void>;
}

export async function startTestSmtp(
  app: App,
  options: Partial<SmtpOptions> = {},
): Promise<TestSmtp> {
  const server = createSmtpServer({
    intake: app.intake,
    logger: silentLogger(),
    options: {
      hostname: 'mx.test',
      maxMessageBytes: 25 * 1024 * 1024,
      maxRecipients: 100,
      maxConnections: 100,
      maxBufferedBytes: 512 * 1024 * 1024,
      socketTimeoutMs: 10_000,
      ...options,
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
