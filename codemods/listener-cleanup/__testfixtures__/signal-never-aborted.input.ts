export class Viewer {
  private readonly controller = new AbortController();

  constructor() {
    window.addEventListener('scroll', () => this.render(), { signal: this.controller.signal });
  }

  render(): void {}

  dispose(): void {
    console.log('disposed');
  }
}
