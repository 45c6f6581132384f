/**
 * Errors fastify answers outside the route pipeline, given the same `{ code, message, hint }` shape:
 * `frameworkErrors` (bad percent-encoding, an over-long path parameter: raised before routing, so no hook runs) and
 * `clientErrorHandler` (the HTTP parser refused the bytes: bad request line, headers over 16 KiB, timeout).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { twError } from '../../engine/errors/index.ts';
import { mapFastifyError, sendError } from './errors.ts';

export function frameworkErrors(bodyLimit: number) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const mapped = mapFastifyError(err, req, bodyLimit);
    if (mapped) return sendError(reply, mapped.code, mapped.params, {}, mapped.status);
    return sendError(reply, 'TW_HTTP_INTERNAL', { method: req.method, url: '(before routing)' });
  };
}

/** Node's parser errors → status and detail. */
function describe(err: NodeJS.ErrnoException): { status: number; detail: string } {
  if (err.code === 'HPE_HEADER_OVERFLOW') return { status: 431, detail: 'the request line and headers are larger than 16 KiB' };
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, detail: 'the request was not received in time' };
  return { status: 400, detail: `the bytes are not an HTTP request (${String(err.code ?? 'parse error')})` };
}

export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, detail } = describe(err);
  const e = twError('TW_HTTP_BAD_HTTP', { detail });
  const body = JSON.stringify({ code: e.code, message: e.message, hint: e.hint });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
