export const handlers: { owner: object; run(): void }[] = [];
