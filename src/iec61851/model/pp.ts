/**
 * Proximity pilot (PP) resistor coding of a cable's current capacity (pure).
 *
 * Nominal values: 1.5 kΩ 13 A, 680 Ω 20 A, 220 Ω 32 A, 100 Ω 63 A (three-phase; 70 A single-phase) — IEC 61851-1
 * Annex B / IEC 62196 as cited (FACTS.md section IEC 61851-1; the issue). Detection bands (upper edge
 * inclusive): 13 A (936, 2460] Ω, 20 A (308, 936], 32 A (140, 308], 63 A (80, 140]; outside 80–2460 Ω or open:
 * no valid cable — the ranges EVerest's simulated board support applies (an open stack citing the standard's
 * table). Bands are a parameter (rig / PICS may supply others).
 */

export interface PpCoding {
  /** Nominal resistor, Ω. */
  ohms: number;
  /** Cable current capacity, A (three-phase value for 100 Ω). */
  currentA: number;
  /** Single-phase capacity where it differs (100 Ω: 70 A). */
  singlePhaseA?: number;
  /** Accepted band: minOhms < R ≤ maxOhms. */
  minOhms: number;
  maxOhms: number;
}

export const PP_CODING: readonly PpCoding[] = [
  { ohms: 1500, currentA: 13, minOhms: 936, maxOhms: 2460 },
  { ohms: 680, currentA: 20, minOhms: 308, maxOhms: 936 },
  { ohms: 220, currentA: 32, minOhms: 140, maxOhms: 308 },
  { ohms: 100, currentA: 63, singlePhaseA: 70, minOhms: 80, maxOhms: 140 },
];

export type PpReading = { kind: 'open' } | { kind: 'invalid'; ohms: number } | { kind: 'cable'; coding: PpCoding; currentA: number };

/** What a PP resistance says: an open PP (null: no cable), a cable's capacity, or a value outside every band. */
export function readPp(ohms: number | null, opts: { phases?: number; coding?: readonly PpCoding[] } = {}): PpReading {
  if (ohms === null) return { kind: 'open' };
  if (!Number.isFinite(ohms)) return { kind: 'open' };
  const c = (opts.coding ?? PP_CODING).find((x) => ohms > x.minOhms && ohms <= x.maxOhms);
  if (!c) return { kind: 'invalid', ohms };
  const currentA = opts.phases === 1 && c.singlePhaseA !== undefined ? c.singlePhaseA : c.currentA;
  return { kind: 'cable', coding: c, currentA };
}

/** The cable's current capacity in A; null when PP is open or the resistance is in no band (no charging). */
export function cableCurrentA(ohms: number | null, opts: { phases?: number; coding?: readonly PpCoding[] } = {}): number | null {
  const r = readPp(ohms, opts);
  return r.kind === 'cable' ? r.currentA : null;
}

/** The nominal resistor that codes `currentA` (13, 20, 32, 63 or 70 A); null for any other current. */
export function ppOhmsFor(currentA: number): number | null {
  const c = PP_CODING.find((x) => x.currentA === currentA || x.singlePhaseA === currentA);
  return c ? c.ohms : null;
}
