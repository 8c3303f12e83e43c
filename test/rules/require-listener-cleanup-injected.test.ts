import rule from '../../rules/require-listener-cleanup.js';
import { ruleTester } from '../rule-tester.js';

// A part of a dependency handed in at construction without a DI container (`this.conference.room`) is
// the dependency's to replace and end: what the instance registers on it once is reported only when
// the owner's teardown removes listeners from it (the evidence that the target lives longer).
ruleTester.run('require-listener-cleanup (constructor-injected targets)', rule, {
  valid: [
    // A helper made for its conference listens on the conference's parts; dispose() stops its own timer.
    `
export class QualityController {
  constructor(conference, options) {
    this._conference = conference;
    this._conference.rtc.on('constraints-changed', () => this.update());
    this._conference.room.on('joined', () => this.start());
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
    // A set-up method the constructor calls, in a class with no end of its own.
    `
export class Follower {
  constructor(source) { this.source = source; this.initEvents(); }
  initEvents() { this.source.on('update', () => this.refresh()); }
}`,
  ],
  invalid: [
    // The dependency itself: close() is the instance's end, and the dependency may outlive it.
    {
      code: `
export class Membership {
  constructor(peers) {
    this.peers = peers;
    this.peers.on('+peer', () => { this.count++; });
  }
  close() { this.count = 0; }
}`,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'unmatchableHandler', line: 5, column: 5 }],
    },
    // A part of the dependency, when the teardown removes other listeners from it.
    {
      code: `
export class Stats {
  constructor(conference) {
    this.conference = conference;
    this.conference.rtc.on('stats', this.onStats);
    this.conference.rtc.on('bitrate', (b) => this.bitrate = b);
  }
  dispose() { this.conference.rtc.off('stats', this.onStats); }
}`,
      errors: [{ messageId: 'unmatchableHandler', line: 6, column: 5 }],
    },
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
      options: [{ assumeOwnersEnd: true }],
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
