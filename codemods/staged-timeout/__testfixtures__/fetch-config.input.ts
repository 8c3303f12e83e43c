export async function bootstrap(configUrl: string) {
  const response = await fetch(configUrl);
  const flags = await fetch('https://flags.example.com/v1/flags');
  return { config: await response.json(), flags: await flags.json() };
}
