import {
  labMethods,
  labRequestSchemas,
  type LabErrorPayload,
  type LabMethod,
} from '../../core/lab-api/lab-api-contract';
import { decodeWire } from '../../core/lab-api/wire-codec';
import { toLabErrorPayload } from '../services/lab-error';
import type { LabHost } from '../services/lab-service-types';

/** Server -> client reply to one request. */
export type BridgeReply =
  | { id: number | string | null; ok: true; result: unknown }
  | { id: number | string | null; ok: false; error: LabErrorPayload };

export type BridgeRoute = (params: unknown) => Promise<unknown>;

function formatZodIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(params)'}: ${i.message}`)
    .join('; ');
}

class BadRequest extends Error {}

/**
 * One route per contract method: validate the params with the method's schema, then call the
 * lab. The table is built from the contract, so a method cannot be missing or doubled.
 */
export function createBridgeRoutes(host: LabHost): ReadonlyMap<LabMethod, BridgeRoute> {
  const routes = new Map<LabMethod, BridgeRoute>();
  for (const method of labMethods) {
    const schema = labRequestSchemas[method];
    routes.set(method, async (params) => {
      const parsed = schema.safeParse(params ?? {});
      if (!parsed.success) throw new BadRequest(`${method}: ${formatZodIssues(parsed.error.issues)}`);
      return host.invoke(method, parsed.data as never);
    });
  }
  return routes;
}

function isMethod(routes: ReadonlyMap<LabMethod, BridgeRoute>, name: unknown): name is LabMethod {
  return typeof name === 'string' && routes.has(name as LabMethod);
}

/** Answers one raw WebSocket text message; never throws. */
export async function dispatchBridgeMessage(
  routes: ReadonlyMap<LabMethod, BridgeRoute>,
  text: string,
): Promise<BridgeReply> {
  let message: unknown;
  try {
    message = decodeWire(text);
  } catch (error) {
    return {
      id: null,
      ok: false,
      error: {
        code: 'bad-request',
        message: `not a lab message: ${error instanceof Error ? error.message : String(error)}`,
      },
    };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return {
      id: null,
      ok: false,
      error: { code: 'bad-request', message: 'a request is an object {id, method, params}' },
    };
  }
  const { id, method, params } = message as { id?: unknown; method?: unknown; params?: unknown };
  const replyId = typeof id === 'number' || (typeof id === 'string' && id.length <= 64) ? id : null;
  if (replyId === null)
    return {
      id: null,
      ok: false,
      error: { code: 'bad-request', message: 'a request needs an id (number or short string)' },
    };
  if (!isMethod(routes, method)) {
    return {
      id: replyId,
      ok: false,
      error: {
        code: 'bad-request',
        message: `unknown method ${JSON.stringify(String(method)).slice(0, 80)}`,
      },
    };
  }
  try {
    const result = await routes.get(method)!(params);
    return { id: replyId, ok: true, result };
  } catch (error) {
    if (error instanceof BadRequest)
      return { id: replyId, ok: false, error: { code: 'bad-request', message: error.message } };
    return { id: replyId, ok: false, error: toLabErrorPayload(error) };
  }
}
