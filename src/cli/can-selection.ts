/**
 * Which selected scenarios `evc test` must run where SocketCAN exists, and the scenario selection by
 * `file:line`. On a reference rig only @vcan scenarios need CAN (the others talk to embedded SUTs); on a rig
 * that reaches a real ECU over CAN (any kind but reference, with a `can` section) every UDS/OBD scenario
 * that is not a DoIP one goes over CAN too (src/uds/harness.ts opens SocketCAN for it), so it runs on the
 * host when the host has CAN, else in user-mode Linux when the rig names a vcan — never on a host without CAN,
 * where it could only fail with CanOpenError.
 */
import path from 'node:path';
import { ConfigError } from '../core/errors';
import { listScenarios, type ScenarioInfo } from '../core/features';
import type { RigConfig } from '../rig/types';

type CanRig = Pick<RigConfig, 'kind' | 'can'> & Partial<Pick<RigConfig, 'chademo'>>;

/** The rig reaches a real ECU over CAN. */
export function isRemoteCanRig(rig: CanRig): boolean {
  return rig.kind !== 'reference' && rig.can !== undefined;
}

/** Tag expression of the scenarios that need SocketCAN on this rig. */
export function canTagExpression(rig: CanRig): string {
  return isRemoteCanRig(rig) ? '@vcan or ((@uds or @obd) and not @doip)' : '@vcan';
}

/** Whether a scenario with these tags needs SocketCAN on this rig (same rule as {@link canTagExpression}). */
export function needsCan(rig: CanRig, tags: readonly string[]): boolean {
  if (tags.includes('@vcan')) return true;
  return isRemoteCanRig(rig) && (tags.includes('@uds') || tags.includes('@obd')) && !tags.includes('@doip');
}

/** The interface the rig's CAN scenarios use (the harness default is vcan0). */
export function rigCanInterface(rig: CanRig): string {
  return rig.can?.interface ?? 'vcan0';
}

/**
 * Why the rig's CAN scenarios cannot run in user-mode Linux, or undefined: there only vcan interfaces exist,
 * so a rig naming real hardware (can0) needs a host with SocketCAN.
 */
export function umlProblem(rig: CanRig): string | undefined {
  const named = [rigCanInterface(rig), rig.chademo?.can?.interface, rig.chademo?.lines?.kind === 'vcan' ? rig.chademo.lines.interface : undefined];
  const ifname = named.find((i): i is string => i !== undefined && !/^vcan\d+$/.test(i));
  return ifname === undefined ? undefined : `rig names CAN interface '${ifname}', which only a host with SocketCAN has (user-mode Linux provides vcan interfaces only)`;
}

/**
 * The scenarios a feature path names: a directory, a file, or `file:line[:line…]` (cucumber's own syntax;
 * a line selects the scenario or example row starting there). A path or line that names nothing is a
 * ConfigError (the run would otherwise select nothing and exit 0).
 */
export function scenariosAt(arg: string): ScenarioInfo[] {
  const m = /^(.*?\.feature)((?::\d+)+)$/.exec(arg);
  const file = path.resolve(m ? m[1] : arg);
  const all = listScenarios(file);
  if (all.length === 0) throw new ConfigError(arg, '', 'no scenario at this path');
  if (!m) return all;
  const lines = m[2].slice(1).split(':').map(Number);
  const out = all.filter((s) => lines.includes(s.line));
  if (out.length === 0) throw new ConfigError(m[1], `line ${lines.join(', ')}`, `no scenario or example row starts there (scenarios start at ${all.map((s) => s.line).join(', ')})`);
  return out;
}
