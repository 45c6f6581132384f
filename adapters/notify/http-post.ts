/** One JSON POST with a time limit; anything but a 2xx answer is an error naming the status and the start of the body. */
export async function postJson(url: string, body: unknown, headers: Record<string, string>, signal: AbortSignal): Promise<void> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text, signal });
  const answer = await res.text().catch(() => '');
  if (!res.ok) throw new Error(`HTTP ${res.status}${answer ? `: ${answer.slice(0, 200)}` : ''}`);
}

/** Where a URL points, without its path and query (a webhook URL's path is often its secret). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return '(an invalid URL)';
  }
}
