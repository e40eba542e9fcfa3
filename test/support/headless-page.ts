/**
 * One headless Chromium for several page renders (the report test renders five pages; a Chromium per page
 * cost most of its CPU). Driven over the DevTools protocol on a pipe (fds 3 and 4, NUL-terminated JSON):
 * each render loads about:blank, then the page, and returns the text of its DOM (text nodes outside style and
 * script) once it matches what the caller waits for and has stopped changing. DNS is switched off so nothing
 * can leave the machine (127.0.0.1 stays reachable, for local pages such as the operator console).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

/**
 * In the page: its text nodes outside style and script, joined by spaces, no-break spaces as
 * spaces: the text a serialised DOM shows with its tags, styles and scripts stripped, without serialising the
 * report's inlined data on every poll.
 */
const TEXT_NODES = `(() => {
  const out = [];
  const walk = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) if (!/^(STYLE|SCRIPT)$/.test(n.parentElement?.tagName ?? '')) out.push(n.data);
  return out.join(' ').replace(/\\u00a0/g, ' ');
})()`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class HeadlessPage {
  private readonly child: ChildProcess;
  private readonly profile = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-chromium-'));
  private readonly pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private buffer = '';
  private session?: string;
  private exited = false;

  constructor(chromium: string) {
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
    this.child = spawn(chromium, [...flags, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', `--user-data-dir=${this.profile}`, '--remote-debugging-pipe', 'about:blank'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    (this.child.stdio[4] as Readable).on('data', (d: Buffer) => this.onData(d.toString()));
    (this.child.stdio[3] as Writable).on('error', () => undefined); // a Chromium that died: its exit rejects what is pending
    this.child.on('exit', () => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error('Chromium exited'));
      this.pending.clear();
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\0'); end >= 0; end = this.buffer.indexOf('\0')) {
      const msg = JSON.parse(this.buffer.slice(0, end)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
      this.buffer = this.buffer.slice(end + 1);
      const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
      if (!p) continue;
      this.pending.delete(msg.id!);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result ?? {});
    }
  }

  private send(method: string, params: Record<string, unknown> = {}, session = this.session): Promise<Record<string, unknown>> {
    if (this.exited) return Promise.reject(new Error('Chromium exited'));
    const id = ++this.seq;
    (this.child.stdio[3] as Writable).write(`${JSON.stringify({ id, method, params, ...(session ? { sessionId: session } : {}) })}\0`);
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  private async attach(): Promise<void> {
    if (this.session) return;
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' }, undefined)) as { targetId: string };
    this.session = ((await this.send('Target.attachToTarget', { targetId, flatten: true }, undefined)) as { sessionId: string }).sessionId;
  }

  private async text(): Promise<string> {
    const r = (await this.send('Runtime.evaluate', { expression: TEXT_NODES, returnByValue: true })) as { result: { value?: string } };
    return (r.result.value ?? '').replace(/\s+/g, ' ');
  }

  /** Loads `url` afresh and returns its text once it matches `mustContain` and is unchanged for 500 ms (or at `budgetMs`). */
  async render(url: string, mustContain: RegExp, budgetMs = 60_000): Promise<string> {
    await this.attach();
    await this.send('Page.navigate', { url: 'about:blank' });
    await this.send('Page.navigate', { url });
    const deadline = Date.now() + budgetMs;
    let text = '';
    let stableSince = Date.now();
    while (Date.now() < deadline) {
      await sleep(250);
      const now = await this.text();
      if (now !== text) [text, stableSince] = [now, Date.now()];
      else if (mustContain.test(text) && Date.now() - stableSince >= 500) return text;
    }
    return text.slice(0, 3000);
  }

  /** Loads `url` without waiting for its content (poll it with `evaluate`): a live page, such as the operator console. */
  async goto(url: string): Promise<void> {
    await this.attach();
    await this.send('Page.navigate', { url });
  }

  /** The value of a JavaScript expression evaluated in the page (by value; undefined when it has none). */
  async evaluate<T>(expression: string): Promise<T | undefined> {
    await this.attach();
    const r = (await this.send('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value?: T }; exceptionDetails?: { text?: string } };
    if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.text ?? 'exception'}`);
    return r.result.value;
  }

  /** Browser.close, so Chromium ends its own helper processes; killed if it has not exited within 5 s. */
  async close(): Promise<void> {
    if (!this.exited) {
      const exit = new Promise((r) => this.child.once('exit', r));
      this.send('Browser.close', {}, undefined).catch(() => undefined);
      const kill = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(kill);
    }
    fs.rmSync(this.profile, { recursive: true, force: true });
  }
}
