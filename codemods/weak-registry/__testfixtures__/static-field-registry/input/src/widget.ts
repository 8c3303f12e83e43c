export class Widget {
  static readonly byId: Map<number, Widget> = new Map<number, Widget>();
  static #next = 0;

  static create(): Widget {
    const widget = new Widget(++Widget.#next);
    Widget.byId.set(widget.id, widget);
    return widget;
  }

  private constructor(readonly id: number) {}

  static lookup(id: number): Widget | undefined {
    return Widget.byId.get(id);
  }
}
