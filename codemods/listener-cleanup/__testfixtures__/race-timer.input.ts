export async function fetchWithTimeout(url: string, ms: number): Promise<Response> {
  const response = await Promise.race([
    fetch(url),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms)),
  ]);
  return response;
}
