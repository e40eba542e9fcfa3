import { X509Certificate, createPrivateKey } from 'node:crypto';
import { buildCsr, hashData, splitPem, type CertificateHashData } from '../../common/x509';
import type { Station } from './station';
import type { Transactions } from './transactions';

type InstallType = 'V2GRootCertificate' | 'MORootCertificate' | 'CSMSRootCertificate' | 'ManufacturerRootCertificate';

/** A transfer location that fails: an unparsable URL or a host ending in `.invalid`. */
function unreachable(location: string): boolean {
  try {
    return new URL(location).hostname.endsWith('.invalid');
  } catch {
    return true;
  }
}

/**
 * Security (block A: security events, station certificate; block M: certificate management), firmware
 * management (block L) and diagnostics (block N, GetLog): SignCertificate / CertificateSigned, InstallCertificate /
 * GetInstalledCertificateIds / DeleteCertificate, security events, UpdateFirmware with FirmwareStatusNotification
 * (requestId carried), GetLog with LogStatusNotification. Transfers move no bytes (see README).
 */
export function registerSecurity(st: Station, tx: Transactions): void {
  const store: Array<{ type: InstallType; pem: string }> = [];
  for (const ca of st.csmsRoots) for (const pem of splitPem(ca)) store.push({ type: 'CSMSRootCertificate', pem });
  const entries = () => st.dm.set({ name: 'SecurityCtrlr' }, { name: 'CertificateEntries' }, String(store.length));
  entries();
  let pendingKey: string | undefined;
  /** Customer data the station holds (idToken → what is known), filled by transactions. */
  const customers = new Map<string, string>();
  st.onCustomerSeen = (idToken) => customers.set(idToken, `last seen ${st.now()}`);

  // ---------------------------------------------------------------- certificates

  const requestCertificate = () => {
    const { csr, privateKey } = buildCsr(st.identity, st.dm.get('SecurityCtrlr', 'OrganizationName') || 'EVC');
    pendingKey = privateKey;
    void st.send('SignCertificate', { csr, certificateType: 'ChargingStationCertificate' }).catch(() => undefined);
  };
  st.triggers.set('SignChargingStationCertificate', requestCertificate);

  st.handle('CertificateSigned', (p: { certificateChain: string; certificateType?: string }) => {
    const certs = splitPem(p.certificateChain);
    try {
      if (certs.length === 0 || !pendingKey) throw new Error('no certificate or no pending CSR');
      const leaf = new X509Certificate(certs[0]);
      if (!leaf.checkPrivateKey(createPrivateKey(pendingKey))) throw new Error('certificate does not match the CSR key');
      st.clientCert = { cert: p.certificateChain, key: pendingKey };
      pendingKey = undefined;
      return { status: 'Accepted' };
    } catch (err) {
      st.timers.timeout(1, () => st.securityEvent('InvalidChargingStationCertificate', (err as Error).message));
      return { status: 'Rejected' };
    }
  });

  st.handle('InstallCertificate', (p: { certificateType: InstallType; certificate: string }) => {
    const certs = splitPem(p.certificate);
    try {
      if (certs.length === 0) throw new Error('no certificate');
      if (!st.fault('install-certificate-no-check')) for (const c of certs) new X509Certificate(c);
    } catch {
      return { status: 'Rejected' };
    }
    if (st.fault('install-certificate-not-stored')) return { status: 'Accepted' };
    for (const pem of certs) store.push({ type: p.certificateType, pem });
    if (p.certificateType === 'CSMSRootCertificate') st.csmsRoots.push(...certs);
    entries();
    return { status: 'Accepted' };
  });

  st.handle('GetInstalledCertificateIds', (p: { certificateType?: string[] }) => {
    const all = !p.certificateType?.length;
    if (all && st.fault('certificate-ids-need-filter')) return { status: 'NotFound' };
    const list = store.filter((c) => all || p.certificateType?.includes(c.type));
    const chain = list.map((c) => ({ certificateType: c.type, certificateHashData: hashData(c.pem) })).filter((c) => c.certificateHashData);
    if (chain.length === 0) return { status: st.fault('certificate-ids-empty-accepted') ? 'Accepted' : 'NotFound' };
    return { status: 'Accepted', certificateHashDataChain: chain };
  });

  st.handle('DeleteCertificate', (p: { certificateHashData: CertificateHashData }) => {
    const want = p.certificateHashData;
    const i = store.findIndex((c) => {
      const h = hashData(c.pem);
      return !!h && h.issuerNameHash === want.issuerNameHash.toLowerCase() && h.issuerKeyHash === want.issuerKeyHash.toLowerCase() && h.serialNumber === want.serialNumber.toLowerCase().replace(/^0+(?=.)/, '');
    });
    if (i < 0) return { status: st.fault('delete-unknown-certificate-accepted') ? 'Accepted' : 'NotFound' };
    const c = store[i];
    if (st.fault('delete-certificate-not-deleted')) return { status: 'Accepted' };
    // the last CSMS root cannot be removed while it is needed for the connection
    if (c.type === 'CSMSRootCertificate' && st.securityProfile >= 2 && store.filter((x) => x.type === 'CSMSRootCertificate').length === 1) return { status: 'Failed' };
    store.splice(i, 1);
    if (c.type === 'CSMSRootCertificate') st.csmsRoots = st.csmsRoots.filter((pem) => pem.trim() !== c.pem.trim());
    entries();
    return { status: 'Accepted' };
  });

  // ---------------------------------------------------------------- firmware

  let firmwareStatus = 'Idle';
  let firmwareRequest: number | undefined;
  let firmwareRun = 0;
  const firmwareNotify = (status: string, requestId = firmwareRequest) => {
    firmwareStatus = status;
    const payload = { status, requestId: st.fault('firmware-status-no-request-id') ? undefined : requestId };
    st.enqueue('FirmwareStatusNotification', payload);
  };
  st.triggers.set('FirmwareStatusNotification', () => {
    const inProgress = !['Idle', 'Installed', 'DownloadFailed', 'InstallationFailed', 'InvalidSignature', 'InstallVerificationFailed'].includes(firmwareStatus);
    firmwareNotify(inProgress ? firmwareStatus : 'Idle', inProgress ? firmwareRequest : undefined);
  });

  st.handle('UpdateFirmware', (p: { requestId: number; retries?: number; retryInterval?: number; firmware: { location: string; retrieveDateTime: string; installDateTime?: string; signingCertificate?: string; signature?: string } }) => {
    if (p.firmware.signingCertificate !== undefined) {
      try {
        new X509Certificate(p.firmware.signingCertificate);
      } catch {
        if (!st.fault('firmware-cert-no-security-event')) st.timers.timeout(1, () => st.securityEvent('InvalidFirmwareSigningCertificate', 'signing certificate does not parse'));
        return { status: 'InvalidCertificate' };
      }
    }
    const busy = firmwareRequest !== undefined && !['Idle', 'Installed', 'DownloadFailed', 'InstallationFailed', 'InvalidSignature'].includes(firmwareStatus);
    // an installation under way cannot be canceled
    if (busy && ['Installing', 'InstallRebooting'].includes(firmwareStatus)) return { status: 'Rejected' };
    const run = ++firmwareRun;
    firmwareRequest = p.requestId;
    const step = st.ms(1, 20);
    const alive = () => run === firmwareRun && !st.timers.isStopped;
    const wait = Math.max(0, Date.parse(p.firmware.retrieveDateTime) - Date.now()) * st.opts.timeScale;
    void (async () => {
      if (wait > step) {
        firmwareNotify('DownloadScheduled');
        await st.timers.sleep(wait);
      }
      if (!alive()) return;
      firmwareNotify('Downloading');
      await st.timers.sleep(step);
      if (!alive()) return;
      if (st.sim.firmwareDownloadFails || unreachable(p.firmware.location)) return firmwareNotify('DownloadFailed');
      firmwareNotify('Downloaded');
      if (p.firmware.signature !== undefined) {
        await st.timers.sleep(step);
        if (st.sim.invalidFirmwareSignature || !/^[A-Za-z0-9+/=]+$/.test(p.firmware.signature)) {
          firmwareNotify('InvalidSignature');
          st.securityEvent('InvalidFirmwareSignature', 'firmware signature does not verify');
          return;
        }
        firmwareNotify('SignatureVerified');
      }
      // installDateTime in the future: InstallScheduled until then (scaled like every wait)
      const installWait = p.firmware.installDateTime ? Math.max(0, Date.parse(p.firmware.installDateTime) - Date.now()) * st.opts.timeScale : 0;
      if (installWait > step) {
        firmwareNotify('InstallScheduled');
        await st.timers.sleep(installWait);
        if (!alive()) return;
      }
      // installation waits until no transaction runs
      if (st.allEvses.some((e) => e.tx)) {
        if (installWait <= step) firmwareNotify('InstallScheduled');
        while (st.allEvses.some((e) => e.tx) && alive()) await st.timers.sleep(step);
      }
      if (!alive()) return;
      firmwareNotify('Installing');
      await st.timers.sleep(step);
      if (st.sim.firmwareInstallFails) return firmwareNotify('InstallationFailed');
      firmwareNotify('InstallRebooting');
      await st.timers.sleep(step);
      if (!alive()) return;
      st.firmwareVersion = `${st.firmwareVersion.replace(/\+fw\d+$/, '')}+fw${p.requestId}`;
      st.afterBoot.push(() => firmwareNotify('Installed', p.requestId));
      tx.stopAll('AbnormalCondition', 'Reboot');
      await st.drain();
      await st.reboot(st.ms(2, 20), 'FirmwareUpdate');
    })();
    return { status: busy ? 'AcceptedCanceled' : 'Accepted' };
  });

  // ---------------------------------------------------------------- customer information (N09 / N10)

  st.handle('CustomerInformation', (p: { requestId: number; report: boolean; clear: boolean; customerIdentifier?: string; idToken?: { idToken: string; type: string }; customerCertificate?: unknown }) => {
    if (p.customerIdentifier === undefined && p.idToken === undefined && p.customerCertificate === undefined) return { status: 'Invalid' };
    const who = p.idToken?.idToken ?? p.customerIdentifier ?? 'certificate';
    const known = customers.has(who);
    if (p.report || st.fault('customer-information-reports-always')) {
      st.timers.timeout(1, () => {
        const data = known ? `customer ${who}: ${customers.get(who)}` : 'No data';
        void st.send('NotifyCustomerInformation', { data, tbc: false, seqNo: 0, generatedAt: st.now(), requestId: p.requestId }).catch(() => undefined);
      });
    }
    if (p.clear) customers.delete(who);
    return { status: 'Accepted' };
  });

  // ---------------------------------------------------------------- logs

  let logStatus = 'Idle';
  let logRequest: number | undefined;
  let logRun = 0;
  const logNotify = (status: string, requestId = logRequest) => {
    logStatus = status;
    st.enqueue('LogStatusNotification', { status, requestId: st.fault('log-status-no-request-id') ? undefined : requestId });
  };
  st.triggers.set('LogStatusNotification', () => (logStatus === 'Uploading' ? logNotify('Uploading') : logNotify('Idle', undefined)));

  st.handle('GetLog', (p: { logType: 'DiagnosticsLog' | 'SecurityLog'; requestId: number; log: { remoteLocation: string }; retries?: number; retryInterval?: number }) => {
    const busy = logStatus === 'Uploading';
    if (busy && logRequest !== undefined) logNotify('AcceptedCanceled', logRequest);
    const run = ++logRun;
    logRequest = p.requestId;
    const filename = `${p.logType === 'SecurityLog' ? 'security' : 'diagnostics'}-${st.identity}-${p.requestId}.log`.slice(0, 255);
    void (async () => {
      await st.timers.sleep(st.ms(0.5, 10));
      if (run !== logRun) return;
      logNotify('Uploading');
      await st.timers.sleep(st.ms(1, 20));
      if (run !== logRun) return;
      logNotify((st.sim.uploadFails || unreachable(p.log.remoteLocation)) && !st.fault('log-upload-failure-hidden') ? 'UploadFailure' : 'Uploaded');
      logStatus = 'Idle';
    })();
    return { status: busy ? 'AcceptedCanceled' : 'Accepted', filename };
  });
}
