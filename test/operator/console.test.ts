/**
 * The web operator console in a real headless Chromium. The page is the operator: it reads the pending
 * instruction's data attributes, performs the physical action as a person at the bench would — through the
 * control API of a long-lived `evc serve-station` (the bot is the person; the harness never calls that API: the
 * rigs here have no station driver) — and clicks Done, Failed or Not applicable in the page. Proves:
 *  - OCPP 1.6 and 2.0.1 station scenarios needing plug-in, an id tag and unplug pass through the console with the
 *    verdicts of the reference rig, and the page shows progress and the live frame trace;
 *  - a Failed click fails the step naming the action; a Not applicable click makes the scenario not
 *    applicable (the summary gives the reason and lists the answers with their times);
 *  - without a console and a terminal (as in CI) the step fails at once naming the action;
 *  - no answer within operator.timeoutMs fails naming the action, and the page shows the question closed;
 *    a late answer is refused; the console's port is closed at the end.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConsoleFrontEnd } from '../../src/operator/console-server';
import { Operator } from '../../src/operator/operator';
import { ROOT, spawnEvc } from '../support/evc-process';
import { HeadlessPage } from '../support/headless-page';
import { freePort, listening } from '../support/ports';
import { serveStation } from '../support/serve-station';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const SKIP = CHROMIUM ? false : "no Chromium installed (scripts/ensure-chromium.sh installs Debian's chromium)";
const SCALE = '0.02';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-operator-console-'));

interface Station {
  version: '1.6' | '2.0.1';
  identity: string;
  csmsPort: number;
  control: string;
  child: ChildProcess;
}

/** `evc serve-station` as its own process (a charger on the bench); resolves once its control API is ready. */
async function startStation(version: '1.6' | '2.0.1', identity: string): Promise<Station> {
  const csmsPort = await freePort();
  const { child, url: control } = await serveStation(['--version', version, '--csms', `ws://127.0.0.1:${csmsPort}/ocpp`, '--identity', identity, '--connectors', '2', '--time-scale', SCALE]);
  return { version, identity, csmsPort, control, child };
}

/** A rig whose station has no driver: only the operator can act on it (`operator` as given, or none). */
function rigFile(name: string, s: Station, operator?: Record<string, unknown>): string {
  const pics = path.join(ROOT, 'fixtures', 'pics', 'persistent-station', s.version === '1.6' ? 'ocpp16.json' : 'ocpp201.json');
  const rig = {
    name,
    kind: 'remote',
    timeScale: Number(SCALE),
    sutCompressesTime: true,
    pics,
    ocpp: { station: { version: s.version, identity: s.identity, listenHost: '127.0.0.1', listenPort: s.csmsPort, path: '/ocpp', securityProfile: 0, connectors: 2 } },
    ...(operator ? { operator } : {}),
    timeouts: { ocpp: { connect: 15000, response: 4000, expect: 5000, quiet: 800 } },
  };
  const f = path.join(tmp, `${name}.json`);
  fs.writeFileSync(f, JSON.stringify(rig, null, 1));
  return f;
}

function evc(tags: string, env: Record<string, string>, reports: string) {
  return spawnEvc(['test', '--tags', tags], { EVC_REPORTS_DIR: path.join(tmp, reports), EVC_TIME_SCALE: '', ...env }, 360_000); // bounded; generous for a loaded CI
}

/** `evc: [i/N] STATUS name (d)` progress lines: scenario name → status and seconds. */
function verdicts(out: string): Map<string, { status: string; s: number }> {
  const m = new Map<string, { status: string; s: number }>();
  for (const x of out.matchAll(/evc: \[\d+\/\d+\] ([A-Z]+) (.+) \(([\d.]+) (ms|s|min)\)/gm)) m.set(x[2], { status: x[1], s: Number(x[3]) / (x[4] === 'ms' ? 1000 : 1) * (x[4] === 'min' ? 60 : 1) });
  return m;
}

function post(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.end(data);
  });
}

async function waitListening(port: number, ms: number): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (await listening(port)) return;
  throw new Error(`nothing listens on ${port} after ${ms} ms`);
}

type Question = Record<string, string | undefined>;
type Decision = 'done' | 'failed' | 'not-applicable' | 'ignore';

const OPEN_QUESTION = `(() => { const b = document.getElementById('instruction'); return b && b.dataset.state === 'open' ? Object.assign({}, b.dataset) : null; })()`;
const TRACE = `(() => ({ lines: document.querySelectorAll('#trace li').length, text: document.getElementById('trace').textContent, progress: document.getElementById('progress').textContent }))()`;
const click = (answer: string) => `document.querySelector('#instruction button[data-answer="${answer}"]').click()`;

/**
 * The operator at the bench: every open instruction is read from its data attributes; for Done the action is
 * performed on the station first (its control API, as a person's hands would), then the button is clicked.
 */
class Bot {
  readonly seen: Question[] = [];
  maxTraceLines = 0;
  traceText = '';
  progress = '';
  private stopped = false;
  private loop?: Promise<void>;

  constructor(
    private readonly page: HeadlessPage,
    private readonly station: Station,
    private readonly decide: (q: Question) => Decision,
  ) {}

  start(consoleUrl: string): void {
    this.loop = this.run(consoleUrl);
  }

  private async run(url: string): Promise<void> {
    await this.page.goto(url);
    const handled = new Set<string>();
    while (!this.stopped) {
      await sleep(120);
      const q = await this.page.evaluate<Question | null>(OPEN_QUESTION).catch(() => null);
      const t = await this.page.evaluate<{ lines: number; text: string; progress: string }>(TRACE).catch(() => undefined);
      if (t && t.lines > this.maxTraceLines) [this.maxTraceLines, this.traceText] = [t.lines, t.text];
      if (t?.progress.includes('scenario')) this.progress = t.progress;
      if (!q?.questionId || handled.has(q.questionId)) continue;
      handled.add(q.questionId);
      this.seen.push(q);
      const d = this.decide(q);
      if (d === 'ignore') continue;
      if (d === 'done') await this.act(q);
      await this.page.evaluate(click(d));
    }
  }

  /** The physical action, on the bench station's own control API (the person's hands). */
  private async act(q: Question): Promise<void> {
    const body: Record<string, unknown> = {};
    if (q.connector) body.connector = Number(q.connector);
    if (q.idTag) body.idTag = q.idTag;
    if (q.errorCode) body.errorCode = q.errorCode;
    if (q.ms) body.ms = Number(q.ms);
    if (q.conditions) body.conditions = JSON.parse(q.conditions) as unknown;
    const r = await post(`${this.station.control}/${q.action}`, body);
    assert.ok(r.status >= 200 && r.status < 300, `the station's control API refused ${q.action}: ${r.status} ${r.text}`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }
}

describe('operator console, a headless Chromium as the operator', { skip: SKIP, timeout: 600_000 }, () => {
  let page: HeadlessPage;
  let s16: Station;
  let s201: Station;

  before(async () => {
    page = new HeadlessPage(CHROMIUM!);
    [s16, s201] = await Promise.all([startStation('1.6', 'OPC-CP-16'), startStation('2.0.1', 'OPC-CS-201')]);
  });

  after(async () => {
    await page?.close();
    for (const s of [s16, s201]) s?.child.kill('SIGTERM');
    await Promise.all([s16, s201].map((s) => s && new Promise((r) => (s.child.exitCode !== null ? r(null) : s.child.once('exit', r)))));
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }); // a run killed at its timeout may still be writing
  });

  it('no answer in time fails naming the action, the page shows it closed, a late answer is refused, the port is closed', async () => {
    const op = new Operator({ rig: 'console-unit', timeoutMs: 1000 });
    const ui = new ConsoleFrontEnd(op, 0);
    const url = await ui.start();
    op.addFrontEnd(ui);
    try {
      await unanswered(op, url);
    } finally {
      await op.stop();
    }
    assert.equal(await listening(Number(new URL(url).port)), false, 'the console port is closed');
  });

  async function unanswered(op: Operator, url: string): Promise<void> {
    await page.goto(url);
    const conn = () => page.evaluate<string>(`document.getElementById('conn')?.textContent ?? ''`); // '' while the page loads
    for (let i = 0; i < 100 && (await conn()) !== 'live'; i++) await sleep(100);
    assert.equal(await conn(), 'live', 'the page is connected to the console (Server-Sent Events)');
    const t0 = Date.now();
    await assert.rejects(op.ask({ action: 'plug-in', connectorId: 2, instruction: 'Plug the EV cable into connector 2', expected: 'Occupied' }), /no answer for 'plug-in' within 1000 ms/);
    assert.ok(Date.now() - t0 < 3000, 'the timeout is the rig\'s, not longer');
    await sleep(300);
    const closed = await page.evaluate<Question>(`Object.assign({}, document.getElementById('instruction').dataset)`);
    assert.equal(closed?.state, 'closed');
    assert.equal(closed?.action, 'plug-in');
    assert.equal(closed?.connector, '2');
    assert.equal((await post(`${url}answer`, { id: closed?.questionId, answer: 'done' })).status, 409);
    // a second question, answered in the page: the first answer wins
    const asked = op.ask({ action: 'present-id-tag', params: { idTag: 'TAG-1' }, instruction: 'Present TAG-1', expected: 'Authorize' });
    let q: Question | null | undefined;
    for (let i = 0; i < 50 && !(q = await page.evaluate<Question | null>(OPEN_QUESTION)); i++) await sleep(100);
    assert.equal(q?.idTag, 'TAG-1');
    await page.evaluate(click('done'));
    assert.equal(await asked, 'done');
    assert.equal(op.answers.map((a) => `${a.action}:${a.answer}:${a.by}`).join(' '), 'plug-in:timeout:- present-id-tag:done:console');
  }

  it('1.6 and 2.0.1 scenarios through the console: the reference rig\'s verdicts; Failed and Not applicable; no console fails at once', async () => {
    const ok16 = '@TC_003_CS or @TC_005_1_CS';
    const ok201 = '@TC_E_03_CS or @TC_E_24_CS';
    const more16 = '@TC_004_1_CS or @TC_068_CS'; // answered Failed / Not applicable
    const reference = evc(`@sut:station and (${ok16} or ${ok201})`, { EVC_RIG: path.join(ROOT, 'rigs', 'reference.json') }, 'reference');
    // on the 2.0.1 station while the 1.6 one runs through the console (one harness CSMS per station at a time)
    const noConsole = evc('@TC_E_03_CS', { EVC_RIG: rigFile('no-console', s201, { terminal: true, timeoutMs: 30000 }) }, 'no-console');

    const run = async (s: Station, tags: string, decide: (q: Question) => Decision) => {
      const port = await freePort();
      const bot = new Bot(page, s, decide);
      const result = evc(tags, { EVC_RIG: rigFile(`console-${s.version}`, s, { console: { port }, timeoutMs: 20000 }) }, `console-${s.version}`);
      const up = await Promise.race([waitListening(port, 180_000).then(() => true), result.then(() => false)]); // a loaded CI took over 60 s to start a run
      if (!up) assert.fail(`the run ended before its console listened:\n${(await result).out.slice(-3000)}`);
      bot.start(`http://127.0.0.1:${port}/`);
      const r = await result;
      await bot.stop();
      assert.equal(await listening(port), false, 'the console port is closed at the end of the run');
      return { r, bot };
    };
    const c16 = await run(s16, `(${ok16} or ${more16})`, (q) => (/Identification First/.test(q.scenario ?? '') ? 'failed' : /^Stop transaction/.test(q.scenario ?? '') ? 'not-applicable' : 'done'));
    const nc = await noConsole;
    const c201 = await run(s201, ok201, () => 'done');

    const ref = verdicts((await reference).out);
    assert.equal(ref.size, 4, (await reference).out.slice(-2000));
    const v16 = verdicts(c16.r.out);
    const v201 = verdicts(c201.r.out);
    for (const [name, v] of ref) assert.equal((v16.get(name) ?? v201.get(name))?.status, v.status, `${name}: reference ${v.status}\n${c16.r.out.slice(-3000)}\n${c201.r.out.slice(-3000)}`);
    assert.deepEqual([...ref.values()].map((v) => v.status), ['PASSED', 'PASSED', 'PASSED', 'PASSED']);
    // the page acted on what the data attributes said: plug-in, an id tag, unplug (TC_005_1_CS), rest after each
    const actions = new Set([...c16.bot.seen, ...c201.bot.seen].map((q) => q.action));
    for (const a of ['plug-in', 'present-id-tag', 'unplug', 'rest']) assert.ok(actions.has(a), `the operator was asked for ${a}: ${[...actions].join(', ')}`);
    assert.ok(c16.bot.seen.some((q) => q.action === 'present-id-tag' && q.idTag && q.step), 'data-id-tag and data-step on the instruction');
    assert.ok(c16.bot.maxTraceLines > 5 && /StatusNotification/.test(c16.bot.traceText), `the live frame trace: ${c16.bot.maxTraceLines} lines`);
    assert.match(c16.bot.progress, /scenario \d of 4/);
    // Failed: the step fails naming the action and the answer
    assert.equal([...v16.entries()].find(([n]) => /Identification First/.test(n))?.[1].status, 'FAILED');
    assert.match(c16.r.out, /operator answered 'failed' to 'present-id-tag'/);
    // Not applicable: the scenario is skipped with the reason, and the summary says so and lists the answers
    assert.equal([...v16.entries()].find(([n]) => /^Stop transaction/.test(n))?.[1].status, 'SKIPPED');
    const summary = fs.readFileSync(path.join(tmp, 'console-1.6', 'summary', 'index.html'), 'utf8');
    assert.match(summary, /the operator answered &#39;not applicable&#39;|the operator answered 'not applicable'/);
    assert.match(summary, /Plug the EV cable into connector 1/);
    assert.match(summary, /asked \d{4}-\d\d-\d\dT[^<]*<\/div>/); // the summary's operator answers: asked and answered times, the front end
    assert.match(summary, /in the console/);
    const answers = fs.readFileSync(path.join(tmp, 'console-1.6', 'operator-answers.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(answers.every((a) => typeof a.at === 'string' && typeof a.askedAt === 'string' && typeof a.answeredUs === 'number'), 'wall-clock and monotonic time stamps');
    assert.deepEqual([...new Set(answers.map((a) => a.answer))].sort(), ['done', 'failed', 'not applicable']);

    // no console, no terminal: the step fails at once naming the action (nothing waits for the 30 s timeout)
    const ncv = [...verdicts(nc.out).values()];
    assert.equal(ncv[0]?.status, 'FAILED', nc.out.slice(-2000));
    assert.ok(ncv[0].s < 10, `failed at once, not after the operator timeout: ${ncv[0].s} s`);
    assert.match(nc.out, /'plug in' needs a bench driver or an operator/);
    assert.match(nc.out, /no operator terminal or console in this run/);
  });
});
