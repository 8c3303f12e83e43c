import rule from '../../rules/require-listener-cleanup.js';
import { espreeModule, ruleTester } from '../rule-tester.js';

// When nothing says how long a target lives (a field set elsewhere, a getter's result), the owner's
// own teardown can: it adds the same listener again instead of removing it, or it removes the other
// listeners that the same method added and forgets one.
ruleTester.run('require-listener-cleanup: what the teardown shows', rule, {
  valid: [
    // The teardown removes it (`off` where the buggy version said `on`).
    `
class SeekBar extends Slider {
  constructor(player) {
    super(player);
    this.on(this.player_.tracker, 'edgechange', this.update);
    this.on(this.player_, ['ended', 'pause'], this.update);
  }
  dispose() {
    this.off(this.player_, ['pause', 'ended'], this.update);
    this.off(this.player_.tracker, 'edgechange', this.update);
    super.dispose();
  }
}`,
    // A component API (`this.on(target, event, fn)`) may remove what it adds when the component ends:
    // one explicit removal in dispose() is no evidence about the others.
    `
class Bar extends Component {
  constructor(player) {
    super(player);
    this.on(this.player_, 'ended', this.update);
    this.on(this.player_, 'seeked', this.onSeeked);
  }
  dispose() {
    this.off(this.player_, 'ended', this.update);
    super.dispose();
  }
}`,
    // The getter's result is kept and every listener on it removed in the dispose callback.
    `
class Tech extends Component {
  emulate() {
    const tracks = this.textTracks();
    const remote = this.remoteTracks();
    const onAdd = (e) => tracks.add(e.track);
    const onChange = () => this.trigger('change');
    remote.on('addtrack', onAdd);
    tracks.addEventListener('change', onChange);
    this.on('dispose', () => {
      remote.off('addtrack', onAdd);
      tracks.removeEventListener('change', onChange);
    });
  }
}`,
    // A field the instance creates itself dies with it.
    `
class Viewer {
  connect(url) {
    this.socket = new WebSocket(url);
    this.socket.addEventListener('message', this.onMessage);
    this.bus.on('refresh', this.onRefresh);
  }
  dispose() {
    this.bus.off('refresh', this.onRefresh);
  }
}`,
    // The other listeners of the method are on another target: no evidence about this one.
    `
class Panel {
  show() {
    this.header.on('click', this.toggle);
    window.addEventListener('resize', this.layout);
  }
  dispose() {
    window.removeEventListener('resize', this.layout);
  }
}`,
    // Leaflet-style object-literal class: every map listener removed in onRemove, with its context.
    {
      code: `
export const Marker = Layer.extend({
  onAdd(map) { this._map = map; this._bind(); },
  _bind() {
    this._map.on('mousemove', this._onMove, this);
    this._map.on('click', this._onClick, this);
  },
  onRemove() {
    this._map.off('mousemove', this._onMove, this);
    this._map.off('click', this._onClick, this);
  },
});`,
      ...espreeModule,
    },
    // `DomEvent.on(el, 'click', fn, ctx)`: the element comes first; removed with the same shape.
    {
      code: `
export const Drag = Handler.extend({
  addHooks() { DomEvent.on(document, 'touchmove', this._onMove, this); },
  removeHooks() { DomEvent.off(document, 'touchmove', this._onMove, this); },
  destroy() {},
});`,
      ...espreeModule,
    },
    // A handler kept on the instance through an alias of \`this\`, removed by a teardown helper's callback.
    {
      code: `
function Client(url) { this.url = url; }
Client.prototype.initialise = function initialise() {
  var client = this;
  client.onOffline = function offline() { client.end(); };
  window.addEventListener('offline', client.onOffline, false);
};
Client.prototype.destroy = destroyer('url socket', {
  after: [function detach() { window.removeEventListener('offline', this.onOffline); }],
});`,
      ...espreeModule,
    },
  ],
  invalid: [
    // Control: the same prototype class whose teardown helper forgets the listener.
    {
      code: `
function Client(url) { this.url = url; }
Client.prototype.initialise = function initialise() {
  var client = this;
  client.onOffline = function offline() { client.end(); };
  window.addEventListener('offline', client.onOffline, false);
};
Client.prototype.destroy = destroyer('url socket', {
  after: [function detach() { window.removeEventListener('online', this.onOnline); }],
});`,
      ...espreeModule,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'missingRemoval', line: 6, column: 3 }],
    },
    // The teardown calls `on` where `off` was meant: the listener is added again, never removed.
    {
      code: `
class SeekBar extends Slider {
  constructor(player) {
    super(player);
    this.on(this.player_.tracker, 'edgechange', this.update);
    this.on(this.player_, ['ended', 'pause'], this.update);
  }
  dispose() {
    this.off(this.player_, ['pause', 'ended'], this.update);
    this.on(this.player_.tracker, 'edgechange', this.update);
    super.dispose();
  }
}`,
      errors: [{ messageId: 'addedAgainInTeardown', line: 5, column: 5 }],
    },
    // A getter's result, never removed, while the dispose callback removes the method's other listener.
    {
      code: `
class Tech extends Component {
  emulate() {
    const tracks = this.textTracks();
    this.remoteTracks().on('addtrack', (e) => tracks.add(e.track));
    const onChange = () => this.trigger('change');
    tracks.addEventListener('change', onChange);
    this.on('dispose', () => {
      tracks.removeEventListener('change', onChange);
    });
  }
}`,
      errors: [{ messageId: 'unmatchableHandler', line: 5, column: 5 }],
    },
    // Object-literal class whose onRemove() removes the map's 'click' listener and forgets 'mousemove'.
    {
      code: `
export const Marker = Layer.extend({
  onAdd(map) { this._map = map; this._bind(); },
  _bind() {
    this._map.on('mousemove', this._onMove, this);
    this._map.on('click', this._onClick, this);
  },
  onRemove() {
    this._map.off('click', this._onClick, this);
  },
});`,
      ...espreeModule,
      errors: [{ messageId: 'missingRemoval', line: 5, column: 5 }],
    },
    // The same in an ES class with dispose().
    {
      code: `
class Overlay {
  attachEvents() {
    this.host.on('resize', this.layout);
    this.host.on('scroll', this.reposition);
  }
  dispose() {
    this.host.off('resize', this.layout);
  }
}`,
      errors: [{ messageId: 'missingRemoval', line: 5, column: 5 }],
    },
  ],
});
