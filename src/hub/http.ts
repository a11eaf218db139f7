/** POST /api/<method>: the API door over HTTP. Validation and access are the core's. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, HTTP_STATUS, isMethodName, methods } from '../shared/api';
import type { ExportedFile } from '../shared/minutes';
import type { Core } from '../core';
import { clientAddress, type FailureThrottle } from './throttle';

export const MAX_BODY_BYTES = 1024 * 1024;

export function bearerToken(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : null;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  // Encoded once: its length is the bytes' (a 7 MB answer was measured, then encoded again).
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': bytes.byteLength,
    'Cache-Control': 'no-store',
  });
  res.end(bytes);
}

export function sendError(res: ServerResponse, err: ApiError): void {
  sendJson(res, HTTP_STATUS[err.code], err.toBody());
}

const ASCII_FALLBACK: Record<string, string> = {
  œ: 'oe',
  Œ: 'OE',
  æ: 'ae',
  Æ: 'AE',
  ß: 'ss',
  '—': '-',
  '–': '-',
  '’': "'",
  '‘': "'",
  '«': '',
  '»': '',
  '“': '',
  '”': '',
};

/**
 * `attachment` with the file's name twice: as ASCII for old clients (accents dropped, anything
 * else replaced), and exactly, percent-encoded UTF-8 (RFC 6266, RFC 8187).
 */
export function contentDisposition(filename: string): string {
  const ascii =
    filename
      .replace(/[œŒæÆß—–’‘«»“”]/g, (c) => ASCII_FALLBACK[c] ?? '_')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]|["\\%]/g, '_')
      .replace(/\s+/g, ' ')
      .trim() || 'download';
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A method's file, as the file itself. */
export function sendFile(res: ServerResponse, file: ExportedFile): void {
  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Disposition': contentDisposition(file.filename),
    'Content-Length': file.data.byteLength,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength));
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new ApiError('invalid_input', `The request body is larger than ${limit} bytes.`));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** What a refused token is told: an expired link says so; anything else is just not valid. */
export function unauthorizedMessage(core: Core, token: string | null): string {
  if (core.isExpiredToken(token))
    return 'This invitation link has expired: ask a co-chair of the committee for a new one.';
  return 'A valid token is required (Authorization: Bearer <token>).';
}

function unauthorized(core: Core, token: string | null): ApiError {
  return core.isExpiredToken(token)
    ? new ApiError('unauthorized', unauthorizedMessage(core, token), 'link_expired')
    : new ApiError('unauthorized', unauthorizedMessage(core, token), 'token_required');
}

export function tooManyAttempts(seconds: number): ApiError {
  return new ApiError(
    'too_many_attempts',
    `Too many invalid tokens from this address: try again in ${seconds} seconds.`,
    'too_many_attempts',
    { seconds },
  );
}

export async function handleApi(
  core: Core,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  throttle: FailureThrottle,
): Promise<void> {
  try {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendJson(res, 405, { error: { code: 'invalid_input', message: 'Use POST for API methods.' } });
      return;
    }
    // An address that has presented too many invalid tokens waits; its tokens are not even checked.
    const address = clientAddress(req.socket.remoteAddress);
    const wait = throttle.retryAfter(address);
    if (wait) {
      res.setHeader('Retry-After', String(wait));
      throw tooManyAttempts(wait);
    }
    const token = bearerToken(req);
    const caller = core.authenticate(token);
    if (!caller) {
      if (token) throttle.fail(address);
      throw unauthorized(core, token);
    }
    const text = await readBody(req, MAX_BODY_BYTES);
    let input: unknown = {};
    if (text.trim() !== '') {
      try {
        input = JSON.parse(text);
      } catch {
        throw new ApiError('invalid_input', 'The request body is not valid JSON.');
      }
    }
    // An async method (an export rendered off the main thread) answers with a promise.
    const result: unknown = await core.dispatch(caller, method, input);
    if (isMethodName(method) && methods[method].file) return sendFile(res, result as ExportedFile);
    sendJson(res, 200, result ?? null);
  } catch (err) {
    if (err instanceof ApiError) return sendError(res, err);
    console.error('[hub] api failed:', err);
    sendError(res, new ApiError('internal', 'Something went wrong on our side; nothing was changed.'));
  }
}
