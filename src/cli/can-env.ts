/**
 * evc can-env status [--probe]  whether and how CAN (SocketCAN + vcan) is available here (--probe: start it once)
 * evc can-env run [options] -- <command…>
 *     runs the command where CAN works: on the host with vcan0/vcan1, or inside user-mode Linux
 *     --timeout <s>      default 300      --if <a,b>   interfaces (default vcan0,vcan1)
 *     --uml | --host     force a way      --json       print the result as JSON instead of the output
 */
import { type CanEnvironmentStatus, type RunWithCanResult, canEnvironmentStatus, runWithCan } from '../rig/can-env';

const USAGE = `usage: evc can-env status [--probe] [--json]
       evc can-env run [--timeout <s>] [--if vcan0,vcan1] [--uml|--host] [--json] -- <command…>`;

export async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'status') {
    const s: CanEnvironmentStatus & { probe?: RunWithCanResult } = await canEnvironmentStatus();
    if (s.ok && rest.includes('--probe')) {
      // Really start the environment once: vcan0 must be up and a trivial command must run.
      s.probe = await runWithCan(['sh', '-c', 'cat /sys/class/net/vcan0/mtu'], { cwd: '/', timeoutMs: 60_000 });
      if (s.probe.code !== 0 || s.probe.stdout.trim() !== '72') {
        s.ok = false;
        s.reason = `probe failed (exit ${s.probe.code}): ${s.probe.stderr.trim().split('\n').slice(-3).join(' | ')}`;
      }
    }
    if (rest.includes('--json')) console.log(JSON.stringify(s));
    else if (s.ok && s.how === 'host') console.log('CAN available on the host kernel (SocketCAN, vcan)');
    else if (s.ok) console.log('CAN available through user-mode Linux (host kernel has no SocketCAN; commands run in linux.uml with vcan0/vcan1)');
    else console.log(`CAN not available: ${s.reason}`);
    if (s.ok && s.probe && !rest.includes('--json')) {
      const g = s.probe.guest;
      console.log(`probe: vcan0 up (CAN FD mtu 72); ${(s.probe.totalMs / 1000).toFixed(2)} s in all${g?.readyS !== undefined ? `, vcan ready at ${g.readyS.toFixed(2)} s guest uptime` : ''}`);
    }
    return s.ok ? 0 : 1;
  }
  if (sub === 'run') {
    const sep = rest.indexOf('--');
    const opts = sep >= 0 ? rest.slice(0, sep) : [];
    const command = sep >= 0 ? rest.slice(sep + 1) : rest;
    if (command.length === 0) {
      console.error(USAGE);
      return 2;
    }
    let timeoutS = 300;
    let interfaces: string[] | undefined;
    let how: 'host' | 'uml' | undefined;
    let json = false;
    for (let i = 0; i < opts.length; i++) {
      const o = opts[i];
      if (o === '--timeout') timeoutS = Number(opts[++i]);
      else if (o === '--if') interfaces = (opts[++i] ?? '').split(',').filter(Boolean);
      else if (o === '--uml') how = 'uml';
      else if (o === '--host') how = 'host';
      else if (o === '--json') json = true;
      else {
        console.error(`evc can-env run: unknown option '${o}'\n${USAGE}`);
        return 2;
      }
    }
    if (!Number.isFinite(timeoutS) || timeoutS <= 0) {
      console.error('evc can-env run: --timeout needs a positive number of seconds');
      return 2;
    }
    const onOutput = json ? undefined : (stream: 'stdout' | 'stderr', chunk: string) => void process[stream].write(chunk);
    const r = await runWithCan(command, { cwd: process.cwd(), interfaces, timeoutMs: timeoutS * 1000, how, onOutput });
    if (json) console.log(JSON.stringify(r));
    else {
      const g = r.guest;
      const boot = g?.readyS !== undefined ? `, CAN ready at ${g.readyS.toFixed(2)} s guest uptime` : '';
      console.error(`[can-env] ${r.how}: exit ${r.code}${r.timedOut ? ' (timed out)' : ''} in ${(r.totalMs / 1000).toFixed(2)} s${boot}`);
    }
    return r.code;
  }
  console.log(USAGE);
  return sub === undefined || sub === '--help' || sub === '-h' ? 0 : 2;
}
