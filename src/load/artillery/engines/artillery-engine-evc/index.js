'use strict';
// Artillery loads an engine named `evc` as the module `artillery-engine-evc`; with this directory's parent on
// NODE_PATH it finds this file, which loads the TypeScript engine through tsx (src/load/artillery/engine.ts).
require('tsx/cjs');
module.exports = require('../../engine.ts').EvcArtilleryEngine;
