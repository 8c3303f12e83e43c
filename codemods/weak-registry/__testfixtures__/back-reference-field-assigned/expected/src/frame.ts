import { tabs } from './registry.js';
import { Tab } from './tab.js';

export class Frame {
  active: Tab | null = null;

  open(title: string): Tab {
    const tab = new Tab(title, new WeakRef(this));
    tabs.push(tab);
    return tab;
  }

  activate(tab: Tab): void {
    this.active = tab;
  }
}
