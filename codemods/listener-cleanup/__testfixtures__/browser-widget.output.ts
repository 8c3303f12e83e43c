export class Tooltip {
  private readonly element: HTMLElement;

  constructor(element: HTMLElement) {
    this.element = element;
    window.addEventListener('resize', this.onResize);
    document.addEventListener('keydown', this.onKey, true);
  }

  private onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') this.hide();
  };
  private readonly onResize = () => this.position();

  position(): void {}
  hide(): void {}

  destroy(): void {
    document.removeEventListener('keydown', this.onKey, true);
    this.element.remove();
    window.removeEventListener('resize', this.onResize);
  }
}
