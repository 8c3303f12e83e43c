export class Tooltip {
  private readonly element: HTMLElement;

  constructor(element: HTMLElement) {
    this.element = element;
    window.addEventListener('resize', () => this.position());
    document.addEventListener('keydown', this.onKey, true);
  }

  private onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') this.hide();
  };

  position(): void {}
  hide(): void {}

  destroy(): void {
    document.removeEventListener('keydown', this.onKey);
    this.element.remove();
  }
}
