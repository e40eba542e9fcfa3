import { SchemaSpec } from '../schema';
import { defineAppHand } from './apphand';
import { defineDinBody, defineDinDef, defineDinHeader } from './din-body';
import { defineDinTypes } from './din-types';
import { defineIso20Ac } from './iso20-ac';
import { defineIso20Acdp } from './iso20-acdp';
import { defineIso20Common } from './iso20-common';
import { defineIso20Dc } from './iso20-dc';
import { defineIso20Types } from './iso20-types';
import { defineIso20Wpt } from './iso20-wpt';
import { defineIso2Body, defineIso2Def, defineIso2Header } from './iso2-body';
import { defineIso2Types } from './iso2-types';
import { defineXmldsig } from './xmldsig';

/** The schema sets an EXI stream can be decoded against (each one negotiated protocol). */
export const SCHEMA_SETS = ['apphand', 'din', 'iso2', 'iso20', 'iso20dc', 'iso20ac', 'iso20acdp', 'iso20wpt'] as const;
export type SchemaSetName = (typeof SCHEMA_SETS)[number];

const DEFINITIONS: Record<SchemaSetName, Array<(s: SchemaSpec) => void>> = {
  apphand: [defineAppHand],
  din: [defineDinDef, defineDinHeader, defineDinBody, defineDinTypes, defineXmldsig],
  iso2: [defineIso2Def, defineIso2Header, defineIso2Body, defineIso2Types, defineXmldsig],
  iso20: [defineIso20Common, defineIso20Types, defineXmldsig],
  iso20dc: [defineIso20Dc, defineIso20Types, defineXmldsig],
  iso20ac: [defineIso20Ac, defineIso20Types, defineXmldsig],
  iso20acdp: [defineIso20Acdp, defineIso20Types, defineXmldsig],
  iso20wpt: [defineIso20Wpt, defineIso20Types, defineXmldsig],
};

export function schemaSpec(name: SchemaSetName): SchemaSpec {
  const spec = new SchemaSpec();
  for (const define of DEFINITIONS[name]) define(spec);
  return spec;
}
