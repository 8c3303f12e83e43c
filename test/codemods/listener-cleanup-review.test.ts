import { describe, expect, it } from 'vitest';
import { listenerCleanup } from '../../codemods/listener-cleanup/index.js';
import { addImport } from '../../src/codemod/imports.js';
import type { TransformResult } from '../../src/codemod/types.js';
import { parseForTest } from '../codemod/helpers.js';

const RUNTIME = '../lifeguard-runtime.js';

function transform(text: string, fileName: string): TransformResult {
  const file = parseForTest(text, fileName);
  return listenerCleanup.transform(file, {
    options: listenerCleanup.parseOptions({}),
    runtimeSpecifier: RUNTIME,
    runtimeImport: (names) => addImport(file, { source: RUNTIME, names }),
  });
}

// What is missing in these is a deadline, a pass over kept objects or a finally block: the codemod
// changes nothing and says what to do by hand.
describe('listener-cleanup leaves for review', () => {
  it('a wait for one event with no deadline', () => {
    const input = `
var God = module.exports = { bus: new EventEmitter() };
God.executeApp = function executeApp(env, cb) {
  God.forkMode(env, function forkMode(err, proc) {
    var listener = function (packet) {
      if (packet.raw === 'ready' && packet.id === proc.id) {
        God.bus.removeListener('process:msg', listener);
        return cb(null, proc);
      }
    };
    God.bus.on('process:msg', listener);
  });
};
`;
    const result = transform(input, 'lib/god.js');
    expect(result.output ?? input).toBe(input);
    expect(result.manualReview).toEqual([expect.objectContaining({ line: 11, message: expect.stringMatching(/no deadline.*by hand/u) })]);
  });

  it('a listener on every object the owner keeps', () => {
    const input = `
L.Control.Layers = L.Control.extend({
  onRemove: function () {
    this._map.off('zoomend', this._checkDisabledLayers, this);
  },
  removeLayer: function (layer) {
    layer.off('add remove', this._onLayerChange, this);
  },
  _addLayer: function (layer, name) {
    layer.on('add remove', this._onLayerChange, this);
    this._layers[L.stamp(layer)] = { layer: layer, name: name };
  },
});
`;
    const result = transform(input, 'src/control/layers.js');
    expect(result.output ?? input).toBe(input);
    expect(result.manualReview).toEqual([expect.objectContaining({ line: 10, message: expect.stringMatching(/each of them in onRemove\(\) by hand/u) })]);
  });

  it('a guard timeout cleared only on success', () => {
    const input = `
export class Worker {
  async waitForJob(client: Redis, seconds: number): Promise<number> {
    try {
      const timeout = setTimeout(() => this.connection.reconnect(), seconds * 1000);
      const result = await client.bzpopmin('marker', seconds);
      clearTimeout(timeout);
      return result ? 1 : 0;
    } catch (error) {
      this.emit('error', error);
    }
    return Infinity;
  }
  close(): void {}
}
`;
    const result = transform(input, 'src/worker.ts');
    expect(result.output ?? input).toBe(input);
    expect(result.manualReview).toEqual([expect.objectContaining({ line: 5, message: expect.stringMatching(/finally block.*by hand/u) })]);
  });
});
