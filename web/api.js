// Talks to the API over HTTP and the live stream; the bearer token (when given) lives in sessionStorage only.
const TOKEN_KEY = 'tickwise-token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY) || '',
  set: (t) => (t ? sessionStorage.setItem(TOKEN_KEY, t) : sessionStorage.removeItem(TOKEN_KEY)),
};

function headers(extra = {}) {
  const t = token.get();
  return t ? { ...extra, authorization: `Bearer ${t}` } : extra;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.code;
    this.hint = body?.hint;
  }
}

export async function get(path) {
  const res = await fetch(path, { headers: headers() });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

export async function post(path, payload = {}) {
  const res = await fetch(path, { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: JSON.stringify(payload) });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

/**
 * The live stream, read with fetch (so the token can go in a header, never in a URL). Calls `onEvent(type, data)`
 * per frame and `onState('live' | 'down')`; reconnects after a pause when the connection drops, sending the last
 * frame's id (`Last-Event-ID`) so the server replays what was missed, or sends a `reset` frame when it cannot.
 */
export function stream(onEvent, onState) {
  let stopped = false;
  let controller = null;
  let lastId = null;
  const connect = async () => {
    controller = new AbortController();
    try {
      const extra = lastId ? { accept: 'text/event-stream', 'last-event-id': lastId } : { accept: 'text/event-stream' };
      const res = await fetch('/api/stream', { headers: headers(extra), signal: controller.signal });
      if (!res.ok || !res.body) throw new Error(`stream ${res.status}`);
      onState('live');
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let i;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          const id = /^id: (.*)$/m.exec(block)?.[1];
          if (id) lastId = id;
          if (type && data) onEvent(type, JSON.parse(data));
        }
      }
    } catch {
      // dropped or refused: fall through to reconnect
    }
    onState('down');
    if (!stopped) setTimeout(connect, 2000);
  };
  connect();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
