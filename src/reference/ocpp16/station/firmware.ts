import type { Station } from './station';

/** Where a simulated transfer goes wrong: an unparsable URL or a host under the reserved `.invalid` TLD. */
export function unreachable(location: string): boolean {
  try {
    const u = new URL(location);
    return u.hostname === '' || u.hostname.endsWith('.invalid') || u.hostname === 'invalid';
  } catch {
    return true;
  }
}

/**
 * Firmware Management profile: GetDiagnostics + DiagnosticsStatusNotification and UpdateFirmware +
 * FirmwareStatusNotification. Transfers are simulated (no bytes move); each step takes a few protocol
 * seconds, scaled by timeScale. After installation the station reboots and reports Installed once Accepted.
 */
export class Firmware {
  firmwareStatus = 'Idle';
  diagnosticsStatus = 'Idle';

  constructor(private readonly st: Station) {
    st.handle('GetDiagnostics', (p: { location: string; startTime?: string; stopTime?: string }) => {
      const fileName = `diagnostics-${st.identity}-${Date.now()}.log`;
      st.timers.timeout(st.ms(1), () => void this.upload(p.location));
      return { fileName };
    });

    st.handle('UpdateFirmware', (p: { location: string; retrieveDate: string; retries?: number; retryInterval?: number }) => {
      const wait = Math.max(0, Date.parse(p.retrieveDate) - Date.now()) * st.opts.timeScale;
      st.timers.timeout(Math.max(5, wait), () => void this.update(p.location));
      return {};
    });
  }

  async notifyFirmware(status: string): Promise<void> {
    this.firmwareStatus = status;
    await this.st.send('FirmwareStatusNotification', { status }).catch(() => undefined);
  }

  private async notifyDiagnostics(status: string): Promise<void> {
    this.diagnosticsStatus = status;
    if (this.st.fault('diagnostics-status-missing')) return;
    await this.st.send('DiagnosticsStatusNotification', { status }).catch(() => undefined);
  }

  private async upload(location: string): Promise<void> {
    await this.notifyDiagnostics('Uploading');
    await this.st.timers.sleep(this.st.ms(2));
    const failed = (this.st.sim.uploadFails || unreachable(location)) && !this.st.fault('diagnostics-upload-failure-hidden');
    await this.notifyDiagnostics(failed ? 'UploadFailed' : 'Uploaded');
    this.diagnosticsStatus = 'Idle';
  }

  private async update(location: string): Promise<void> {
    const st = this.st;
    await this.notifyFirmware('Downloading');
    await st.timers.sleep(st.ms(2));
    if ((st.sim.firmwareDownloadFails || unreachable(location)) && !st.fault('firmware-download-failure-hidden')) {
      await this.notifyFirmware('DownloadFailed');
      this.firmwareStatus = 'Idle';
      return;
    }
    await this.notifyFirmware('Downloaded');
    // installation waits for running transactions to end
    while (st.connectors.some((c) => c.tx) && !st.timers.isStopped) await st.timers.sleep(st.ms(1));
    await this.notifyFirmware('Installing');
    await st.timers.sleep(st.ms(2));
    if (st.sim.firmwareInstallFails && !st.fault('firmware-install-failure-hidden')) {
      await this.notifyFirmware('InstallationFailed');
      this.firmwareStatus = 'Idle';
      return;
    }
    st.firmwareVersion = bump(st.firmwareVersion);
    st.afterBoot.push(() => {
      if (st.fault('firmware-status-missing-installed')) return;
      void this.notifyFirmware('Installed').then(() => (this.firmwareStatus = 'Idle'));
    });
    await st.reboot(st.ms(1, 20));
  }
}

function bump(v: string): string {
  const parts = v.split('.').map((x) => Number(x) || 0);
  parts[parts.length - 1]++;
  return parts.join('.');
}
