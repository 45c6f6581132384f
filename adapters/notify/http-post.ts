/**
 * One JSON POST with a time limit; anything but a 2xx answer is an error naming the status and the start of the body.
 * The URL is never part of the error (a webhook's path or a bot URL holds its secret).
 */
export async function postJson(url: string, body: unknown, headers: Record<string, string>, signal: AbortSignal): Promise<void> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text, signal });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? (cause?.message && !cause.message.includes(url) ? cause.message : null);
    throw new Error(signal.aborted ? 'timed out' : `could not reach the receiver${detail ? ` (${detail})` : ''}`);
  }
  const answer = await res.text().catch(() => '');
  if (!res.ok) throw new Error(`HTTP ${res.status}${answer ? `: ${answer.slice(0, 200)}` : ''}`);
}

