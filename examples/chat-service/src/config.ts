export interface ChatConfig {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  historyHost: string;
  historyPort: number;
  heartbeatMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ChatConfig {
  return {
    port: Number(env.PORT ?? 8080),
    historyHost: env.HISTORY_HOST ?? '127.0.0.1',
    historyPort: Number(env.HISTORY_PORT ?? 7070),
    heartbeatMs: Number(env.HEARTBEAT_MS ?? 30_000),
  };
}
