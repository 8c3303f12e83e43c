class ThemeToggle extends HTMLElement {
  connectedCallback() {
    window.matchMedia('(prefers-color-scheme: dark)');
    document.addEventListener('theme-change', (event) => {
      this.dataset.theme = event.detail;
    });
  }
}

customElements.define('theme-toggle', ThemeToggle);
