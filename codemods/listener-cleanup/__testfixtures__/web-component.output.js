class ThemeToggle extends HTMLElement {
  onThemeChange = (event) => {
    this.dataset.theme = event.detail;
  };

  connectedCallback() {
    window.matchMedia('(prefers-color-scheme: dark)');
    document.addEventListener('theme-change', this.onThemeChange);
  }

  disconnectedCallback() {
    document.removeEventListener('theme-change', this.onThemeChange);
  }
}

customElements.define('theme-toggle', ThemeToggle);
