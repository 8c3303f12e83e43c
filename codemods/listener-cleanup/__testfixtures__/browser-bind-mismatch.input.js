export class Carousel {
  constructor(root) {
    this.root = root;
    window.addEventListener('resize', this.layout.bind(this));
  }

  layout() {
    this.root.style.width = `${window.innerWidth}px`;
  }

  teardown() {
    window.removeEventListener('resize', this.layout);
  }
}
