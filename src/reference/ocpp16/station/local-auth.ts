import type { Station } from './station';
import type { Transactions } from './transactions';
import type { IdTagInfo } from './types';

/** Local Auth List Management profile: GetLocalListVersion and SendLocalList (Full / Differential). */
export function registerLocalAuth(st: Station, tx: Transactions): void {
  st.handle('GetLocalListVersion', () => {
    if (!st.supports('LocalAuthListManagement') || (!st.config.bool('LocalAuthListEnabled') && !st.fault('local-list-enabled-ignored'))) return { listVersion: -1 };
    return { listVersion: tx.localListVersion };
  });

  st.handle(
    'SendLocalList',
    ({
      listVersion,
      localAuthorizationList,
      updateType,
    }: {
      listVersion: number;
      localAuthorizationList?: Array<{ idTag: string; idTagInfo?: IdTagInfo }>;
      updateType: 'Full' | 'Differential';
    }) => {
      if (!st.supports('LocalAuthListManagement') || (!st.config.bool('LocalAuthListEnabled') && !st.fault('local-list-enabled-ignored'))) return { status: 'NotSupported' };
      if (st.fault('rejects-valid-local-list')) return { status: 'Failed' };
      const entries = localAuthorizationList ?? [];
      if (entries.length > st.config.int('SendLocalListMaxLength') && !st.fault('local-list-max-length-ignored')) return { status: 'Failed' };
      if (listVersion <= 0) return { status: 'Failed' };
      const ids = new Set<string>();
      for (const e of entries) {
        if (ids.has(e.idTag)) return { status: 'Failed' };
        ids.add(e.idTag);
        if (updateType === 'Full' && !e.idTagInfo) return { status: 'Failed' };
      }
      if (updateType === 'Differential') {
        if (listVersion <= tx.localListVersion) return { status: 'VersionMismatch' };
        const next = new Map(tx.localList);
        for (const e of entries) {
          if (e.idTagInfo) next.set(e.idTag, e.idTagInfo);
          else next.delete(e.idTag);
        }
        if (next.size > st.config.int('LocalAuthListMaxLength')) return { status: 'Failed' };
        tx.localList.clear();
        for (const [k, v] of next) tx.localList.set(k, v);
      } else {
        if (entries.length > st.config.int('LocalAuthListMaxLength') && !st.fault('local-list-max-length-ignored')) return { status: 'Failed' };
        tx.localList.clear();
        for (const e of entries) tx.localList.set(e.idTag, e.idTagInfo!);
      }
      tx.localListVersion = entries.length === 0 && updateType === 'Full' ? 0 : listVersion;
      for (const id of tx.localList.keys()) tx.cache.delete(id);
      return { status: 'Accepted' };
    },
  );
}
