// `node --import ./test/packaging/fake-electron/register.mjs out/main/index.js` runs the built
// main bundle with ./electron.mjs standing in for the 'electron' module.
import { register } from 'node:module';

register('./resolve-electron.mjs', import.meta.url);
