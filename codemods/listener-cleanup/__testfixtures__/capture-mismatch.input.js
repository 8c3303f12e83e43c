export class Menu {
  onOutside = (event) => this.close(event);

  open() {
    document.addEventListener('click', this.onOutside, true);
  }

  close() {
    document.removeEventListener('click', this.onOutside);
  }
}
