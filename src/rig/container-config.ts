/**
 * Rig `container` (kind: container; schemas/rig.schema.json, closed): the SUT image the harness starts with
 * testcontainers (src/rig/container.ts), and the checks the schema cannot make, one ConfigError per problem.
 *
 * Strings in command, env, wait, reset, apiUrl and the rig's SUT addresses (ocpp.csms.url, ocpp.station.driver.url)
 * may hold `${port.NAME}` (a port of `ports`; 0 there = a free one picked at start), `${harness.listenPort}`
 * (ocpp.station.listenPort: where the harness CSMS listens for a station container) and, in env only,
 * `${env:NAME}` (the harness's environment: secrets never live in the file). The container runs with host
 * networking, so its ports are host ports on 127.0.0.1.
 */
import fs from 'node:fs';
import { ConfigError } from '../core/errors';
import { resolveRigFile } from '../transport/tls/rig-files';

export interface ContainerRigConfig {
  image: string;
  /** Arguments to the image's entrypoint (its CMD is replaced). */
  command?: string[];
  env?: Record<string, string>;
  /** Named host ports the SUT listens on (0: a free one, picked when the container starts). */
  ports?: Record<string, number>;
  /** When the SUT is ready: every one given must hold (a log line, a TCP port, an HTTP answer). */
  wait?: { log?: string; port?: string; http?: { port: string; path: string; status?: number } };
  startupTimeoutMs?: number;
  /** Files copied in before the start: a rig-relative path or a run-PKI file (`${pki.rootCa.cert}` …). */
  files?: { source: string; target: string; mode?: number }[];
  resources?: { memoryMb?: number; cpus?: number };
  /** One container for the whole run (default), per feature, or per scenario. */
  lifecycle?: 'run' | 'feature' | 'scenario';
  /** Between scenarios of a shared container: an HTTP request the SUT offers to reset itself. */
  reset?: { port: string; path: string; method?: string; timeoutMs?: number };
  /** `${sut.apiUrl}` of the rig's CSMS driver (e.g. `http://127.0.0.1:${port.api}`). */
  apiUrl?: string;
  /** How many of its last log lines a failure shows (default 30). */
  logLines?: number;
}

/** Run-PKI files a rig may copy in (src/transport/tls/run-pki.ts): the root CA and the CSMS server pair. */
export const PKI_FILES = ['pki.rootCa.cert', 'pki.csmsServer.cert', 'pki.csmsServer.key'] as const;
export type PkiFile = (typeof PKI_FILES)[number];

/** Env names that hold secrets: their value must come from the harness's environment (`${env:NAME}`). */
const SECRET_NAME = /pass|secret|token|credential|api_?key|access_?key|auth/i;

/** True when the rig copies the run PKI into its container: the harness then trusts the run PKI root. */
export function containerUsesRunPki(c: ContainerRigConfig | undefined): boolean {
  return (c?.files ?? []).some((f) => /^\$\{pki\./.test(f.source));
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]);
}

/** `${port.NAME}`, `${harness.listenPort}` and (allowEnv) `${env:NAME}` in a rig string. */
export function expandContainerText(text: string, cfg: { container?: ContainerRigConfig; ocpp?: { station?: { listenPort?: number } } }, allowEnv = false, env: NodeJS.ProcessEnv = process.env): string {
  return text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name.startsWith('port.')) return String(cfg.container?.ports?.[name.slice(5)] ?? whole);
    if (name === 'harness.listenPort') return String(cfg.ocpp?.station?.listenPort ?? whole);
    if (allowEnv && name.startsWith('env:')) return env[name.slice(4)] ?? '';
    return whole;
  });
}

/**
 * Problems of a container rig (file and field named), or none; without problems, `${port.NAME}` and
 * `${harness.listenPort}` in the SUT's addresses (ocpp.csms.url, ocpp.station.driver.url, container.apiUrl) are
 * expanded in place.
 */
export function checkContainerConfig(cfg: ContainerRigShape, file: string, shown: string, env: NodeJS.ProcessEnv = process.env): ConfigError[] {
  const c = cfg.container;
  const out: ConfigError[] = [];
  if (!c) return cfg.kind === 'container' ? [new ConfigError(shown, 'container', 'is required for kind container')] : [];
  if (cfg.kind !== 'container') out.push(new ConfigError(shown, 'container', `only a rig of kind container starts one (kind is '${cfg.kind}')`));
  const ports = Object.keys(c.ports ?? {});
  const checkText = (field: string, text: string, allowEnv: boolean) => {
    for (const name of placeholders(text)) {
      if (name.startsWith('port.')) {
        if (!ports.includes(name.slice(5))) out.push(new ConfigError(shown, field, `\${${name}}: no such port in container.ports (known: ${ports.join(', ') || 'none'})`));
      } else if (name === 'harness.listenPort') {
        if (!cfg.ocpp?.station?.listenPort) out.push(new ConfigError(shown, field, '${harness.listenPort} needs ocpp.station.listenPort'));
      } else if (name.startsWith('env:')) {
        if (!allowEnv) out.push(new ConfigError(shown, field, `\${${name}}: environment values go in container.env only (the command line is visible in the process list)`));
        else if (!env[name.slice(4)]) out.push(new ConfigError(shown, field, `\${${name}}: environment variable ${name.slice(4)} is not set (set it before the run; nothing was run)`));
      } else out.push(new ConfigError(shown, field, `\${${name}}: unknown (known: port.<name>, harness.listenPort${allowEnv ? ', env:NAME' : ''})`));
    }
  };
  (c.command ?? []).forEach((arg, i) => checkText(`container.command[${i}]`, arg, false));
  for (const [k, v] of Object.entries(c.env ?? {})) {
    checkText(`container.env.${k}`, v, true);
    if (SECRET_NAME.test(k) && !/^\$\{env:[^}]+\}$/.test(v)) out.push(new ConfigError(shown, `container.env.${k}`, 'looks like a secret: give it as ${env:NAME} (taken from the environment), never literally in the rig file'));
  }
  const portName = (field: string, name: string | undefined) => {
    if (name !== undefined && !ports.includes(name)) out.push(new ConfigError(shown, field, `'${name}' is not a port in container.ports (known: ${ports.join(', ') || 'none'})`));
  };
  portName('container.wait.port', c.wait?.port);
  portName('container.wait.http.port', c.wait?.http?.port);
  portName('container.reset.port', c.reset?.port);
  if (!c.wait?.log && !c.wait?.port && !c.wait?.http) out.push(new ConfigError(shown, 'container.wait', 'needs log, port or http: without one the first scenario would race the SUT\'s start'));
  if (c.apiUrl) checkText('container.apiUrl', c.apiUrl, false);
  (c.files ?? []).forEach((f, i) => {
    const m = /^\$\{([^}]+)\}$/.exec(f.source);
    if (m) {
      if (!(PKI_FILES as readonly string[]).includes(m[1])) out.push(new ConfigError(shown, `container.files[${i}].source`, `\${${m[1]}}: unknown (known: ${PKI_FILES.join(', ')})`));
    } else if (!fs.existsSync(resolveRigFile(f.source, file))) out.push(new ConfigError(shown, `container.files[${i}].source`, `${f.source}: no such file`));
  });
  for (const [field, text] of [['ocpp.csms.url', cfg.ocpp?.csms?.url], ['ocpp.station.driver.url', cfg.ocpp?.station?.driver?.url]] as const) if (text) checkText(field, text, false);
  // the password the harness station presents to a CSMS container is the secret it was started with
  const password = cfg.ocpp?.csms?.password;
  if (password?.includes('${')) {
    if (!/^\$\{env:[^}]+\}$/.test(password)) out.push(new ConfigError(shown, 'ocpp.csms.password', 'on a container rig is a literal or exactly ${env:NAME}'));
    else checkText('ocpp.csms.password', password, true);
  }
  if (out.length === 0) {
    const x = (t: string | undefined) => (t === undefined ? undefined : expandContainerText(t, cfg));
    if (cfg.ocpp?.csms?.url) cfg.ocpp.csms.url = x(cfg.ocpp.csms.url);
    if (cfg.ocpp?.station?.driver) cfg.ocpp.station.driver.url = x(cfg.ocpp.station.driver.url) ?? '';
    c.apiUrl = x(c.apiUrl);
    if (password?.includes('${') && cfg.ocpp?.csms) cfg.ocpp.csms.password = expandContainerText(password, cfg, true, env);
  }
  return out;
}

interface ContainerRigShape {
  kind: string;
  container?: ContainerRigConfig;
  ocpp?: { station?: { listenPort?: number; driver?: { url: string } }; csms?: { url?: string; password?: string } };
}
