export interface Socket {
  readonly id: string;
  send(data: string): void;
  once(event: 'close', listener: () => void): this;
  once(event: 'message', listener: (data: string) => void): this;
  on(event: 'close', listener: () => void): this;
  on(event: 'message', listener: (data: string) => void): this;
}
