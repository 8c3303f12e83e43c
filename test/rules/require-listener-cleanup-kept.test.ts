import rule from '../../rules/require-listener-cleanup.js';
import { ruleTester } from '../rule-tester.js';

// A method that keeps an object its caller hands it (in a field or a collection) and listens on it
// with a handler that holds the owner, in an owner whose teardown removes its other listeners but
// never goes through the kept objects, while another method removes it from one of them when it is
// dropped: each object still kept holds the ended owner.
ruleTester.run('require-listener-cleanup: listeners on objects the owner keeps', rule, {
  valid: [
    // The teardown goes through the kept layers and removes the listener from each.
    `
L.Control.Layers = L.Control.extend({
  onAdd: function (map) {
    this._map = map;
    map.on('zoomend', this._checkDisabledLayers, this);
  },
  onRemove: function () {
    this._map.off('zoomend', this._checkDisabledLayers, this);
    for (var id in this._layers) {
      this._layers[id].layer.off('add remove', this._onLayerChange, this);
    }
  },
  _addLayer: function (layer, name) {
    layer.on('add remove', this._onLayerChange, this);
    this._layers[L.stamp(layer)] = { layer: layer, name: name };
  },
});`,
    // The teardown removes nothing: no sign that the owner ends before what it keeps.
    `
L.Control.Layers = L.Control.extend({
  onRemove: function () {
    this._container = null;
  },
  _addLayer: function (layer, name) {
    layer.on('add remove', this._onLayerChange, this);
    this._layers[L.stamp(layer)] = { layer: layer, name: name };
  },
});`,
    // The parameter is not kept: a per-call object.
    `
export class Hub {
  private server: Server | null = null;
  attach(server: Server): void {
    this.server = server;
    server.on('close', this.onClose);
  }
  onClient(client: Client): void {
    client.on('message', (message) => this.route(message));
  }
  close(): void {
    this.server?.off('close', this.onClose);
  }
}`,
    // Kept and listened on, but removed nowhere: the kept objects may well die with the owner.
    `
export class Hub {
  private clients = new Set<Client>();
  constructor(private readonly server: Server) {
    server.on('connection', this.onConnection);
  }
  add(client: Client): void {
    this.clients.add(client);
    client.on('message', (message) => this.route(message));
  }
  close(): void {
    this.server.off('connection', this.onConnection);
  }
}`,
  ],
  invalid: [
    // Leaflet's layers control: onRemove() removes its map listener, not the layers' ones.
    {
      code: `
L.Control.Layers = L.Control.extend({
  onAdd: function (map) {
    this._map = map;
    map.on('zoomend', this._checkDisabledLayers, this);
  },
  onRemove: function () {
    this._map.off('zoomend', this._checkDisabledLayers, this);
  },
  removeLayer: function (layer) {
    layer.off('add remove', this._onLayerChange, this);
    delete this._layers[L.stamp(layer)];
  },
  _addLayer: function (layer, name) {
    layer.on('add remove', this._onLayerChange, this);
    this._layers[L.stamp(layer)] = { layer: layer, name: name };
  },
});`,
      errors: [{ messageId: 'missingTeardownRemoval', line: 15, column: 5 }],
    },
    // The same in a class: remove() drops one client's listener, close() none of them.
    {
      code: `
export class Hub {
  private clients = new Set<Client>();
  constructor(private readonly server: Server) {
    server.on('connection', this.onConnection);
  }
  add(client: Client): void {
    this.clients.add(client);
    client.on('message', this.onMessage);
  }
  remove(client: Client): void {
    client.off('message', this.onMessage);
  }
  close(): void {
    this.server.off('connection', this.onConnection);
  }
}`,
      errors: [{ messageId: 'missingTeardownRemoval', line: 9, column: 5 }],
    },
  ],
});
