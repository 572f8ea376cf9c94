/**
 * The loop of the security sweep: every route of a class, called with A's ids in its path,
 * query and body under every credential of a set, each reply judged (status and text), checked
 * for A's data and for internals, and A's stored data compared with its last known state after
 * each route.
 */
import { randomBytes } from 'node:crypto';
import { bodyOf, call, internals, leaks, type Reply, type Secrets } from './security-client.js';
import type { CredentialSet, Headers } from './security-credentials.js';
import { newAddress, victimSnapshot, type SweepWorld } from './security-fixture.js';
import {
  ROUTE_TABLE,
  victimBody,
  victimPath,
  type Route,
  type RouteClass,
  type RouteSpec,
} from './security-routes.js';

/** What is wrong with a reply to the credential `kind` (empty when it is right). */
export type Judge = (reply: Reply, kind: string) => string[];

export interface SweepOptions {
  /** Appended to every query string (A's address, for routes that might read one). */
  extraQuery?: string;
  checkLeaks?: boolean;
  /** Compare A's stored data after each route (off where the handlers may change it). */
  checkVictim?: boolean;
}

/** Refused with this status (and, when `text` names one for the kind, exactly this text). */
export const refused =
  (status: number, text?: (kind: string) => string | undefined): Judge =>
  (reply, kind) => {
    const want = text?.(kind);
    const body = bodyOf(reply);
    if (reply.status !== status) return [`status ${reply.status}, want ${status}: ${body}`];
    return want !== undefined && body !== want ? [`text "${body}", want "${want}"`] : [];
  };

/** The attacker's own credential must get through, or the no-leak checks prove nothing. */
export const admitted: Judge = (reply) =>
  reply.status === 401 ? [`refused the attacker's own credential: ${bodyOf(reply)}`] : [];

export const anyStatus: Judge = () => [];

const withQuery = (path: string, query: string) =>
  `${path}${path.includes('?') ? '&' : '?'}${query}`;

export class Sweeper {
  private baseline = '';

  constructor(
    private readonly world: SweepWorld,
    private readonly secrets: Secrets,
    private readonly routes: Route[],
  ) {}

  /** Takes A's stored data as it is now as the state every later route must leave alone. */
  async rebase(): Promise<void> {
    this.baseline = await victimSnapshot(this.world);
  }

  async victimUnchanged(): Promise<boolean> {
    return (await victimSnapshot(this.world)) === this.baseline;
  }

  routesOf(cls: RouteClass): { route: Route; spec: RouteSpec }[] {
    return this.routes
      .map((route) => ({ route, spec: ROUTE_TABLE[route.key] as RouteSpec }))
      .filter(({ spec }) => spec?.class === cls);
  }

  /** Calls every route of the class with every credential; returns what went wrong. */
  async run(
    cls: RouteClass,
    credentials: CredentialSet,
    judge: Judge,
    options: SweepOptions = {},
  ): Promise<string[]> {
    const problems: string[] = [];
    for (const { route, spec } of this.routesOf(cls)) {
      let path = victimPath(route, spec, this.world.victim);
      if (options.extraQuery) path = withQuery(path, options.extraQuery);
      // The credentials of one route are independent of each other: sent at once.
      const found = await Promise.all(
        Object.entries(credentials).map(([kind, headers]) =>
          this.attempt(route, spec, path, kind, headers, judge, options),
        ),
      );
      problems.push(...found.flat());
      if (options.checkVictim !== false && !(await this.victimUnchanged())) {
        problems.push(`${route.key}: changed A's stored data`);
        await this.rebase();
      }
    }
    return problems;
  }

  private async attempt(
    route: Route,
    spec: RouteSpec,
    path: string,
    kind: string,
    headers: Headers,
    judge: Judge,
    options: SweepOptions,
  ): Promise<string[]> {
    const { app, attacker } = this.world;
    const body = victimBody(this.world.victim, attacker.user.email);
    const spare: Headers =
      spec.deletesCaller && headers['authorization']?.includes(attacker.address.jwt)
        ? { authorization: `Bearer ${(await newAddress(app, spareName())).jwt}` }
        : {};
    const problems: string[] = [];
    const check = (reply: Reply, label: string) => {
      const found = [...judge(reply, kind), ...internals(reply)];
      if (options.checkLeaks !== false) found.push(...leaks(reply, this.secrets));
      for (const f of found) problems.push(`${route.key} [${label}]: ${f}`);
    };
    check(await call(app, route.method, path, { ...headers, ...spare }, body), kind);
    const auth = headers['authorization'];
    if (spec.queryToken && auth?.startsWith('Bearer ')) {
      const url = withQuery(path, `token=${encodeURIComponent(auth.slice(7))}`);
      check(await call(app, route.method, url, {}, body), `${kind}, in ?token=`);
    }
    return problems;
  }
}

const spareName = () => `spare${randomBytes(5).toString('hex')}`;
