import type { Frame } from './frame.js';

export class Tab {
  private readonly frame: Frame;

  constructor(readonly title: string, frame: Frame) {
    this.frame = frame;
  }

  focus(): void {
    this.frame.activate(this);
  }
}
