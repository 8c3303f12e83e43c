export class Carousel {
  boundLayout = this.layout.bind(this);

  constructor(root) {
    this.root = root;
    window.addEventListener('resize', this.boundLayout);
  }

  layout() {
    this.root.style.width = `${window.innerWidth}px`;
  }

  teardown() {
    window.removeEventListener('resize', this.boundLayout);
  }
}
