import type { SecurityProfile } from '../../../rig/ocpp-sut';
import type { Station } from './station';

interface ConnectionData {
  ocppVersion: string;
  ocppTransport: string;
  ocppCsmsUrl: string;
  messageTimeout: number;
  securityProfile: number;
  ocppInterface: string;
}

const SLOTS = 4;

/**
 * Network connection profiles (B09 / B10, and security profile upgrades A19–A22): SetNetworkProfile fills a
 * configuration slot (slot 0 is the profile the station was installed with); NetworkConfigurationPriority
 * (RebootRequired) decides which slot is used after the next reboot; after NetworkProfileConnectionAttempts
 * failed attempts the station falls back to the next slot of the list. A downgrade of the security profile,
 * or TLS without a CSMS root certificate (or SP3 without a client certificate), is Rejected.
 */
export function registerNetwork(st: Station): void {
  const slots = new Map<number, ConnectionData>();
  slots.set(0, {
    ocppVersion: 'OCPP20',
    ocppTransport: 'JSON',
    ocppCsmsUrl: st.opts.csmsUrl,
    messageTimeout: 30,
    securityProfile: st.opts.securityProfile,
    ocppInterface: 'Wired0',
  });
  let active = 0;
  let failures = 0;

  const priority = () =>
    st.dm
      .list('OCPPCommCtrlr', 'NetworkConfigurationPriority')
      .map(Number)
      .filter((n) => slots.has(n));

  const use = (slot: number) => {
    const d = slots.get(slot);
    if (!d) return;
    active = slot;
    failures = 0;
    st.csmsUrl = d.ocppCsmsUrl;
    st.securityProfile = d.securityProfile as SecurityProfile;
    st.dm.set({ name: 'SecurityCtrlr' }, { name: 'SecurityProfile' }, String(d.securityProfile));
  };

  // a technician's commissioning installs the station anew: slot 0 holds its settings, the others are emptied
  st.onCommissioned.push(() => {
    slots.clear();
    slots.set(0, { ocppVersion: 'OCPP20', ocppTransport: 'JSON', ocppCsmsUrl: st.csmsUrl, messageTimeout: 30, securityProfile: st.securityProfile, ocppInterface: 'Wired0' });
    st.dm.set({ name: 'OCPPCommCtrlr' }, { name: 'NetworkConfigurationPriority' }, '0');
    active = 0;
    failures = 0;
  });

  st.variableGuards.set('OCPPCommCtrlr.NetworkConfigurationPriority', (value) =>
    value.split(',').every((x) => slots.has(Number(x.trim()))) ? undefined : 'InvalidValue',
  );

  st.handle('SetNetworkProfile', (p: { configurationSlot: number; connectionData: ConnectionData }) => {
    const d = p.connectionData;
    const slotOk = st.fault('network-profile-any-slot-accepted') || (p.configurationSlot >= 0 && p.configurationSlot < SLOTS);
    if (!slotOk || p.configurationSlot === active) return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidSlot' } };
    if (d.ocppVersion !== 'OCPP20' || d.ocppTransport !== 'JSON') return { status: 'Rejected', statusInfo: { reasonCode: 'UnsupportedVersion' } };
    if (d.securityProfile < st.securityProfile && !st.fault('security-downgrade-accepted')) return { status: 'Rejected', statusInfo: { reasonCode: 'NoSecurityDowngrade' } };
    if (d.securityProfile >= 2 && st.csmsRoots.length === 0 && !st.fault('tls-without-csms-root-accepted')) return { status: 'Rejected', statusInfo: { reasonCode: 'NoCsmsRootCert' } };
    if (d.securityProfile === 3 && !st.clientCert) return { status: 'Rejected', statusInfo: { reasonCode: 'NoClientCert' } };
    if ((d.securityProfile === 1 || d.securityProfile === 2) && !st.password) return { status: 'Rejected', statusInfo: { reasonCode: 'NoPassword' } };
    slots.set(p.configurationSlot, { ...d });
    return { status: 'Accepted' };
  });

  // the priority list takes effect at the next boot
  st.onRebooted.push(() => {
    const first = priority()[0];
    if (first !== undefined && first !== active && !st.fault('network-priority-ignored')) use(first);
  });

  // fallback: after NetworkProfileConnectionAttempts failures try the next slot of the priority list
  st.onConnectFailed.push(() => {
    if (st.fault('no-network-fallback')) return;
    failures++;
    const list = priority();
    if (list.length < 2 || failures < Math.max(1, st.dm.int('OCPPCommCtrlr', 'NetworkProfileConnectionAttempts'))) return;
    const i = list.indexOf(active);
    use(list[(i + 1) % list.length]);
  });
}
