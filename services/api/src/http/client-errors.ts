import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

const REFUSALS: Record<string, { status: number; reason: string; error: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    error: 'the request line and headers are too large: send long values in a JSON body',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', error: 'the request did not arrive in time' },
};
const BAD_REQUEST = { status: 400, reason: 'Bad Request', error: 'the request is not valid HTTP' };

/**
 * Requests Node's HTTP parser refuses before Express sees them (not HTTP at
 * all, a URL or headers past Node's 16 KB) answer in the API's JSON shape
 * rather than with an empty body, then the connection closes.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (error.code === 'ECONNRESET' || !socket.writable || answering) {
      socket.destroy();
      return;
    }
    const { status, reason, error: message } = REFUSALS[error.code ?? ''] ?? BAD_REQUEST;
    const body = JSON.stringify({ error: message, details: null });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
