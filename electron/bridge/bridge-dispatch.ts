import {
  labMethods,
  labRequestSchemas,
  type LabErrorPayload,
  type LabMethod,
} from '../../core/lab-api/lab-api-contract';
import { decodeWire } from '../../core/lab-api/wire-codec';
import { toLabErrorPayload } from '../services/lab/lab-error';
import type { LabHost } from '../services/lab/lab-service-types';

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

/** A request that passed the envelope checks; its params are checked by its route. */
export interface BridgeRequest {
  id: number | string;
  method: LabMethod;
  params: unknown;
}

function badRequest(id: number | string | null, message: string): BridgeReply {
  return { id, ok: false, error: { code: 'bad-request', message } };
}

/**
 * Checks the envelope of one raw WebSocket text message (JSON object, short id, known method)
 * before anything is dispatched. Returns the request, or the reply that refuses it; never throws.
 */
export function decodeBridgeRequest(
  routes: ReadonlyMap<LabMethod, BridgeRoute>,
  text: string,
): { ok: true; request: BridgeRequest } | { ok: false; reply: BridgeReply } {
  let message: unknown;
  try {
    message = decodeWire(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, reply: badRequest(null, `not a lab message: ${reason.slice(0, 200)}`) };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    return { ok: false, reply: badRequest(null, 'a request is an object {id, method, params}') };
  const { id, method, params } = message as { id?: unknown; method?: unknown; params?: unknown };
  const replyId =
    (typeof id === 'number' && Number.isFinite(id)) || (typeof id === 'string' && id.length <= 64)
      ? id
      : null;
  if (replyId === null)
    return { ok: false, reply: badRequest(null, 'a request needs an id (number or short string)') };
  if (!isMethod(routes, method)) {
    const name = typeof method === 'string' ? method.slice(0, 80) : String(method).slice(0, 80);
    return { ok: false, reply: badRequest(replyId, `unknown method ${JSON.stringify(name)}`) };
  }
  return { ok: true, request: { id: replyId, method, params } };
}

/** Runs one decoded request through its route; never throws. */
export async function answerBridgeRequest(
  routes: ReadonlyMap<LabMethod, BridgeRoute>,
  request: BridgeRequest,
): Promise<BridgeReply> {
  try {
    const result = await routes.get(request.method)!(request.params);
    return { id: request.id, ok: true, result };
  } catch (error) {
    if (error instanceof BadRequest) return badRequest(request.id, error.message);
    return { id: request.id, ok: false, error: toLabErrorPayload(error) };
  }
}

/** Answers one raw WebSocket text message; never throws. */
export async function dispatchBridgeMessage(
  routes: ReadonlyMap<LabMethod, BridgeRoute>,
  text: string,
): Promise<BridgeReply> {
  const decoded = decodeBridgeRequest(routes, text);
  return decoded.ok ? answerBridgeRequest(routes, decoded.request) : decoded.reply;
}
