export class Clean {
  private readonly onResize = () => this.layout();

  constructor() {
    window.addEventListener('resize', this.onResize);
  }

  layout(): void {}

  dispose(): void {
    window.removeEventListener('resize', this.onResize);
  }
}
