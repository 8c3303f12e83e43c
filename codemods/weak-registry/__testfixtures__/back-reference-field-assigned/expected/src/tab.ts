import type { Frame } from './frame.js';

export class Tab {
  private readonly frameRef: WeakRef<Frame>;

  constructor(readonly title: string, frame: WeakRef<Frame>) {
    this.frameRef = frame;
  }

  private get frame(): Frame | undefined {
    return this.frameRef.deref();
  }

  focus(): void {
    this.frame?.activate(this);
  }
}
