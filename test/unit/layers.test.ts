// Arrows down only: every import in src/ goes to the importer's own room or to a room on a lower layer, and no files
// import each other in a circle. The layers are the ```layers block of docs/ARCHITECTURE.md (one place; this test
// reads it), so the map and the code cannot drift apart.
import * as assert from 'node:assert/strict';
import { badArrows, cycles, importGraph, projectLayers, roomOf, specifiers, type Graph } from '../support/layers';

/**
 * Edges that still break the rules and are being removed by work in flight, each named. Empty is the goal: remove an
 * entry when its edge is gone (the test fails on an entry that no longer matches anything, so none can linger).
 */
const KNOWN: ReadonlyArray<{ edge: string; why: string }> = [];

describe('arrows down only (the layers of docs/ARCHITECTURE.md)', () => {
  const rank = projectLayers();
  const g = importGraph();
  const known = new Set(KNOWN.map((k) => k.edge));

  it('reads every form of import, and no commented one', () => {
    const source = [
      "import * as a from './a';",
      "import type { B } from '../b';",
      "import {\n  c,\n  type D,\n} from './c';",
      "export { e } from './e';",
      "export * from './f';",
      "import './g';",
      "const h = require('./h');",
      "const i = await import('./i');",
      "// import { no } from './comment';",
      "/* export * from './block'; */",
      "const url = 'https://example.com'; import { j } from './j';",
    ].join('\n');
    assert.deepEqual(specifiers(source).sort(), ['../b', './a', './c', './e', './f', './g', './h', './i', './j']);
  });

  it('puts every room of src/ on a layer', () => {
    const rooms = new Set([...g.keys()].map(roomOf));
    assert.deepEqual([...rooms].filter((r) => !rank.has(r)).sort(), []);
    assert.deepEqual([...rank.keys()].filter((r) => !rooms.has(r)).sort(), [], 'a layer names a room src/ does not have');
  });

  it('has no import upwards or between peers', () => {
    assert.deepEqual(
      badArrows(g, rank).filter((b) => !known.has(b)),
      [],
    );
  });

  it('has no cycle of files', () => {
    assert.deepEqual(
      cycles(g).filter((c) => !known.has(c)),
      [],
    );
  });

  it('lists no known exception that is already gone', () => {
    const now = new Set([...badArrows(g, rank), ...cycles(g)]);
    assert.deepEqual(
      KNOWN.filter((k) => !now.has(k.edge)).map((k) => k.edge),
      [],
    );
  });

  it('catches an arrow up, one between peers, and a cycle', () => {
    const broken: Graph = new Map([...g].map(([k, v]) => [k, new Set(v)]));
    broken.get('util/format.ts')!.add('clerk/types.ts'); // up
    broken.get('tree/provider.ts')!.add('ui/hover.ts'); // peers
    broken.get('tokens/decode.ts')!.add('tokens/detect.ts'); // detect imports decode: a cycle
    const bad = badArrows(broken, rank);
    assert.ok(bad.includes('util/format.ts -> clerk/types.ts (util may not import clerk: up)'), bad.join('\n'));
    assert.ok(bad.includes('tree/provider.ts -> ui/hover.ts (tree may not import ui: peers)'), bad.join('\n'));
    assert.ok(cycles(broken).includes('cycle: tokens/decode.ts -> tokens/detect.ts -> tokens/decode.ts'), cycles(broken).join('\n'));
  });
});
