import { fork, type ChildProcess } from 'node:child_process';

export class Supervisor {
  private agent: ChildProcess | undefined;
  private readonly port = new MessageChannel();

  start(): void {
    this.agent = fork('./agent.js');
    this.agent.on('message', (message) => this.port.port1.postMessage(message));
  }

  async dispose(): Promise<void> {
    this.port?.port1.close();
    this.agent?.kill();
  }
}
