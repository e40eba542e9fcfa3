import { createPrivateKey, X509Certificate } from 'node:crypto';
import { isoNow } from '../util';
import { buildCsr, hashData, splitPem, type CertificateHashData } from '../../common/x509';
import { unreachable, type Firmware } from './firmware';
import { sendTriggered } from './remote-trigger';
import type { StationCommissioning } from '../../../rig/ocpp-sut';
import type { Station } from './station';
import type { Transactions } from './transactions';

type CertUse = 'CentralSystemRootCertificate' | 'ManufacturerRootCertificate';

/**
 * The OCPP 1.6 security extension on the reference charge point: security events, CSR / CertificateSigned,
 * certificate store, ExtendedTriggerMessage, GetLog, SignedUpdateFirmware, AuthorizationKey and
 * SecurityProfile changes (upgrade only; the station reconnects with the new settings).
 */
export function registerSecurity(st: Station, tx: Transactions, fw: Firmware): void {
  const store: Array<{ use: CertUse; pem: string }> = [];
  for (const ca of st.csmsRoots) for (const pem of splitPem(ca)) store.push({ use: 'CentralSystemRootCertificate', pem });
  let pendingKey: string | undefined;
  let signedFirmwareStatus = 'Idle';
  let logStatus = 'Idle';
  let lastRequestId: number | undefined;

  const securityEvent = (type: string, techInfo?: string) =>
    st.enqueue('SecurityEventNotification', () => ({ type, timestamp: isoNow(), techInfo }));

  st.onOnline.push(() => {
    if (st.tlsWarning && !st.fault('accepts-bad-csms-cert')) securityEvent(st.tlsWarning);
    st.tlsWarning = undefined;
  });

  // ---------------------------------------------------------------- security profile / password

  st.configGuards.set('SecurityProfile', (value) => {
    const v = Number(value);
    if (v < st.securityProfile && /^[0-3]$/.test(value) && st.fault('security-profile-downgrade-accepted')) return undefined;
    if (!/^[0-3]$/.test(value) || v <= st.securityProfile) return v === st.securityProfile ? undefined : 'Rejected';
    if (v >= 2 && st.csmsRoots.length === 0) return 'Rejected';
    if (v === 3 && !st.clientCert) return 'Rejected';
    if (v >= 1 && v <= 2 && !st.password) return 'Rejected';
    return undefined;
  });
  st.onConfigChange.set('SecurityProfile', (value) => {
    if (!st.fault('security-profile-upgrade-not-applied') || Number(value) < st.securityProfile) st.securityProfile = Number(value) as 0 | 1 | 2 | 3;
    void st.reconnectWithNewSettings();
  });
  st.onConfigChange.set('AuthorizationKey', (value) => {
    if (!st.fault('password-change-not-applied')) st.password = value;
    securityEvent('ReconfigurationOfSecurityParameters');
    if (st.securityProfile === 1 || st.securityProfile === 2) st.timers.timeout(st.ms(0.5, 10), () => void st.reconnectWithNewSettings());
  });

  // ---------------------------------------------------------------- certificates

  async function requestCertificate(): Promise<void> {
    const { csr, privateKey } = buildCsr(st.identity, st.config.get('CpoName') || 'EVC');
    pendingKey = privateKey;
    await st.send('SignCertificate', { csr }).catch(() => undefined);
  }

  st.handle('CertificateSigned', ({ certificateChain }: { certificateChain: string }) => {
    const certs = splitPem(certificateChain);
    const invalid = () => {
      securityEvent('InvalidChargePointCertificate');
      return { status: 'Rejected' };
    };
    if (certs.length === 0 || certificateChain.length > st.config.int('CertificateSignedMaxChainSize') || !pendingKey) return invalid();
    try {
      const leaf = new X509Certificate(certs[0]);
      const now = Date.now();
      if (Date.parse(leaf.validFrom) > now || Date.parse(leaf.validTo) < now) return invalid();
      if (!leaf.checkPrivateKey(createPrivateKey(pendingKey))) return invalid();
      for (let i = 1; i < certs.length; i++) {
        const parent = new X509Certificate(certs[i]);
        const child = new X509Certificate(certs[i - 1]);
        if (!child.checkIssued(parent) || !child.verify(parent.publicKey)) return invalid();
      }
    } catch {
      return invalid();
    }
    st.clientCert = { cert: certificateChain, key: pendingKey };
    pendingKey = undefined;
    return { status: 'Accepted' };
  });

  st.handle('InstallCertificate', ({ certificateType, certificate }: { certificateType: CertUse; certificate: string }) => {
    try {
      new X509Certificate(certificate);
    } catch {
      return { status: 'Rejected' };
    }
    if (store.length >= st.config.int('CertificateStoreMaxLength')) return { status: 'Failed' };
    const other: CertUse = certificateType === 'CentralSystemRootCertificate' ? 'ManufacturerRootCertificate' : 'CentralSystemRootCertificate';
    store.push({ use: st.fault('certificate-stored-as-other-type') ? other : certificateType, pem: certificate });
    if (certificateType === 'CentralSystemRootCertificate') st.csmsRoots.push(certificate);
    return { status: 'Accepted' };
  });

  st.handle('GetInstalledCertificateIds', ({ certificateType }: { certificateType: CertUse }) => {
    const list = store
      .filter((c) => c.use === certificateType)
      .map((c) => hashData(c.pem))
      .filter((h): h is CertificateHashData => h !== undefined);
    return list.length > 0 ? { status: 'Accepted', certificateHashData: list } : { status: 'NotFound' };
  });

  st.handle('DeleteCertificate', ({ certificateHashData: q }: { certificateHashData: CertificateHashData }) => {
    const idx = store.findIndex((c) => {
      const h = hashData(c.pem);
      return (
        !!h &&
        h.serialNumber === q.serialNumber.toLowerCase().replace(/^0+(?=.)/, '') &&
        h.issuerNameHash === q.issuerNameHash.toLowerCase() &&
        h.issuerKeyHash === q.issuerKeyHash.toLowerCase()
      );
    });
    if (idx < 0) return { status: 'NotFound' };
    const c = store[idx];
    const roots = store.filter((x) => x.use === 'CentralSystemRootCertificate');
    if (c.use === 'CentralSystemRootCertificate' && roots.length === 1 && st.securityProfile >= 2) return { status: 'Failed' };
    if (st.fault('delete-certificate-ignored')) return { status: 'Accepted' };
    store.splice(idx, 1);
    const r = st.csmsRoots.indexOf(c.pem);
    if (r >= 0) st.csmsRoots.splice(r, 1);
    return { status: 'Accepted' };
  });

  // ---------------------------------------------------------------- triggers, logs, signed firmware

  st.handle('ExtendedTriggerMessage', ({ requestedMessage, connectorId }: { requestedMessage: string; connectorId?: number }) => {
    if (connectorId !== undefined && (connectorId < 0 || connectorId > st.opts.connectors)) return { status: 'Rejected' };
    if (st.fault('trigger-message-not-sent')) return { status: 'Accepted' };
    st.timers.timeout(5, () => {
      if (requestedMessage === 'SignChargePointCertificate') void requestCertificate();
      else if (requestedMessage === 'LogStatusNotification')
        void st.send('LogStatusNotification', { status: logStatus, requestId: logStatus === 'Idle' ? undefined : lastRequestId }).catch(() => undefined);
      else if (requestedMessage === 'FirmwareStatusNotification')
        void st.send('SignedFirmwareStatusNotification', { status: signedFirmwareStatus, requestId: signedFirmwareStatus === 'Idle' ? undefined : lastRequestId }).catch(() => undefined);
      else void sendTriggered(st, tx, fw, requestedMessage, connectorId);
    });
    return { status: 'Accepted' };
  });

  st.handle('GetLog', ({ log, logType, requestId }: { log: { remoteLocation: string }; logType: string; requestId: number }) => {
    const filename = `${logType === 'SecurityLog' ? 'security' : 'diagnostics'}-${st.identity}-${requestId}.log`;
    st.timers.timeout(st.ms(1), () => void upload(log.remoteLocation, requestId));
    return { status: 'Accepted', filename };
  });

  async function upload(location: string, requestId: number): Promise<void> {
    lastRequestId = requestId;
    const notify = (status: string) => {
      logStatus = status;
      return st.send('LogStatusNotification', { status, requestId: st.fault('log-status-wrong-request-id') ? requestId + 1 : requestId }).catch(() => undefined);
    };
    await notify('Uploading');
    await st.timers.sleep(st.ms(2));
    await notify(st.sim.uploadFails || unreachable(location) ? 'UploadFailure' : 'Uploaded');
    logStatus = 'Idle';
  }

  st.handle(
    'SignedUpdateFirmware',
    ({ requestId, firmware }: { requestId: number; firmware: { location: string; retrieveDateTime: string; signingCertificate: string; signature: string } }) => {
      try {
        new X509Certificate(firmware.signingCertificate);
      } catch {
        securityEvent('InvalidFirmwareSigningCertificate');
        return { status: 'InvalidCertificate' };
      }
      const wait = Math.max(0, Date.parse(firmware.retrieveDateTime) - Date.now()) * st.opts.timeScale;
      st.timers.timeout(Math.max(5, wait), () => void signedUpdate(requestId, firmware.location, firmware.signature));
      return { status: 'Accepted' };
    },
  );

  async function signedUpdate(requestId: number, location: string, signature: string): Promise<void> {
    lastRequestId = requestId;
    const notify = (status: string) => {
      signedFirmwareStatus = status;
      return st.send('SignedFirmwareStatusNotification', { status, requestId }).catch(() => undefined);
    };
    const step = () => st.timers.sleep(st.ms(2));
    await notify('Downloading');
    await step();
    if (st.sim.firmwareDownloadFails || unreachable(location)) {
      await notify('DownloadFailed');
      signedFirmwareStatus = 'Idle';
      return;
    }
    await notify('Downloaded');
    const b64 = /^[A-Za-z0-9+/]+={0,2}$/.test(signature) && signature.length % 4 === 0;
    if ((st.sim.invalidFirmwareSignature || !b64) && !st.fault('firmware-signature-not-verified')) {
      await notify('InvalidSignature');
      securityEvent('InvalidFirmwareSignature');
      signedFirmwareStatus = 'Idle';
      return;
    }
    await notify('SignatureVerified');
    while (st.connectors.some((c) => c.tx) && !st.timers.isStopped) await st.timers.sleep(st.ms(1));
    await notify('Installing');
    await step();
    if (st.sim.firmwareInstallFails) {
      await notify('InstallationFailed');
      signedFirmwareStatus = 'Idle';
      return;
    }
    await notify('InstallRebooting');
    st.firmwareVersion = `${st.firmwareVersion}-signed`;
    st.afterBoot.push(() => {
      if (st.fault('firmware-status-missing-installed')) return;
      void notify('Installed').then(() => {
        signedFirmwareStatus = 'Idle';
        securityEvent('FirmwareUpdated');
      });
    });
    await st.reboot(st.ms(1, 20));
  }
}

/**
 * Commissioning by a technician (serve-station's control API): the security profile, CSMS URL, password, CSMS
 * root and client pair are replaced ('installed': those the station was started with) and the station
 * reconnects with them at once. It stays registered: no new BootNotification.
 */
export function commissionStation(st: Station, c: StationCommissioning | 'installed'): void {
  const o = st.opts;
  const installed = c === 'installed';
  st.securityProfile = installed ? o.securityProfile : c.securityProfile;
  st.commissionedUrl = installed ? undefined : c.csmsUrl;
  st.password = installed ? o.password : c.password;
  st.config.set('SecurityProfile', String(st.securityProfile));
  st.config.set('AuthorizationKey', st.password ?? '');
  st.csmsRoots = installed ? (o.tls?.ca ? [o.tls.ca] : []) : c.ca ? [c.ca] : [];
  const installedPair = o.clientCert ?? (o.tls?.cert && o.tls.key ? { cert: o.tls.cert, key: o.tls.key } : undefined);
  st.clientCert = installed ? installedPair : c.clientCert && c.clientKey ? { cert: c.clientCert, key: c.clientKey } : undefined;
  st.tlsWarning = undefined;
  void st.reconnectWithNewSettings();
}
