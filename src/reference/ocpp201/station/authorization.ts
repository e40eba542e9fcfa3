import type { Station } from './station';
import type { IdToken, IdTokenInfo } from './types';

const key = (t: IdToken) => `${t.type}:${t.idToken}`;

/**
 * Authorization (block C/D): Authorize, the authorization cache (AuthCacheCtrlr), the local authorization list
 * (LocalAuthListCtrlr, SendLocalList / GetLocalListVersion), LocalPreAuthorize, LocalAuthorizeOffline and
 * OfflineTxForUnknownIdEnabled, ClearCache.
 */
export class Authorization {
  private readonly cache = new Map<string, { info: IdTokenInfo; expiresAt?: number; usedAt: number }>();
  private readonly localList = new Map<string, IdTokenInfo>();
  listVersion = 0;

  constructor(private readonly st: Station) {
    st.handle('ClearCache', () => {
      if (!st.dm.bool('AuthCacheCtrlr', 'Enabled') && !st.fault('clear-cache-when-disabled-accepted')) return { status: 'Rejected' };
      this.cache.clear();
      return { status: 'Accepted' };
    });
    st.handle('GetLocalListVersion', () => ({ versionNumber: st.dm.bool('LocalAuthListCtrlr', 'Enabled') ? this.listVersion : 0 }));
    st.handle('SendLocalList', (p: { versionNumber: number; updateType: 'Full' | 'Differential'; localAuthorizationList?: Array<{ idToken: IdToken; idTokenInfo?: IdTokenInfo }> }) => {
      if (!st.dm.bool('LocalAuthListCtrlr', 'Enabled')) return { status: 'Failed' };
      const items = p.localAuthorizationList ?? [];
      if (items.length > st.dm.int('LocalAuthListCtrlr', 'ItemsPerMessage')) return { status: 'Failed' };
      if (p.updateType === 'Differential' && p.versionNumber <= this.listVersion) return { status: 'VersionMismatch' };
      if (p.updateType === 'Full') this.localList.clear();
      for (const it of items) {
        if (it.idTokenInfo) this.localList.set(key(it.idToken), it.idTokenInfo);
        else this.localList.delete(key(it.idToken));
      }
      this.listVersion = p.versionNumber;
      st.dm.set({ name: 'LocalAuthListCtrlr' }, { name: 'Entries' }, String(this.localList.size));
      return { status: 'Accepted' };
    });
  }

  /** Stores what the CSMS said about a token (Authorize / TransactionEvent responses). */
  remember(token: IdToken, info: IdTokenInfo): void {
    if (!this.st.dm.bool('AuthCacheCtrlr', 'Enabled')) return;
    const lifetime = this.st.dm.int('AuthCacheCtrlr', 'LifeTime');
    const fromCsms = info.cacheExpiryDateTime ? Date.parse(info.cacheExpiryDateTime) : undefined;
    const expiresAt = fromCsms ?? (lifetime > 0 ? Date.now() + lifetime * 1000 : undefined);
    this.cache.set(key(token), { info, expiresAt, usedAt: Date.now() });
  }

  private cached(token: IdToken): IdTokenInfo | undefined {
    if (!this.st.dm.bool('AuthCacheCtrlr', 'Enabled')) return undefined;
    const hit = this.cache.get(key(token));
    if (!hit) return undefined;
    if (hit.expiresAt !== undefined && hit.expiresAt <= Date.now()) return { ...hit.info, status: 'Expired' };
    hit.usedAt = Date.now();
    return hit.info;
  }

  private listed(token: IdToken): IdTokenInfo | undefined {
    return this.st.dm.bool('LocalAuthListCtrlr', 'Enabled') ? this.localList.get(key(token)) : undefined;
  }

  /** Decides whether a token may charge, online (Authorize) or offline (local list / cache / unknown-id policy). */
  async authorize(token: IdToken): Promise<IdTokenInfo> {
    const st = this.st;
    if (!st.dm.bool('AuthCtrlr', 'Enabled') || token.type === 'NoAuthorization') return { status: 'Accepted' };
    const local = this.listed(token) ?? this.cached(token);
    if (st.accepted) {
      if (local?.status === 'Accepted' && st.dm.bool('AuthCtrlr', 'LocalPreAuthorize')) return local;
      try {
        const res = (await st.send('Authorize', { idToken: token })) as { idTokenInfo: IdTokenInfo };
        this.remember(token, res.idTokenInfo);
        return res.idTokenInfo;
      } catch {
        /* fall through to the offline rules */
      }
    }
    if (local && st.dm.bool('AuthCtrlr', 'LocalAuthorizeOffline')) return local;
    if (st.dm.bool('AuthCtrlr', 'OfflineTxForUnknownIdEnabled') && !local) return { status: 'Accepted' };
    return { status: local?.status === 'Accepted' ? 'Invalid' : (local?.status ?? 'Invalid') };
  }

  /** Group of a token, if known locally. */
  groupOf(token: IdToken): IdToken | undefined {
    return (this.listed(token) ?? this.cache.get(key(token))?.info)?.groupIdToken;
  }
}
