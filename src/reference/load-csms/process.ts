/**
 * One lean load CSMS as its own process (`node --import tsx src/reference/load-csms/process.ts`), options as
 * JSON in EVC_LOAD_CSMS. Reports `{ready, url, port}` to its parent over IPC (or prints the url), sends its
 * stats when asked (`stats`), and stops on `stop`, SIGTERM/SIGINT or when the parent goes away.
 */
import { startLoadCsms, type LoadCsmsOptions } from './server';

async function main(): Promise<void> {
  const opts = JSON.parse(process.env.EVC_LOAD_CSMS ?? '{}') as LoadCsmsOptions;
  const csms = await startLoadCsms(opts);
  let ending = false;
  const end = async () => {
    if (ending) return;
    ending = true;
    await csms.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void end());
  process.on('SIGINT', () => void end());
  if (process.send) {
    process.send({ type: 'ready', url: csms.url, port: csms.port });
    process.on('message', (m: { type: string }) => {
      if (m.type === 'stats') process.send?.({ type: 'stats', stats: csms.stats(), cpu: process.cpuUsage(), rss: process.memoryUsage.rss() });
      if (m.type === 'stop') void end();
    });
    process.on('disconnect', () => void end());
  } else {
    console.log(`load CSMS listening on ${csms.url}`);
  }
}

main().catch((e) => {
  console.error(`load CSMS: ${(e as Error).message}`);
  process.exit(1);
});
