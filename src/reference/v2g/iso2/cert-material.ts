/**
 * What the reference ISO 15118-2 modules use for CertificateInstallation/Update, taken by the shells from the
 * run's V2G PKI (reference rig): the SECC's CPS side (CPS chain and key, a CPS chain under another root for a
 * fault, the OEM roots, the contract to install) and the EVCC's (its OEM provisioning certificate and key, the
 * V2G root a CPS chain must lead to).
 */
import type { RefV2gPki } from '../index';
import type { RefCertMaterial } from '../types';

export function refCertMaterial(pki: RefV2gPki | undefined): RefCertMaterial | undefined {
  if (!pki?.cps || !pki.cpsChainPem) return undefined;
  const u = pki.bad.untrustedCps;
  return {
    cpsChainPem: pki.cpsChainPem, cpsKeyPem: pki.cps.key,
    ...(u ? { untrustedCpsChainPem: u.cert, untrustedCpsKeyPem: u.key } : {}),
    oemRootsPem: [pki.oemRoot.cert],
    ...(pki.installContract && pki.installContractChainPem ? { installContractChainPem: pki.installContractChainPem, installContractKeyPem: pki.installContract.key } : {}),
    ...(pki.oemProv ? { oemProvCertPem: pki.oemProv.cert, oemProvKeyPem: pki.oemProv.key } : {}),
    v2gRootsPem: [pki.v2gRoot.cert],
  };
}
