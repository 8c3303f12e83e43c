import rule from '../../rules/require-listener-cleanup.js';
import { ruleTester } from '../rule-tester.js';

// A dependency handed in at construction without a DI container is most often the instance's own
// creator (`new QualityController(this)`): what the instance registers on it once dies with it.
// The owner's teardown is the evidence that the target lives longer.
ruleTester.run('require-listener-cleanup (constructor-injected targets)', rule, {
  valid: [
    // A helper made for its conference listens on it in the constructor; dispose() stops its own timer.
    `
export class QualityController {
  constructor(conference, options) {
    this._conference = conference;
    this._conference.on('media-session-started', (session) => this.onSession(session));
    this._conference.rtc.on('constraints-changed', () => this.update());
  }
  dispose() { clearInterval(this._timer); }
}`,
    // Set-up methods without parameters, called by the creator once: the same one-to-one life.
    `
export class ConferenceEventManager {
  constructor(conference) { this.conference = conference; }
  setupChatRoomListeners() {
    const chatRoom = this.conference.room;
    this.conference.room.addListener('muc-joined', () => this.conference.emit('joined'));
    this.conference.room.addListener('kicked', (actor) => this.conference.emit('kicked', actor));
  }
}`,
    // A set-up method the constructor calls.
    `
export class Follower {
  constructor(source) { this.source = source; this.initEvents(); }
  initEvents() { this.source.on('update', () => this.refresh()); }
  destroy() { this.cache.clear(); }
}`,
  ],
  invalid: [
    // The teardown removes two listeners from the same dependency and forgets the others.
    {
      code: `
export class PeerConnection {
  constructor(signalingLayer) {
    this._signalingLayer = signalingLayer;
    this._signalingLayer.on('peer-muted', this._onPeerMuted);
    this._signalingLayer.on('source-muted', (name, muted) => this._sourceMuted(name, muted));
  }
  close() {
    this._signalingLayer.off('peer-muted', this._onPeerMuted);
  }
}`,
      errors: [{ messageId: 'unmatchableHandler', line: 6, column: 5 }],
    },
    // A set-up method called again on every reconnect adds the listener again each time.
    {
      code: `
export class Session {
  constructor(transport) { this.transport = transport; }
  setupEvents() { this.transport.on('message', (m) => this.handle(m)); }
  reconnect() { this.setupEvents(); }
  close() {}
}`,
      errors: [{ messageId: 'unmatchableHandler', line: 4, column: 19 }],
    },
    // A framework's container hands the same long-lived service to every component it creates.
    {
      code: `
@Component({ selector: 'app-cart' })
export class CartComponent {
  constructor(store) { this.store = store; }
  ngOnInit() { this.store.on('change', () => this.render()); }
}`,
      errors: [{ messageId: 'unmatchableHandler', line: 5, column: 16 }],
    },
  ],
});
