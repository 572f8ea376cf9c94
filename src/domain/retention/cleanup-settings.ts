/**
 * @module The automatic cleanup settings (settings key `auto_cleanup`, reference §7.3): field
 * names as the reference's `CleanupSettings`, the clean types of §7.2 and the order in which
 * the scheduler runs them.
 */
import { z } from 'zod';

/** The clean types of `POST /admin/cleanup` (reference §7.2), spelled as the reference. */
export const CLEAN_TYPES = [
  'mails',
  'mails_unknow',
  'sendbox',
  'inactiveAddress',
  'addressCreated',
  'unboundAddress',
  'emptyAddress',
] as const;
export type CleanType = (typeof CLEAN_TYPES)[number];

/** The most days a cleanup looks back, as the reference. */
export const MAX_CLEAN_DAYS = 1000;

/**
 * The scheduled steps in the reference's order, each with its switch and its days field. The
 * order matters: an address cleanup after the mail cleanups sees the mails already gone.
 */
export const SCHEDULED_STEPS = [
  { cleanType: 'mails', enabled: 'enableMailsAutoCleanup', days: 'cleanMailsDays' },
  {
    cleanType: 'mails_unknow',
    enabled: 'enableUnknowMailsAutoCleanup',
    days: 'cleanUnknowMailsDays',
  },
  { cleanType: 'sendbox', enabled: 'enableSendBoxAutoCleanup', days: 'cleanSendBoxDays' },
  {
    cleanType: 'inactiveAddress',
    enabled: 'enableInactiveAddressAutoCleanup',
    days: 'cleanInactiveAddressDays',
  },
  { cleanType: 'addressCreated', enabled: 'enableAddressAutoCleanup', days: 'cleanAddressDays' },
  {
    cleanType: 'unboundAddress',
    enabled: 'enableUnboundAddressAutoCleanup',
    days: 'cleanUnboundAddressDays',
  },
  {
    cleanType: 'emptyAddress',
    enabled: 'enableEmptyAddressAutoCleanup',
    days: 'cleanEmptyAddressDays',
  },
] as const satisfies readonly { cleanType: CleanType; enabled: string; days: string }[];

/** Most custom SQL rules one settings object holds: each runs on every tick. */
const MAX_CUSTOM_SQL_RULES = 100;

/** One admin-written cleanup statement (`customSqlCleanupList` entry). */
const customSqlRuleSchema = z.looseObject({
  id: z.union([z.string().max(200), z.number()]).nullish(),
  name: z.string().max(200).nullish(),
  // No length bound here: the SQL rules report a long statement with the reference's message.
  sql: z.string().nullish(),
  enabled: z.boolean().nullish(),
});
export type CustomSqlRule = z.infer<typeof customSqlRuleSchema>;

const days = z.number().min(0).max(MAX_CLEAN_DAYS).nullish();
const flag = z.boolean().nullish();

/**
 * The body of `POST /admin/auto_cleanup`. Unknown fields are kept (the reference stored the
 * body verbatim and its frontend may add fields); a switched-on step must name its days, which
 * the reference only found out at the next tick, when the error aborted the run.
 */
export const cleanupSettingsSchema = z
  .looseObject({
    enableMailsAutoCleanup: flag,
    cleanMailsDays: days,
    enableUnknowMailsAutoCleanup: flag,
    cleanUnknowMailsDays: days,
    enableSendBoxAutoCleanup: flag,
    cleanSendBoxDays: days,
    enableInactiveAddressAutoCleanup: flag,
    cleanInactiveAddressDays: days,
    enableAddressAutoCleanup: flag,
    cleanAddressDays: days,
    enableUnboundAddressAutoCleanup: flag,
    cleanUnboundAddressDays: days,
    enableEmptyAddressAutoCleanup: flag,
    cleanEmptyAddressDays: days,
    customSqlCleanupList: z.array(customSqlRuleSchema).max(MAX_CUSTOM_SQL_RULES).nullish(),
  })
  .superRefine((settings, ctx) => {
    for (const step of SCHEDULED_STEPS) {
      if (settings[step.enabled] === true && typeof settings[step.days] !== 'number') {
        ctx.addIssue({
          code: 'custom',
          path: [step.days],
          message: `a number of days is required when ${step.enabled} is true`,
        });
      }
    }
  });
export type CleanupSettings = z.infer<typeof cleanupSettingsSchema>;
