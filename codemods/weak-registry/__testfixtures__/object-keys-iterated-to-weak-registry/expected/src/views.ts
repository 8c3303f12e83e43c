import { WeakRegistry } from './lifeguard-runtime.js';

export interface Model {
  readonly id: string;
}

export class View {
  constructor(readonly model: Model) {}
  render(): string {
    return this.model.id;
  }
}

const views = new WeakRegistry<Model, View>();

export function mount(model: Model): View {
  const view = new View(model);
  views.set(model, view);
  return view;
}

export function renderAll(): string[] {
  return [...views.values()].map((view) => view.render());
}
