/**
 * Where CAN scenarios can run. On a host whose kernel has SocketCAN (and vcan), commands run directly with
 * vcan interfaces set up. Otherwise (this workplace: AF_CAN gives errno 97) they run inside Debian's
 * user-mode Linux kernel booted with hostfs as root (rigs/uml-vcan/), which has the CAN modules.
 *
 *   const r = await runWithCan(['node', '--import', 'tsx', '--test', 'test/can/vcan.test.ts'], { cwd, timeoutMs: 120_000 });
 *
 * No VM or process outlives a run: timeouts, parent exit, SIGINT and SIGTERM kill the UML process tree, a
 * host-side reaper kills it if the parent is SIGKILLed, and a guest-side watchdog halts the VM.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../core/errors';

export interface RunWithCanOptions {
  cwd: string;
  /** Added to (and overriding) the parent's environment. */
  env?: Record<string, string>;
  /** vcan interfaces to create; default vcan0, vcan1. */
  interfaces?: string[];
  timeoutMs: number;
  /** Force a way; default: host when it has CAN, else uml (also settable with EVC_CAN_ENV=host|uml). */
  how?: 'host' | 'uml';
  /** UML memory in MiB (default 1024). */
  memMb?: number;
  /**
   * How long to wait for another user-mode Linux run on this machine to finish (one at a time), before
   * timeoutMs starts. Default 15 minutes.
   */
  lockWaitMs?: number;
  /** Called with output as it is produced (the result still carries all of it). */
  onOutput?: (stream: 'stdout' | 'stderr', chunk: string) => void;
}

export interface RunWithCanResult {
  code: number;
  stdout: string;
  stderr: string;
  how: 'host' | 'uml';
  timedOut?: boolean;
  /** Wall time of the whole run on the host, ms. */
  totalMs: number;
  /** UML only: guest uptime (s) when init started, when CAN was ready, when the command ended. */
  guest?: { initS?: number; readyS?: number; doneS?: number };
}

export interface CanEnvironmentStatus {
  ok: boolean;
  how?: 'host' | 'uml';
  reason?: string;
}

const RIG_DIR = path.resolve(__dirname, '../../rigs/uml-vcan');
const DEFAULT_IFS = ['vcan0', 'vcan1'];
const IFNAME = /^[a-zA-Z0-9_.-]{1,15}$/;

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin'])) {
    const p = path.join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

function quiet(cmd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim() };
}

/** Why the host kernel cannot do SocketCAN, or undefined when it can. May load the can/vcan modules. */
export function hostCanProblem(): string | undefined {
  if (!existsSync('/proc/net/can')) {
    const modprobe = which('modprobe');
    if (modprobe) quiet(modprobe, ['-q', 'can-raw']);
    if (!existsSync('/proc/net/can')) return 'the host kernel has no SocketCAN (AF_CAN → errno 97, no /proc/net/can)';
  }
  return undefined;
}

function isCanInterface(ifname: string): boolean {
  try {
    return readFileSync(`/sys/class/net/${ifname}/type`, 'utf8').trim() === '280';
  } catch {
    return false;
  }
}

/** Creates (if missing) and brings up the vcan interfaces on this kernel; throws with the reason. */
export function setUpHostInterfaces(interfaces: string[]): void {
  const ip = which('ip');
  for (const ifname of interfaces) {
    if (!isCanInterface(ifname)) {
      if (!ip) throw new Error(`no '${ifname}' and no 'ip' command to create it (apt-get install iproute2)`);
      const r = quiet(ip, ['link', 'add', 'dev', ifname, 'type', 'vcan']);
      if (!r.ok) throw new Error(`cannot create ${ifname}: ${r.out}`);
      quiet(ip, ['link', 'set', ifname, 'mtu', '72']);
    }
    const flags = readFileSync(`/sys/class/net/${ifname}/flags`, 'utf8').trim();
    if ((parseInt(flags, 16) & 1) === 0) {
      if (!ip) throw new Error(`'${ifname}' is down and there is no 'ip' command`);
      const r = quiet(ip, ['link', 'set', 'up', ifname]);
      if (!r.ok) throw new Error(`cannot bring up ${ifname}: ${r.out}`);
    }
  }
}

/**
 * Where UML puts the file backing guest memory: /dev/shm when it has room for all of it (a small /dev/shm,
 * as in default containers, would SIGBUS the guest), else /var/tmp.
 */
function umlMemoryDir(memMb: number): string {
  try {
    const st = statfsSync('/dev/shm');
    if (st.bavail * st.bsize >= (memMb + 64) * 1024 * 1024) return '/dev/shm';
  } catch {
    // no /dev/shm
  }
  return '/var/tmp';
}

function umlKernel(): string | undefined {
  return which('linux.uml') ?? (existsSync('/usr/bin/linux.uml') ? '/usr/bin/linux.uml' : undefined);
}

/** Runs rigs/uml-vcan/install.sh (idempotent) and reports why UML cannot be used, if it cannot. */
export async function ensureUml(): Promise<string | undefined> {
  if (!umlKernel() || !which('insmod') || !which('ip')) {
    const r = await runInstallScript(600_000);
    if (r.code !== 0) return `user-mode Linux is not installed and rigs/uml-vcan/install.sh failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  }
  if (!umlKernel()) return 'linux.uml not found after install';
  if (!existsSync('/usr/lib/uml/modules')) return 'no /usr/lib/uml/modules (user-mode-linux package without modules?)';
  return undefined;
}

/** rigs/uml-vcan/install.sh without blocking the event loop (apt-get may take minutes on a fresh machine). */
function runInstallScript(timeoutMs: number): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [path.join(RIG_DIR, 'install.sh')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-8000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      resolve({ code: 127, stderr: String(e) });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stderr });
    });
  });
}

async function chooseHow(forced?: 'host' | 'uml'): Promise<CanEnvironmentStatus> {
  const env = process.env.EVC_CAN_ENV;
  const want = forced ?? (env === 'host' || env === 'uml' ? env : undefined);
  if (want !== 'uml') {
    const problem = hostCanProblem();
    if (!problem) return { ok: true, how: 'host' };
    if (want === 'host') return { ok: false, how: 'host', reason: problem };
  }
  const umlProblem = await ensureUml();
  if (umlProblem) return { ok: false, reason: umlProblem };
  return { ok: true, how: 'uml' };
}

/** Whether CAN scenarios can run here, and how (installs user-mode Linux when it is missing and we are root). */
export async function canEnvironmentStatus(): Promise<CanEnvironmentStatus> {
  const s = await chooseHow();
  if (s.ok && s.how === 'host' && !isCanInterface('vcan0') && process.getuid?.() !== 0) {
    return { ok: false, how: 'host', reason: 'host has SocketCAN but no vcan0, and creating it needs root' };
  }
  return s;
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs `command` where CAN works; resolves with its exit status and output. One UML at a time per process. */
export function runWithCan(command: string[], opts: RunWithCanOptions): Promise<RunWithCanResult> {
  if (command.length === 0) return Promise.reject(new ConfigError('can-env', 'command', 'empty command'));
  const interfaces = opts.interfaces ?? DEFAULT_IFS;
  for (const i of interfaces) if (!IFNAME.test(i)) return Promise.reject(new ConfigError('can-env', 'interfaces', `bad interface name '${i}'`));
  const run = async () => {
    const status = await chooseHow(opts.how);
    if (!status.ok) throw new ConfigError('can-env', status.how ?? '', status.reason ?? 'CAN unavailable');
    return status.how === 'host' ? runOnHost(command, opts, interfaces) : runInUml(command, opts, interfaces);
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

async function runOnHost(command: string[], opts: RunWithCanOptions, interfaces: string[]): Promise<RunWithCanResult> {
  setUpHostInterfaces(interfaces);
  const t0 = Date.now();
  const child = spawn(command[0], command.slice(1), {
    cwd: opts.cwd,
    env: { ...process.env, ...(opts.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (b: Buffer) => {
    out.push(b);
    opts.onOutput?.('stdout', b.toString());
  });
  child.stderr?.on('data', (b: Buffer) => {
    err.push(b);
    opts.onOutput?.('stderr', b.toString());
  });
  const { code, timedOut } = await superviseChild(child, opts.timeoutMs);
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), how: 'host', timedOut, totalMs: Date.now() - t0 };
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const LOCK_DIR = '/var/tmp/evc-uml.lock';
/** Survives boots: the guest bind-mounts its tsx-0 over /tmp/tsx-0 (tsx's compile cache). */
const UML_CACHE_DIR = '/var/tmp/evc-uml-cache';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One UML at a time on this machine (test files run in parallel processes; 2 shared cores): a lock directory
 * holding the owner's pid, taken over when that process is gone. Resolves with the release function.
 */
async function acquireUmlLock(waitMs: number, notify: (owner: number) => void): Promise<() => void> {
  const end = Date.now() + waitMs;
  let notified = false;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      const release = () => {
        process.off('exit', release);
        try {
          if (readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8') === String(process.pid)) rmSync(LOCK_DIR, { recursive: true, force: true });
        } catch {
          // already gone
        }
      };
      process.on('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
    } catch {
      // being written or removed
    }
    if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
      rmSync(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (!Number.isInteger(owner) && existsSync(LOCK_DIR) && Date.now() - statSync(LOCK_DIR).mtimeMs > 10_000) {
      rmSync(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (Date.now() >= end) throw new Error(`another user-mode Linux run (pid ${owner}) still holds ${LOCK_DIR} after ${waitMs} ms`);
    if (!notified) {
      notified = true;
      notify(owner);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function runInUml(command: string[], opts: RunWithCanOptions, interfaces: string[]): Promise<RunWithCanResult> {
  const t0 = Date.now();
  let release: () => void;
  try {
    release = await acquireUmlLock(opts.lockWaitMs ?? 15 * 60_000, (owner) =>
      opts.onOutput?.('stderr', `[can-env] waiting for another user-mode Linux run (pid ${owner}) to finish\n`),
    );
  } catch (err) {
    const note = `[can-env] ${(err as Error).message}\n`;
    opts.onOutput?.('stderr', note);
    return { code: 124, stdout: '', stderr: note, how: 'uml', timedOut: true, totalMs: Date.now() - t0 };
  }
  try {
    return await bootUml(command, opts, interfaces);
  } finally {
    release();
  }
}

async function bootUml(command: string[], opts: RunWithCanOptions, interfaces: string[]): Promise<RunWithCanResult> {
  const kernel = umlKernel()!;
  // Not under /tmp: the guest mounts a fresh tmpfs there.
  const runDir = mkdtempSync('/var/tmp/evc-uml-');
  const t0 = Date.now();
  try {
    // The guest's /tmp is a fresh tmpfs: a host TMPDIR under it would not exist there.
    const env = { ...process.env, TMPDIR: '/tmp', ...(opts.env ?? {}), EVC_CAN_ENV_INSIDE: 'uml' };
    const lines = ['#!/bin/sh', `cd ${shQuote(path.resolve(opts.cwd))} || exit 126`];
    for (const [k, v] of Object.entries(env)) {
      if (v !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) lines.push(`export ${k}=${shQuote(v)}`);
    }
    lines.push(`exec ${command.map(shQuote).join(' ')}`);
    writeFileSync(path.join(runDir, 'cmd.sh'), lines.join('\n') + '\n', { mode: 0o700 });
    const watchdogS = Math.ceil(opts.timeoutMs / 1000) + 5;
    const args = [
      `mem=${opts.memMb ?? 1024}M`,
      'rootfstype=hostfs',
      'rw',
      `init=${path.join(RIG_DIR, 'init.sh')}`,
      'con=null',
      'con0=fd:0,fd:1',
      `evc_run=${runDir}`,
      `evc_ifs=${interfaces.join(',')}`,
      `evc_watchdog=${watchdogS}`,
      `uml_dir=${runDir}`,
      `evc_cache=${UML_CACHE_DIR}`,
      // A working directory under /tmp (a clone in a temp dir) would vanish under the guest's fresh tmpfs:
      // the guest re-exposes it at the same path.
      ...(path.resolve(opts.cwd).startsWith('/tmp/') && !/\s/.test(opts.cwd) ? [`evc_keep=${path.resolve(opts.cwd)}`] : []),
      // The built-in RAID6 algorithm benchmark costs ~0.9 s of every boot; the guest never uses RAID6.
      'initcall_blacklist=raid6_select_algo',
    ];
    const child = spawn(kernel, args, { cwd: runDir, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TMPDIR: umlMemoryDir(opts.memMb ?? 1024), HOME: runDir } });
    const consoleOut: Buffer[] = [];
    let consoleLen = 0;
    const keep = (b: Buffer) => {
      consoleOut.push(b);
      consoleLen += b.length;
      while (consoleLen > 65536 && consoleOut.length > 1) consoleLen -= consoleOut.shift()!.length;
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const followers = opts.onOutput ? (['stdout', 'stderr'] as const).map((f) => followFile(path.join(runDir, f), (c) => opts.onOutput!(f, c))) : [];
    const poll = followers.length ? setInterval(() => followers.forEach((f) => f.poll()), 100) : undefined;
    const { timedOut } = await superviseChild(child, opts.timeoutMs, runDir);
    if (poll) clearInterval(poll);
    followers.forEach((f) => f.poll());
    const read = (f: string) => (existsSync(path.join(runDir, f)) ? readFileSync(path.join(runDir, f), 'utf8') : undefined);
    const statusText = read('status');
    const guest = parseTiming(read('timing'));
    let stderr = read('stderr') ?? '';
    let code: number;
    if (statusText !== undefined && statusText.trim() !== '') code = parseInt(statusText.trim(), 10);
    else {
      code = timedOut ? 124 : 125;
      const setup = read('setup-error') ?? '';
      const tail = Buffer.concat(consoleOut).toString().split('\n').slice(-15).join('\n');
      const note = `\n[can-env] user-mode Linux ended without the command's exit status${timedOut ? ` (timeout ${opts.timeoutMs} ms)` : ''}.\n${setup}\n[can-env] console tail:\n${tail}\n`;
      stderr += note;
      opts.onOutput?.('stderr', note);
    }
    if (setupTimedOut(read('setup-error'))) code = 124;
    return { code, stdout: read('stdout') ?? '', stderr, how: 'uml', timedOut: timedOut || code === 124, totalMs: Date.now() - t0, guest };
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

/** Reads what was appended to a file since the last poll (UML writes through hostfs as it goes). */
function followFile(file: string, emit: (chunk: string) => void): { poll: () => void } {
  let pos = 0;
  const decoder = new TextDecoder();
  return {
    poll() {
      let fd: number | undefined;
      try {
        fd = openSync(file, 'r');
        const buf = Buffer.alloc(65536);
        for (;;) {
          const n = readSync(fd, buf, 0, buf.length, pos);
          if (n <= 0) break;
          pos += n;
          emit(decoder.decode(buf.subarray(0, n), { stream: true }));
        }
      } catch {
        // not created yet
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    },
  };
}

function setupTimedOut(text: string | undefined): boolean {
  return text !== undefined && text.includes('watchdog:');
}

function parseTiming(text: string | undefined): RunWithCanResult['guest'] {
  const g: NonNullable<RunWithCanResult['guest']> = {};
  for (const line of (text ?? '').split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k === 'init') g.initS = Number(v);
    if (k === 'ready') g.readyS = Number(v);
    if (k === 'done') g.doneS = Number(v);
  }
  return g;
}

/** Every descendant pid of `pid` (from /proc), deepest last. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // process ended meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** Pids whose process group is `pgid` (zombies included). */
export function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

async function waitGroupGone(pgid: number, limitMs: number): Promise<void> {
  const end = Date.now() + limitMs;
  while (groupMembers(pgid).length > 0 && Date.now() < end) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // only zombies left
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function killTree(pid: number, alive = true): void {
  const pids = alive ? [pid, ...descendants(pid)] : [];
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // group gone
  }
  for (const p of pids) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

/**
 * Waits for a detached child (own process group) with a timeout. Kills its whole tree on timeout, on parent
 * exit and on SIGINT/SIGTERM; a small reaper shell kills it if this process dies without running handlers.
 */
function superviseChild(child: ChildProcess, timeoutMs: number, scratchDir?: string): Promise<{ code: number; timedOut: boolean }> {
  const pid = child.pid;
  if (pid === undefined) return new Promise((resolve) => child.once('error', () => resolve({ code: 127, timedOut: false })));
  const rm = scratchDir ? `; rm -rf '${scratchDir}'` : '';
  const reaper = spawn('/bin/sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${pid} 2>/dev/null; do sleep 1; done; kill -9 -${pid} 2>/dev/null${rm}; exit 0`], {
    stdio: 'ignore',
    detached: true,
  });
  reaper.unref();
  const onExit = () => {
    killTree(pid);
    if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = (sig: NodeJS.Signals) => {
    onExit();
    cleanup();
    // Restore the default behaviour when nobody else handles the signal.
    if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
  };
  const handlers = new Map(signals.map((s) => [s, () => onSignal(s)] as const));
  process.on('exit', onExit);
  for (const [s, h] of handlers) process.on(s, h);
  let timer: NodeJS.Timeout | undefined;
  const cleanup = () => {
    if (timer) clearTimeout(timer);
    process.off('exit', onExit);
    for (const [s, h] of handlers) process.off(s, h);
    try {
      if (reaper.pid) process.kill(-reaper.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  return new Promise((resolve) => {
    let timedOut = false;
    timer = setTimeout(() => {
      timedOut = true;
      killTree(pid);
    }, timeoutMs);
    child.once('error', () => {
      cleanup();
      resolve({ code: 127, timedOut });
    });
    child.once('close', (code, signal) => {
      // The group may hold helpers that outlived the main process: kill them and wait until they are reaped.
      killTree(pid, false);
      cleanup();
      void waitGroupGone(pid, 5000).then(() =>
        resolve({ code: timedOut ? 124 : (code ?? (signal ? 128 + (signalNumber(signal) ?? 0) : 1)), timedOut }),
      );
    });
  });
}

function signalNumber(sig: NodeJS.Signals): number | undefined {
  const table: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15, SIGABRT: 6, SIGSEGV: 11 };
  return table[sig];
}
