/**
 * Differential test of the fast codec path (generated code per grammar, src/exi/fast.ts) against the generic
 * one (encoder.ts/decoder.ts, the reference): for every message kind the V2G code uses (src/v2g/messages
 * din.ts, iso2.ts, iso20.ts), seeded random valid bodies encode to the same bytes and decode to the same
 * object (same keys in the same order); broken messages and damaged bytes fail with the same error.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type SchemaSetName, decodeExiJson, encodeExiJson, fastStats, grammarsOf, setExiCodecPath } from '../../src/exi';
import { DIN_REQUESTS } from '../../src/v2g/messages/din';
import { ISO2_REQUESTS } from '../../src/v2g/messages/iso2';
import { MessageGenerator, NeedsWildcard, Prng } from './generate';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const BODIES_PER_KIND = 8;

after(() => setExiCodecPath('fast'));

type Outcome = { ok: true; value: string } | { ok: false; error: string };

/** Runs `f` on one path; the outcome as comparable text (bytes as hex, objects as JSON, errors as message). */
function on(path: 'fast' | 'generic', f: () => Uint8Array | Record<string, unknown>): Outcome {
  setExiCodecPath(path);
  try {
    const v = f();
    return { ok: true, value: v instanceof Uint8Array ? hex(v) : JSON.stringify(v) };
  } catch (err) {
    return { ok: false, error: `${(err as Error).constructor.name}: ${(err as Error).message}` };
  } finally {
    setExiCodecPath('fast');
  }
}

function same(what: string, f: () => Uint8Array | Record<string, unknown>): Outcome {
  const generic = on('generic', f);
  const fast = on('fast', f);
  assert.deepEqual(fast, generic, what);
  return fast;
}

/** Message kinds per schema set: V2G_Message bodies (DIN, ISO-2) or root messages (ISO-20). */
function kinds(): Array<{ set: SchemaSetName; name: string; wrap: (gen: MessageGenerator, body: unknown) => Record<string, unknown> }> {
  const out: ReturnType<typeof kinds> = [];
  const inMessage = (set: SchemaSetName) => (gen: MessageGenerator, body: unknown, name?: string) => {
    const model = grammarsOf(set).model;
    for (;;) {
      try {
        const msg = gen.element(model.globalElement('V2G_Message')) as Record<string, unknown>;
        return { V2G_Message: { Header: msg.Header, Body: { [name!]: body } } };
      } catch (err) {
        if (!(err instanceof NeedsWildcard)) throw err; // e.g. a Header Signature with wildcard content: draw again
      }
    }
  };
  for (const [set, requests] of [['din', DIN_REQUESTS], ['iso2', ISO2_REQUESTS]] as const) {
    const wrap = inMessage(set);
    for (const req of requests) {
      for (const name of [req, `${req.slice(0, -3)}Res`]) out.push({ set, name, wrap: (gen, body) => wrap(gen, body, name) });
    }
  }
  for (const set of ['iso20', 'iso20dc', 'iso20ac'] as const) {
    for (const g of grammarsOf(set).model.globals) {
      if (/(Req|Res)$/.test(g.name)) out.push({ set, name: g.name, wrap: (_gen, body) => ({ [g.name]: body }) });
    }
  }
  return out;
}

/** A random valid document of the kind, or undefined when its grammar needs a wildcard the generator cannot fill. */
function randomDoc(k: ReturnType<typeof kinds>[number], gen: MessageGenerator): Record<string, unknown> | undefined {
  try {
    return k.wrap(gen, gen.element(grammarsOf(k.set).model.globalElement(k.name)));
  } catch (err) {
    if (err instanceof NeedsWildcard) return undefined;
    throw err;
  }
}

describe('EXI fast path against the generic path (seeded random messages)', { timeout: 120_000 }, () => {
  const all = kinds();
  const bailedKinds = new Set<string>();
  let fastDocs = 0;

  it('every V2G message kind: the same bytes and the same decoded object on both paths', () => {
    const rng = new Prng(0x20150301);
    for (const k of all) {
      const gen = new MessageGenerator(grammarsOf(k.set).model, rng, 2);
      let made = 0;
      for (let attempt = 0; made < BODIES_PER_KIND && attempt < BODIES_PER_KIND * 4; attempt++) {
        const doc = randomDoc(k, gen);
        if (!doc) continue;
        made++;
        const before = fastStats.encodeBails + fastStats.decodeBails;
        const enc = same(`${k.set} ${k.name}: encoding ${JSON.stringify(doc)}`, () => encodeExiJson(k.set, doc));
        assert.ok(enc.ok, `${k.set} ${k.name} does not encode: ${enc.ok ? '' : enc.error}`);
        const bytes = Uint8Array.from(Buffer.from(enc.value, 'hex'));
        const dec = same(`${k.set} ${k.name}: decoding ${enc.value}`, () => decodeExiJson(k.set, bytes));
        assert.deepEqual(dec.ok && JSON.parse(dec.value), JSON.parse(JSON.stringify(doc)), `${k.set} ${k.name} round trip`);
        if (fastStats.encodeBails + fastStats.decodeBails !== before) bailedKinds.add(`${k.set}:${k.name}`);
        else fastDocs++;
      }
      assert.ok(made > 0, `${k.set} ${k.name}: no body generated`);
    }
  });

  it('the fast path carries them itself: bail-outs only for kinds with a grammar above the generated-code limit', () => {
    // Unrolled bounded lists over 64 states (SAScheduleList/SalesTariff, ServiceParameterList, -20 schedules and
    // power profiles, SupportedProviders) stay on the generic path.
    const expected = /^(iso2:(ChargeParameterDiscoveryRes|ServiceDetailRes|PowerDeliveryReq)|iso20:(ScheduleExchange(Req|Res)|PowerDeliveryReq|AuthorizationSetupRes|ServiceDetailRes|ServiceDiscoveryRes))$/;
    const unexpected = [...bailedKinds].filter((k) => !expected.test(k));
    assert.deepEqual(unexpected, [], `fast path bailed out for ${unexpected.join(', ')}`);
    assert.ok(fastDocs > all.length * 4, `only ${fastDocs} documents went through the fast path alone`);
  });

  it('broken messages and damaged bytes: the same error (or result) on both paths', () => {
    const rng = new Prng(61851);
    for (const k of all) {
      const doc = randomDoc(k, new MessageGenerator(grammarsOf(k.set).model, rng, 1));
      if (!doc) continue;
      const body = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
      const root = Object.values(body)[0] as Record<string, unknown>;
      const target = (root.Body ? Object.values(root.Body as object)[0] : root) as Record<string, unknown>;
      const keys = Object.keys(target);
      const mutation = rng.int(0, 3);
      if (mutation === 0 && keys.length > 0) delete target[rng.pick(keys)];
      else if (mutation === 1) target.NotAField = 1;
      else if (mutation === 2 && keys.length > 0) target[rng.pick(keys)] = 'not-a-value';
      else if (keys.length > 0) target[rng.pick(keys)] = [];
      same(`${k.set} ${k.name}: broken ${JSON.stringify(body)}`, () => encodeExiJson(k.set, body));
      const enc = on('generic', () => encodeExiJson(k.set, doc));
      if (!enc.ok) continue;
      const bytes = Buffer.from(enc.value, 'hex');
      for (let i = 0; i < 4; i++) {
        const b = Uint8Array.from(bytes);
        b[rng.int(0, b.length - 1)] ^= 1 << rng.int(0, 7);
        same(`${k.set} ${k.name}: damaged ${hex(b)}`, () => decodeExiJson(k.set, b));
        const cut = b.subarray(0, rng.int(0, b.length - 1));
        same(`${k.set} ${k.name}: truncated ${hex(cut)}`, () => decodeExiJson(k.set, cut));
      }
    }
  });
});
