/**
 * The bench operator as a bot, for scripts/operator-console-check.sh: a headless Chromium opens the operator
 * console, reads each open instruction's data attributes, performs the action on the test station's own
 * control API (as a person's hands would: the harness itself never calls it) and clicks Done. Runs until the
 * console stops answering for 10 s after having answered, or SIGTERM; prints one line per question.
 *
 *   node --import tsx scripts/operator-bot.ts <console URL> <station control URL>
 */
import http from 'node:http';
import fs from 'node:fs';
import { HeadlessPage } from '../test/support/headless-page';

const [consoleUrl, control] = process.argv.slice(2);
if (!consoleUrl || !control) {
  console.error('usage: operator-bot.ts <console URL> <station control URL>');
  process.exit(2);
}
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
if (!CHROMIUM) {
  console.error('operator-bot: no Chromium (scripts/ensure-chromium.sh installs it)');
  process.exit(2);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const OPEN = `(() => { const b = document.getElementById('instruction'); return b && b.dataset.state === 'open' ? Object.assign({}, b.dataset) : null; })()`;

function post(url: string, body: unknown): Promise<number> {
  const data = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(30_000, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(data);
  });
}

async function main(): Promise<void> {
  const page = new HeadlessPage(CHROMIUM!);
  let stop = false;
  process.once('SIGTERM', () => (stop = true));
  process.once('SIGINT', () => (stop = true));
  const handled = new Set<string>();
  let answered = 0;
  try {
    await page.goto(consoleUrl);
    while (!stop) {
      await sleep(120);
      const q = await page.evaluate<Record<string, string> | null>(OPEN).catch(() => null);
      if (!q?.questionId || handled.has(q.questionId)) continue;
      handled.add(q.questionId);
      const body: Record<string, unknown> = {};
      if (q.connector) body.connector = Number(q.connector);
      if (q.idTag) body.idTag = q.idTag;
      if (q.errorCode) body.errorCode = q.errorCode;
      if (q.ms) body.ms = Number(q.ms);
      if (q.conditions) body.conditions = JSON.parse(q.conditions) as unknown;
      if (q.commission) Object.assign(body, JSON.parse(q.commission) as Record<string, unknown>); // the station's local set-up
      const status = await post(`${control.replace(/\/$/, '')}/${q.action}`, body);
      const answer = status >= 200 && status < 300 ? 'done' : 'failed';
      await page.evaluate(`document.querySelector('#instruction button[data-answer="${answer}"]').click()`);
      answered++;
      const shown = q.commission ? `{security profile ${String(body.securityProfile ?? 'installed')}}` : JSON.stringify(body); // no PEM texts in the log
      console.log(`operator-bot: ${q.questionId} ${q.action} ${shown} → station ${status}, clicked ${answer} (${q.scenario})`);
    }
  } finally {
    await page.close();
    console.log(`operator-bot: ${answered} question(s) answered`);
  }
}
void main();
