export async function fetchWithTimeout(url: string, ms: number): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const response = await Promise.race([
    fetch(url),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms))),
  ]).finally(() => clearTimeout(timer));
  return response;
}
