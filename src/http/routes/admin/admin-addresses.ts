/**
 * @module Admin address management: create one or a batch, list/search/sort, delete with all
 * data, show the credential, reset the password.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AddressService } from '../../../domain/address/address-service.js';
import { ADDRESS_SORT_COLUMNS, type AddressSortColumn } from '../../../storage/ports.js';
import type { AppEnv } from '../../app-env.js';
import { renderDomainError } from '../../error-table.js';
import { readJsonBody } from '../../read-json-body.js';
import { domainField, flag, nameField, parseId, parsePage } from '../../request-schemas.js';
import { messageResponse } from '../../respond-error.js';

const newAddressBody = z.object({
  name: nameField.nullish(),
  domain: domainField.nullish(),
  enablePrefix: flag,
  enableRandomSubdomain: flag,
});

const passwordBody = z.object({ password: z.string().max(1000).nullish() });

export function adminAddressRoutes(addresses: AddressService, batchMax: number) {
  const batchBody = z
    .object({
      names: z.array(nameField).min(1).max(batchMax).optional(),
      count: z.number().int().min(1).max(batchMax).optional(),
      domain: domainField.nullish(),
      enablePrefix: flag,
      enableRandomSubdomain: flag,
    })
    .refine(
      (b) => (b.names === undefined) !== (b.count === undefined),
      'give either names or count',
    );

  const app = new Hono<AppEnv>();

  app.post('/new_address', async (c) => {
    const body = await readJsonBody(c, newAddressBody);
    if (!body.name) return messageResponse(c, 400, 'required_field', 'RequiredFieldMsg');
    return c.json(
      await addresses.createByAdmin({ ...body, name: body.name, domain: body.domain ?? undefined }),
    );
  });

  // New (not in the reference): up to ADDRESS_BATCH_MAX addresses in one request and one
  // transaction, for batch clients and `tmpmail address create`.
  app.post('/addresses/batch', async (c) => {
    const body = await readJsonBody(c, batchBody);
    const names =
      body.names ?? Array.from({ length: body.count ?? 0 }, () => addresses.randomAdminName());
    const result = await addresses.createBatchByAdmin({
      ...body,
      names,
      domain: body.domain ?? undefined,
    });
    const lang = c.get('lang');
    return c.json({
      results: result.created,
      errors: result.failed.map(({ name, error }) => {
        const rendered = renderDomainError(error, lang);
        return { name, code: rendered.code, error: rendered.text };
      }),
    });
  });

  app.get('/address', async (c) => {
    const page = parsePage((n) => c.req.query(n));
    const sortBy = c.req.query('sort_by');
    const query = c.req.query('query')?.trim();
    return c.json(
      await addresses.list({
        ...page,
        query: query ? query.slice(0, 256) : undefined,
        sortBy: ADDRESS_SORT_COLUMNS.includes(sortBy as AddressSortColumn)
          ? (sortBy as AddressSortColumn)
          : 'id',
        sortOrder: c.req.query('sort_order') === 'ascend' ? 'asc' : 'desc',
      }),
    );
  });

  app.delete('/delete_address/:id', async (c) => {
    await addresses.remove(parseId(c.req.param('id')));
    return c.json({ success: true });
  });

  app.get('/show_password/:id', async (c) =>
    c.json({ jwt: await addresses.credential(parseId(c.req.param('id'))) }),
  );

  app.post('/address/:id/reset_password', async (c) => {
    const id = parseId(c.req.param('id'));
    const body = await readJsonBody(c, passwordBody);
    await addresses.setPassword(id, body.password ?? '');
    return c.json({ success: true });
  });

  return app;
}
