import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * A minimal Language Server Protocol client over stdio, enough to drive the real yaml-language-server in tests:
 * requests with timeouts that say what was awaited, answers to the server's own requests (workspace/configuration
 * and friends), and the last diagnostics published per document.
 */
export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  severity?: number;
  source?: string;
}

export interface CompletionItem {
  label: string;
  insertText?: string;
}

type Message = { id?: number | string; method?: string; params?: unknown; result?: unknown; error?: { message: string } };

export class LspClient {
  private readonly proc: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly diagnostics = new Map<string, { version: number | undefined; list: Diagnostic[] }>();
  private readonly waiters: (() => void)[] = [];
  private stderr = '';

  private readonly settings: Record<string, unknown>;

  constructor(serverScript: string, settings: Record<string, unknown>) {
    this.settings = settings;
    this.proc = spawn(process.execPath, [serverScript, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.proc.on('error', (e) => {
      for (const p of this.pending.values()) p.reject(new Error(`could not run ${serverScript}: ${e.message}`));
      this.pending.clear();
    });
    this.proc.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`yaml-language-server exited (code ${code}); stderr: ${this.stderr.slice(-2000)}`));
      this.pending.clear();
    });
  }

  private send(msg: Message): void {
    const body = JSON.stringify({ jsonrpc: '2.0', ...msg });
    this.proc.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString();
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.onMessage(JSON.parse(body) as Message);
    }
  }

  private onMessage(msg: Message): void {
    if (msg.method && msg.id !== undefined) {
      // A request from the server: configuration is answered from the settings, anything else with null.
      const items = (msg.params as { items?: { section?: string }[] } | undefined)?.items;
      const result = msg.method === 'workspace/configuration' ? (items ?? []).map((i) => (i.section ? this.settings[i.section] ?? null : this.settings)) : null;
      this.send({ id: msg.id, result });
      return;
    }
    if (msg.method === 'textDocument/publishDiagnostics') {
      const p = msg.params as { uri: string; version?: number; diagnostics: Diagnostic[] };
      this.diagnostics.set(p.uri, { version: p.version, list: p.diagnostics });
      this.waiters.splice(0).forEach((w) => w());
      return;
    }
    if (typeof msg.id === 'number' && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id)!;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`LSP error: ${msg.error.message}`));
      else p.resolve(msg.result);
    }
  }

  request<T>(method: string, params: unknown, timeoutMs = 20_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`yaml-language-server did not answer ${method} within ${timeoutMs} ms; stderr: ${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v as T)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.send({ id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** initialize + initialized + the settings pushed with workspace/didChangeConfiguration. */
  async start(rootDir: string): Promise<void> {
    await this.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(rootDir).href,
      workspaceFolders: [{ uri: pathToFileURL(rootDir).href, name: 'tickwise' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
        textDocument: { completion: { completionItem: { snippetSupport: true } }, publishDiagnostics: {}, synchronization: {} },
      },
    }, 45_000);
    this.notify('initialized', {});
    this.notify('workspace/didChangeConfiguration', { settings: this.settings });
  }

  private version = 0;

  /** Opens (or re-opens with new text) a document and waits for the diagnostics published for it. */
  async diagnose(uri: string, text: string, close = true, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const version = ++this.version;
    this.diagnostics.delete(uri);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    const deadline = Date.now() + timeoutMs;
    while (!this.diagnostics.has(uri)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no textDocument/publishDiagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr.slice(-2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
    const list = this.diagnostics.get(uri)!.list;
    if (close) this.notify('textDocument/didClose', { textDocument: { uri } });
    return list;
  }

  /** Opens `text` and asks for completions at the `|` in it (the marker is removed). */
  async complete(uri: string, textWithCursor: string): Promise<string[]> {
    const at = textWithCursor.indexOf('|');
    if (at < 0) throw new Error('complete(): put a | where the cursor is');
    const text = textWithCursor.slice(0, at) + textWithCursor.slice(at + 1);
    const before = text.slice(0, at).split('\n');
    await this.diagnose(uri, text, false);
    const result = await this.request<{ items: CompletionItem[] } | CompletionItem[] | null>('textDocument/completion', {
      textDocument: { uri },
      position: { line: before.length - 1, character: before[before.length - 1].length },
    });
    this.notify('textDocument/didClose', { textDocument: { uri } });
    return (Array.isArray(result) ? result : result?.items ?? []).map((i) => i.label);
  }

  async stop(): Promise<void> {
    if (this.proc.pid === undefined || this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    try {
      await this.request('shutdown', null, 5_000);
      this.notify('exit', null);
    } catch {
      // fall through to kill
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The yaml-language-server entry point shipped in node_modules. */
export const serverScript = (repo: string) => join(repo, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
