// Module resolution hook: 'electron' (and only it) resolves to the fake next to this file.
const fakeElectron = new URL('./electron.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: fakeElectron, shortCircuit: true };
  return nextResolve(specifier, context);
}
